"""Average-price selection (均价选取) through GraphQL: sealed offers, opening, next-ranked after a withdrawal."""

from __future__ import annotations

import uuid

from tests.agency_flow import actors, graphql
from tests.awards.award_flow import mutate
from tests.project_flow import close_signups, new_owner, operator_token, published, signed_up_agency

OFFERS = """query($code: String!) { project(code: $code) { status
  result { agency { creditCode } reason } offers { price agency { creditCode } } } }"""
OFFER = ("submitOffer", "SubmitOfferInput")
OFFER_FIELDS = "offer { price }"


async def test_sealed_offers_open_by_the_average_price_rule(client, database, test_issuer) -> None:
    owner, operator = new_owner(test_issuer), operator_token(test_issuer)
    project = await published(client, owner, operator, selectionMethod="AVERAGE_PRICE", priceFloor="30000.00")
    bidders = []
    for price in ("60000.00", "50000.00", "70000.00"):  # mean 60,000: the first one wins
        agency, people = await signed_up_agency(client, database, test_issuer, project["id"])
        offered = await mutate(
            client, people.admin, *OFFER, {"projectId": project["id"], "price": price}, OFFER_FIELDS
        )
        assert offered["errors"] == [] and offered["offer"]["price"] == price
        bidders.append((agency, people))
    revised = await mutate(
        client, bidders[2][1].admin, *OFFER, {"projectId": project["id"], "price": "72000.00"}, OFFER_FIELDS
    )
    assert revised["errors"] == []  # replaced before the deadline: mean 60,666.67, still the first closest
    for price, code in (("80000.00", "INVALID"), ("20000.00", "INVALID"), ("60000.123", "INVALID")):
        refused = await mutate(
            client, bidders[0][1].admin, *OFFER, {"projectId": project["id"], "price": price}, OFFER_FIELDS
        )
        assert [e["code"] for e in refused["errors"]] == [code], price
    outsider = actors(test_issuer, f"ORG{uuid.uuid4().hex[:8].upper()}", f"admin-{uuid.uuid4().hex[:8]}")
    refused = await mutate(
        client, outsider.admin, *OFFER, {"projectId": project["id"], "price": "60000.00"}, OFFER_FIELDS
    )
    assert [e["code"] for e in refused["errors"]] == ["FORBIDDEN"]

    # sealed: nobody but each agency sees an offer, the owner and the operator included
    for token in (None, owner.token, operator):
        assert (await graphql(client, token, OFFERS, {"code": project["code"]}))["data"]["project"][
            "offers"
        ] == []
    own = (await graphql(client, bidders[1][1].admin, OFFERS, {"code": project["code"]}))["data"]["project"][
        "offers"
    ]
    assert own == [{"price": "50000.00", "agency": {"creditCode": bidders[1][0]["creditCode"]}}]

    await close_signups(database, project["code"])
    late = await mutate(
        client, bidders[1][1].admin, *OFFER, {"projectId": project["id"], "price": "55000.00"}, OFFER_FIELDS
    )
    assert [e["code"] for e in late["errors"]] == ["NOT_ALLOWED"]
    opened = await mutate(
        client, owner.token, "openOffers", "ProjectActionInput", {"projectId": project["id"]}
    )
    assert opened["errors"] == [] and opened["project"]["status"] == "RESULT_ANNOUNCED"

    public = (await graphql(client, None, OFFERS, {"code": project["code"]}))["data"]["project"]
    assert public["result"]["agency"]["creditCode"] == bidders[0][0]["creditCode"]
    assert "60666.67" in public["result"]["reason"]
    assert sorted(offer["price"] for offer in public["offers"]) == ["50000.00", "60000.00", "72000.00"]

    withdrawn = await mutate(
        client,
        bidders[0][1].admin,
        "withdrawFromAward",
        "EndAwardInput",
        {"projectId": project["id"], "reason": "无法履约"},
    )
    assert withdrawn["project"]["status"] == "SELECTION"
    reopened = await mutate(
        client, operator, "openOffers", "ProjectActionInput", {"projectId": project["id"]}
    )
    assert reopened["errors"] == []
    next_ranked = (await graphql(client, None, OFFERS, {"code": project["code"]}))["data"]["project"]
    # the next closest to 60,666.67 of the original ranking: 50,000 is 10,666.67 away, 72,000 is 11,333.33
    assert next_ranked["result"]["agency"]["creditCode"] == bidders[1][0]["creditCode"]


async def test_too_few_offers_fail_the_project(client, database, test_issuer) -> None:
    owner, operator = new_owner(test_issuer), operator_token(test_issuer)
    project = await published(client, owner, operator, selectionMethod="AVERAGE_PRICE")
    for n in range(3):
        _agency, people = await signed_up_agency(client, database, test_issuer, project["id"])
        if n < 2:  # the third signs up but never offers
            await mutate(
                client, people.admin, *OFFER, {"projectId": project["id"], "price": "60000.00"}, OFFER_FIELDS
            )
    await close_signups(database, project["code"])
    assert (await graphql(client, None, OFFERS, {"code": project["code"]}))["data"]["project"][
        "status"
    ] == "FAILED"
