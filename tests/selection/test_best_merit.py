"""Best merit (择优选取): published weighted criteria, assigned scorers, the highest total wins, every score
published with the result; and the rule's properties."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.agency_flow import graphql
from tests.awards.award_flow import mutate
from tests.project_flow import (
    application,
    close_signups,
    new_owner,
    operator_token,
    published,
    run,
    signed_up_agency,
)
from zhongjie.domain.selection.rules import merit_ranking, merit_totals

CRITERIA = [
    {"criterion": "PRICE", "weight": 30},
    {"criterion": "PLAN", "weight": 40},
    {"criterion": "EXPERIENCE", "weight": 30},
]
RESULT = """query($code: String!) { project(code: $code) { status meritCriteria { criterion weight }
  result { agency { creditCode } reason }
  meritResult { total agency { creditCode } sheets { scorer scores } } } }"""


async def _user_id(client, token: str) -> str:
    return (await graphql(client, token, "{ viewer { user { id } } }"))["data"]["viewer"]["user"]["id"]


@pytest.mark.parametrize(
    "criteria",
    [
        None,
        [{"criterion": "PRICE", "weight": 50}, {"criterion": "PLAN", "weight": 40}],
        [{"criterion": "PRICE", "weight": 50}, {"criterion": "PRICE", "weight": 50}],
        [{"criterion": "PRICE", "weight": 110}, {"criterion": "PLAN", "weight": -10}],
    ],
    ids=["missing", "sum 90", "repeated", "negative"],
)
async def test_criteria_must_be_distinct_and_weigh_100(client, test_issuer, criteria) -> None:
    owner = new_owner(test_issuer)
    payload = await run(
        client,
        owner.token,
        "createProject",
        "CreateProjectInput",
        {"project": {**application(), "selectionMethod": "BEST_MERIT", "meritCriteria": criteria}},
    )
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("INVALID", ["input", "meritCriteria"])]


async def test_scorers_score_and_the_highest_total_wins(client, database, test_issuer) -> None:
    owner, operator = new_owner(test_issuer), operator_token(test_issuer)
    project = await published(client, owner, operator, selectionMethod="BEST_MERIT", meritCriteria=CRITERIA)
    bidders = []
    for _ in range(3):
        agency, people = await signed_up_agency(client, database, test_issuer, project["id"])
        bidders.append((agency, people))
    scorers = [
        test_issuer.token(
            sub=f"expert-{uuid.uuid4().hex[:8]}", org_code=f"EXPERT{n}{uuid.uuid4().hex[:6]}", roles=[]
        )
        for n in range(2)
    ]
    scorer_ids = [await _user_id(client, token) for token in scorers]
    by_owner = await mutate(
        client,
        owner.token,
        "assignScorers",
        "AssignScorersInput",
        {"projectId": project["id"], "scorerIds": scorer_ids},
    )
    # the experts are users the owner may not see: not found, before any rule could say it is forbidden
    assert [e["code"] for e in by_owner["errors"]] == ["NOT_FOUND"]
    assigned = await mutate(
        client,
        operator,
        "assignScorers",
        "AssignScorersInput",
        {"projectId": project["id"], "scorerIds": scorer_ids},
    )
    assert assigned["errors"] == []
    await close_signups(database, project["code"])

    sheets = {  # PRICE, PLAN, EXPERIENCE per bidder: totals 24+28+18 = 70, 21+34+22.5 = 77.5, 27+20+18 = 65
        0: {"PRICE": 80, "PLAN": 70, "EXPERIENCE": 60},
        1: {"PRICE": 70, "PLAN": 85, "EXPERIENCE": 75},
        2: {"PRICE": 90, "PLAN": 50, "EXPERIENCE": 60},
    }
    intruder = await mutate(
        client,
        bidders[0][1].admin,
        "scoreBidder",
        "ScoreBidderInput",
        {"projectId": project["id"], "agencyId": bidders[0][0]["id"], "scores": _scores(sheets[0])},
    )
    assert [e["code"] for e in intruder["errors"]] == ["FORBIDDEN"]
    partial = await mutate(
        client,
        scorers[0],
        "scoreBidder",
        "ScoreBidderInput",
        {"projectId": project["id"], "agencyId": bidders[0][0]["id"], "scores": _scores({"PRICE": 80})},
    )
    assert [e["code"] for e in partial["errors"]] == ["INVALID"]
    for token in scorers:
        for index, (agency, _) in enumerate(bidders):
            if token == scorers[1] and index == 2:
                continue  # one sheet missing
            scored = await mutate(
                client,
                token,
                "scoreBidder",
                "ScoreBidderInput",
                {"projectId": project["id"], "agencyId": agency["id"], "scores": _scores(sheets[index])},
            )
            assert scored["errors"] == []
    assert (await graphql(client, None, RESULT, {"code": project["code"]}))["data"]["project"][
        "meritResult"
    ] == []
    early = await mutate(
        client, owner.token, "rankBidders", "ProjectActionInput", {"projectId": project["id"]}
    )
    assert [e["code"] for e in early["errors"]] == ["NOT_ALLOWED"]
    await mutate(
        client,
        scorers[1],
        "scoreBidder",
        "ScoreBidderInput",
        {"projectId": project["id"], "agencyId": bidders[2][0]["id"], "scores": _scores(sheets[2])},
    )
    ranked = await mutate(
        client, owner.token, "rankBidders", "ProjectActionInput", {"projectId": project["id"]}
    )
    assert ranked["project"]["status"] == "RESULT_ANNOUNCED"

    public = (await graphql(client, None, RESULT, {"code": project["code"]}))["data"]["project"]
    assert public["result"]["agency"]["creditCode"] == bidders[1][0]["creditCode"]
    assert [(t["agency"]["creditCode"], t["total"]) for t in public["meritResult"]] == [
        (bidders[1][0]["creditCode"], "77.50"),
        (bidders[0][0]["creditCode"], "70.00"),
        (bidders[2][0]["creditCode"], "65.00"),
    ]
    assert {sheet["scorer"] for sheet in public["meritResult"][0]["sheets"]} == {1, 2}
    assert public["meritCriteria"] == CRITERIA


def _scores(sheet: dict[str, int]) -> list[dict]:
    return [{"criterion": criterion, "score": score} for criterion, score in sheet.items()]


weights_strategy = (
    st.lists(st.integers(min_value=1, max_value=97), min_size=3, max_size=3)
    .filter(lambda values: sum(values) <= 99)
    .map(lambda values: {"PRICE": values[0], "PLAN": values[1], "EXPERIENCE": 100 - values[0] - values[1]})
)
sheet_strategy = st.fixed_dictionaries({c: st.integers(0, 100) for c in ("PRICE", "PLAN", "EXPERIENCE")})


@given(
    weights_strategy,
    st.lists(sheet_strategy, min_size=1, max_size=5),
    st.sampled_from(["PRICE", "PLAN", "EXPERIENCE"]),
)
def test_a_total_lies_in_0_100_and_never_falls_when_a_score_rises(weights, sheets, criterion) -> None:
    total = merit_totals(weights, sheets)
    assert Decimal(0) <= total <= Decimal(100)
    raised = [dict(sheets[0], **{criterion: min(100, sheets[0][criterion] + 10)}), *sheets[1:]]
    assert merit_totals(weights, raised) >= total


def test_equal_totals_go_to_the_earlier_sign_up() -> None:
    assert merit_ranking({"B": Decimal(80), "A": Decimal(80), "C": Decimal(90)}, ["A", "B", "C"]) == [
        "C",
        "A",
        "B",
    ]
