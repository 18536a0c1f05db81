"""Bidding (竞价选取) through GraphQL: sealed first offers, timed open rounds on server time, standings that
never name the best bidder, and 100 concurrent bids around the deadline."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from websockets.asyncio.client import connect

from tests.agency_flow import graphql
from tests.apps import http, served, static_key_app
from tests.awards.award_flow import at, mutate
from tests.project_flow import close_signups, new_owner, operator_token, published, signed_up_agency
from tests.ws_client import PROTOCOL, authorised, next_data, subscribe
from zhongjie.domain.selection.rules import Offer, bidding_ranking
from zhongjie.models import BiddingRoom, Project, ProjectOffer

STANDING = """query($code: String!) { biddingStanding(projectCode: $code) {
  round bestPrice ownPrice ownRank bidders closesAt } }"""
RESULT = """query($code: String!) { project(code: $code) { status result { agency { creditCode } reason }
  offers { price } } }"""
BID = ("submitBid", "SubmitBidInput")
FIELDS = "offer { price }"


async def _bidding(client, database, issuer, sealed: list[str]):
    owner, operator = new_owner(issuer), operator_token(issuer)
    project = await published(client, owner, operator, selectionMethod="BIDDING", priceFloor="30000.00")
    bidders = []
    for price in sealed:
        agency, people = await signed_up_agency(client, database, issuer, project["id"])
        offered = await mutate(
            client,
            people.admin,
            "submitOffer",
            "SubmitOfferInput",
            {"projectId": project["id"], "price": price},
            FIELDS,
        )
        assert offered["errors"] == []
        bidders.append((agency, people))
    await close_signups(database, project["code"])
    async with database.session() as session:
        room = await session.scalar(
            select(BiddingRoom)
            .join(Project, Project.id == BiddingRoom.project_id)
            .where(Project.code == project["code"])
        )
    return project, bidders, owner, operator, room


async def test_open_rounds_take_only_lower_bids_and_the_lowest_wins(client, database, test_issuer) -> None:
    project, bidders, owner, _operator, room = await _bidding(
        client, database, test_issuer, ["70000.00", "68000.00", "72000.00"]
    )
    (a, a_people), (_b, b_people), (c, c_people) = bidders
    pid = project["id"]
    async with at(database, test_issuer, room.opens_at + timedelta(seconds=60)) as round_one:
        assert (
            await mutate(round_one, a_people.admin, *BID, {"projectId": pid, "price": "67000.00"}, FIELDS)
        )["errors"] == []
        higher = await mutate(
            round_one, b_people.admin, *BID, {"projectId": pid, "price": "67500.00"}, FIELDS
        )
        assert [e["code"] for e in higher["errors"]] == ["INVALID"]
        below_floor = await mutate(
            round_one, c_people.admin, *BID, {"projectId": pid, "price": "29999.00"}, FIELDS
        )
        assert [e["code"] for e in below_floor["errors"]] == ["INVALID"]
        assert (
            await mutate(round_one, c_people.admin, *BID, {"projectId": pid, "price": "66000.00"}, FIELDS)
        )["errors"] == []
        seen_by_a = (await graphql(round_one, a_people.admin, STANDING, {"code": project["code"]}))["data"][
            "biddingStanding"
        ]
        assert seen_by_a["round"] == 1 and seen_by_a["bestPrice"] == "66000.00"
        assert (seen_by_a["ownPrice"], seen_by_a["ownRank"], seen_by_a["bidders"]) == ("67000.00", 2, 3)
        nosy = await graphql(round_one, owner.token, STANDING, {"code": project["code"]})
        assert [e["extensions"]["code"] for e in nosy["errors"]] == ["FORBIDDEN"]  # bidders only
        early = await mutate(round_one, owner.token, "openOffers", "ProjectActionInput", {"projectId": pid})
        assert [e["code"] for e in early["errors"]] == ["NOT_ALLOWED"]
        sealed = (await graphql(round_one, owner.token, RESULT, {"code": project["code"]}))["data"][
            "project"
        ]["offers"]
        assert sealed == []  # still sealed for the owner
    async with at(database, test_issuer, room.closes_at) as after:
        late = await mutate(after, a_people.admin, *BID, {"projectId": pid, "price": "60000.00"}, FIELDS)
        assert [e["code"] for e in late["errors"]] == ["NOT_ALLOWED"]
        opened = await mutate(after, owner.token, "openOffers", "ProjectActionInput", {"projectId": pid})
        assert opened["project"]["status"] == "RESULT_ANNOUNCED"
    public = (await graphql(client, None, RESULT, {"code": project["code"]}))["data"]["project"]
    assert (
        public["result"]["agency"]["creditCode"] == c["creditCode"]
        and "66000.00" in public["result"]["reason"]
    )
    assert sorted(o["price"] for o in public["offers"]) == [
        "66000.00",
        "67000.00",
        "68000.00",
        "70000.00",
        "72000.00",
    ]
    assert a["creditCode"] != c["creditCode"]


async def test_a_hundred_concurrent_bids_around_the_deadline(client, database, test_issuer) -> None:
    project, bidders, owner, _operator, room = await _bidding(
        client, database, test_issuer, ["74000.00", "74500.00", "73000.00", "73500.00"]
    )
    just_before = room.closes_at - timedelta(milliseconds=1)
    prices = [Decimal("72000.00") - Decimal(37) * n for n in range(100)]
    async with (
        at(database, test_issuer, just_before) as before,
        at(database, test_issuer, room.closes_at) as after,
    ):

        async def bid(n: int) -> dict:
            client = before if n % 4 else after  # a quarter arrive exactly at the deadline
            token = bidders[n % len(bidders)][1].admin
            return await mutate(
                client, token, *BID, {"projectId": project["id"], "price": f"{prices[n]:.2f}"}, FIELDS
            )

        answers = await asyncio.gather(*(bid(n) for n in range(100)))
        late = [answers[n] for n in range(100) if n % 4 == 0]
        assert all([e["code"] for e in answer["errors"]] == ["NOT_ALLOWED"] for answer in late)
        opened = await mutate(
            after, owner.token, "openOffers", "ProjectActionInput", {"projectId": project["id"]}
        )
        assert opened["errors"] == []
    accepted = [answer for answer in answers if answer["errors"] == []]
    assert accepted, "some bids must get in"
    async with database.session() as session:
        offers = list(
            await session.scalars(
                select(ProjectOffer)
                .join(Project, Project.id == ProjectOffer.project_id)
                .where(Project.code == project["code"], ProjectOffer.round > 0)
                .order_by(ProjectOffer.id)
            )
        )
    assert len(offers) == len(accepted)
    in_order = [offer.price for offer in offers]
    assert in_order == sorted(in_order, reverse=True) and len(set(in_order)) == len(
        in_order
    )  # only improving
    assert all(offer.submitted_at < room.closes_at for offer in offers)
    result = (await graphql(client, None, RESULT, {"code": project["code"]}))["data"]["project"]
    assert result["status"] == "RESULT_ANNOUNCED" and f"{min(in_order):.2f}" in result["result"]["reason"]


def test_bidding_ranking_keeps_each_agency_s_best_and_ties_go_to_the_earliest() -> None:
    start = datetime(2026, 11, 23)
    offers = [
        Offer("A", Decimal(100), start),
        Offer("B", Decimal(90), start + timedelta(seconds=1)),
        Offer("A", Decimal(90), start + timedelta(seconds=2)),
        Offer("C", Decimal(95), start + timedelta(seconds=3)),
    ]
    assert [(o.agency, o.price) for o in bidding_ranking(offers)] == [("B", 90), ("A", 90), ("C", 95)]


async def test_the_bidding_room_pushes_each_bidder_its_rank_and_the_best_price(
    client, database, test_issuer
) -> None:
    project, bidders, _owner, _operator, room = await _bidding(
        client, database, test_issuer, ["70000.00", "69000.00", "71000.00"]
    )
    (_a, a_people), (_b, b_people), _ = bidders
    moment = room.opens_at + timedelta(seconds=30)
    app = static_key_app(database, test_issuer, clock=lambda: moment, events_poll_seconds=30)
    subscription = """subscription($code: String!) { biddingRoom(projectCode: $code) {
      round bestPrice ownPrice ownRank bidders } }"""
    async with served(app) as address, http(app) as bidding_client:
        async with connect(f"ws://{address}/graphql", subprotocols=[PROTOCOL]) as socket:
            await authorised(socket, a_people.admin)
            await subscribe(socket, subscription, {"code": project["code"]})
            first = (await next_data(socket, 5))["biddingRoom"]
            assert first == {
                "round": 1,
                "bestPrice": "69000.00",
                "ownPrice": "70000.00",
                "ownRank": 2,
                "bidders": 3,
            }
            beaten = await mutate(
                bidding_client,
                b_people.admin,
                *BID,
                {"projectId": project["id"], "price": "68000.00"},
                FIELDS,
            )
            assert beaten["errors"] == []
            pushed = (await next_data(socket, 5))[
                "biddingRoom"
            ]  # woken by the bid's commit, not the 30 s poll
            assert pushed == {
                "round": 1,
                "bestPrice": "68000.00",
                "ownPrice": "70000.00",
                "ownRank": 2,
                "bidders": 3,
            }
            assert set(pushed) == {"round", "bestPrice", "ownPrice", "ownRank", "bidders"}


@given(
    st.lists(
        st.tuples(st.sampled_from("ABCDE"), st.integers(1, 50), st.integers(0, 1000)), min_size=1, max_size=30
    )
)
def test_bidding_ranking_properties(raw) -> None:
    """Each agency once, by its lowest then earliest offer; the winner holds the lowest price of all, and of
    the offers at that price the earliest."""
    start = datetime(2026, 11, 23)
    offers = [
        Offer(agency, Decimal(price), start + timedelta(seconds=second)) for agency, price, second in raw
    ]
    ranking = bidding_ranking(offers)
    assert sorted(o.agency for o in ranking) == sorted({o.agency for o in offers})
    lowest = min(o.price for o in offers)
    earliest_at_lowest = min(o.at for o in offers if o.price == lowest)
    assert (ranking[0].price, ranking[0].at) == (lowest, earliest_at_lowest)
    assert [(o.price, o.at) for o in ranking] == sorted((o.price, o.at) for o in ranking)
