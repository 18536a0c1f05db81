"""Trade modes (交易模式) and the selection methods they allow."""

from __future__ import annotations

import uuid

import pytest

from tests.agency_flow import actors, admitted_agency, graphql
from tests.project_flow import application, close_signups, new_owner, operator_token, published, run

MERIT = [{"criterion": "PLAN", "weight": 60}, {"criterion": "EXPERIENCE", "weight": 40}]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"tradeMode": "DIRECT_PURCHASE", "selectionMethod": "RANDOM"}, "selectionMethod"),
        ({"tradeMode": "REWARD", "selectionMethod": "AVERAGE_PRICE"}, "selectionMethod"),
        (
            {
                "tradeMode": "REWARD",
                "selectionMethod": "BEST_MERIT",
                "meritCriteria": [{"criterion": "PRICE", "weight": 50}, {"criterion": "PLAN", "weight": 50}],
                "priceCeiling": "80000.00",
            },
            "meritCriteria",
        ),
        ({"tradeMode": "REWARD", "selectionMethod": "BEST_MERIT", "meritCriteria": MERIT}, "priceCeiling"),
        ({"batchCode": "PC-0001"}, "batchCode"),
    ],
    ids=[
        "direct purchase drawn",
        "reward by price",
        "reward with a price criterion",
        "reward without a fixed fee",
        "a batch code outside a batch",
    ],
)
async def test_trade_modes_refuse_what_does_not_fit(client, test_issuer, overrides, field) -> None:
    payload = await run(
        client,
        new_owner(test_issuer).token,
        "createProject",
        "CreateProjectInput",
        {"project": application(**overrides)},
    )
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("INVALID", ["input", field])]


async def test_a_reward_competes_on_merit_at_a_fixed_fee(client, test_issuer) -> None:
    fields = application(
        tradeMode="REWARD",
        selectionMethod="BEST_MERIT",
        meritCriteria=MERIT,
        budget="80000.00",
        priceCeiling="80000.00",
    )
    payload = await run(
        client, new_owner(test_issuer).token, "createProject", "CreateProjectInput", {"project": fields}
    )
    assert payload["errors"] == [] and payload["project"]["status"] == "DRAFT"


async def test_one_selection_serves_every_project_of_a_batch(client, database, test_issuer) -> None:
    owner, operator = new_owner(test_issuer), operator_token(test_issuer)
    batch = f"PC-{uuid.uuid4().hex[:8].upper()}"
    first = await published(client, owner, operator, tradeMode="BATCH", batchCode=batch)
    second = await published(
        client, owner, operator, tradeMode="BATCH", batchCode=batch, title="某住宅项目二期房产测绘"
    )
    other_owner = await run(
        client,
        new_owner(test_issuer).token,
        "createProject",
        "CreateProjectInput",
        {"project": application(tradeMode="BATCH", batchCode=batch)},
    )
    assert [(e["code"], e["field"]) for e in other_owner["errors"]] == [("INVALID", ["input", "batchCode"])]

    people = actors(test_issuer, f"ORG{uuid.uuid4().hex[:8].upper()}", f"admin-{uuid.uuid4().hex[:8]}")
    agency = await admitted_agency(client, database, people)
    for project in (first, second):
        await run(
            client,
            people.admin,
            "signUpForProject",
            "ProjectSignupInput",
            {"projectId": project["id"]},
            "project { id }",
        )
    for project in (first, second):
        await close_signups(database, project["code"])
    selected = await run(
        client,
        owner.token,
        "selectProjectAgency",
        "SelectProjectAgencyInput",
        {"projectId": first["id"], "agencyId": agency["id"], "reason": "批量选取"},
    )
    assert selected["errors"] == []
    query = "query($code: String!) { project(code: $code) { status batchCode result { agency { creditCode } reason } } }"
    follower = (await graphql(client, None, query, {"code": second["code"]}))["data"]["project"]
    assert follower["status"] == "RESULT_ANNOUNCED" and follower["batchCode"] == batch
    assert follower["result"]["agency"]["creditCode"] == agency["creditCode"]
    assert first["code"] in follower["result"]["reason"]
