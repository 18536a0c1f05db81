"""Projects from purchase application to announced result, through GraphQL with real tokens."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from tests.agency_flow import graphql
from tests.apps import http, static_key_app
from tests.project_flow import (
    act,
    application,
    close_signups,
    create,
    new_owner,
    operator_token,
    published,
    run,
)
from zhongjie.models import Project, ProjectSignup

DETAIL = """query($code: String!) { project(code: $code) { code status fundingType tradeMode budget
  announcements { kind title publishedAt closesAt }
  signupCount signups { agency { creditCode } }
  result { agency { creditCode } announcedAt publicityEndsAt reason }
  history { action actorRole fromStatus toStatus } } }"""
SIGN_UP = "signup { signedUpAt agency { creditCode } } project { status }"


@pytest.mark.parametrize(
    ("funding", "overrides"),
    [
        ("FISCAL", {}),
        (
            "SOCIAL",
            {
                "fundingType": "SOCIAL",
                "tradeMode": "DIRECT_PURCHASE",
                "budget": "2500000.00",
                "priceCeiling": "2000000.00",
                "investmentProjectCode": None,
            },
        ),
    ],
)
async def test_from_draft_to_announced_result(world, database, test_issuer, funding, overrides) -> None:
    client, agency, people = world
    owner, operator = new_owner(test_issuer), operator_token(test_issuer)
    project = await published(client, owner, operator, **overrides)
    assert project["status"] == "PUBLISHED" and project["signupDeadline"] > project["publishedAt"]

    signed = await run(
        client, people.admin, "signUpForProject", "ProjectSignupInput", {"projectId": project["id"]}, SIGN_UP
    )
    assert signed["errors"] == [] and signed["signup"]["agency"]["creditCode"] == agency["creditCode"]

    # before the close: the owner sees only the count, the public nothing, the operator who
    as_owner = (await graphql(client, owner.token, DETAIL, {"code": project["code"]}))["data"]["project"]
    as_public = await graphql(client, None, DETAIL, {"code": project["code"]})
    as_operator = (await graphql(client, operator, DETAIL, {"code": project["code"]}))["data"]["project"]
    assert as_owner["signupCount"] == 1 and as_owner["signups"] == []
    assert (
        as_public["data"]["project"]["signups"] == [] and as_public["data"]["project"]["signupCount"] is None
    )
    assert "Project.signupCount" in as_public["extensions"]["visibility"]
    assert as_operator["signups"] == [{"agency": {"creditCode": agency["creditCode"]}}]

    await close_signups(database, project["code"])
    selected = await run(
        client,
        owner.token,
        "selectProjectAgency",
        "SelectProjectAgencyInput",
        {"projectId": project["id"], "agencyId": agency["id"], "reason": "经比选报价最优"},
    )
    assert selected["errors"] == [] and selected["project"]["status"] == "RESULT_ANNOUNCED"

    public = (await graphql(client, None, DETAIL, {"code": project["code"]}))["data"]["project"]
    assert public["fundingType"] == funding
    assert public["result"]["agency"]["creditCode"] == agency["creditCode"]
    assert public["result"]["publicityEndsAt"] > public["result"]["announcedAt"]
    assert public["signups"] == [{"agency": {"creditCode": agency["creditCode"]}}]
    assert [notice["kind"] for notice in public["announcements"]] == ["PURCHASE", "RESULT"]
    assert public["announcements"][1]["closesAt"] == public["result"]["publicityEndsAt"]
    history = (await graphql(client, owner.token, DETAIL, {"code": project["code"]}))["data"]["project"][
        "history"
    ]
    assert [entry["action"] for entry in history] == [
        "CREATE",
        "SUBMIT",
        "APPROVE",
        "PUBLISH",
        "CLOSE_SIGNUP",
        "SELECT",
    ]
    assert history[4]["actorRole"] == "system"


async def test_too_few_eligible_signups_fail_and_can_be_republished(world, database, test_issuer) -> None:
    client, _, _ = world
    owner, operator = new_owner(test_issuer), operator_token(test_issuer)
    project = await published(client, owner, operator)
    await close_signups(database, project["code"])
    failed = (await graphql(client, None, DETAIL, {"code": project["code"]}))["data"]["project"]
    assert failed["status"] == "FAILED"
    again = await act(client, operator, "republishProject", project["id"])
    assert again["errors"] == [] and again["project"]["status"] == "PUBLISHED"


async def test_ten_concurrent_signups_make_one_and_late_ones_are_refused(
    world, database, test_issuer
) -> None:
    client, _agency, people = world
    owner, operator = new_owner(test_issuer), operator_token(test_issuer)
    project = await published(client, owner, operator)
    others = [http(static_key_app(database, test_issuer)) for _ in range(2)]
    try:
        clients = [client, *others]
        payloads = await asyncio.gather(
            *(
                run(
                    clients[n % 3],
                    people.admin,
                    "signUpForProject",
                    "ProjectSignupInput",
                    {"projectId": project["id"]},
                    SIGN_UP,
                )
                for n in range(10)
            )
        )
    finally:
        for other in others:
            await other.aclose()
    assert sum(1 for payload in payloads if payload["errors"] == []) == 1
    assert {payload["errors"][0]["code"] for payload in payloads if payload["errors"]} == {"DUPLICATE"}
    async with database.session() as session:
        project_id = await session.scalar(select(Project.id).where(Project.code == project["code"]))
        assert await session.scalar(select(func.count()).where(ProjectSignup.project_id == project_id)) == 1

    withdrawn = await run(
        client,
        people.admin,
        "withdrawProjectSignup",
        "ProjectSignupInput",
        {"projectId": project["id"]},
        SIGN_UP,
    )
    assert withdrawn["errors"] == [] and withdrawn["signup"] is None
    # the deadline passed one second ago, by the server's clock
    async with database.transaction() as session:
        await session.execute(
            update(Project)
            .where(Project.id == project_id)
            .values(signup_deadline=datetime.now().astimezone() - timedelta(seconds=1))
        )
    late = await run(
        client, people.admin, "signUpForProject", "ProjectSignupInput", {"projectId": project["id"]}, SIGN_UP
    )
    assert late["errors"][0]["code"] == "NOT_ALLOWED" and "截止" in late["errors"][0]["message"]


async def test_drafts_are_the_owners_and_the_operators_only(world, test_issuer) -> None:
    client, _, people = world
    owner, other_owner, operator = new_owner(test_issuer), new_owner(test_issuer), operator_token(test_issuer)
    project = await create(client, owner)
    for token, visible in (
        (owner.token, True),
        (operator, True),
        (other_owner.token, False),
        (None, False),
        (people.admin, False),
    ):
        found = (await graphql(client, token, DETAIL, {"code": project["code"]}))["data"]["project"]
        assert (found is not None) is visible, token
    listed = await graphql(
        client, None, "{ projects(first: 100, filter: {statuses: [DRAFT]}) { totalCount } }"
    )
    assert listed["data"]["projects"]["totalCount"] == 0


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"budget": "5000000.00", "priceCeiling": "4000000.00"}, "budget", "NOT_ALLOWED"),
        (
            {"tradeMode": "DIRECT_PURCHASE", "budget": "150000.00", "priceCeiling": "100000.00"},
            "tradeMode",
            "NOT_ALLOWED",
        ),
        ({"scope": "仅限本地注册企业报名"}, "scope", "INVALID"),
        (
            {"requirements": [{"qualificationTypeCode": "SURVEYING", "minLevel": "甲级"}]},
            "requirements",
            "INVALID",
        ),
        ({"requirements": [{"qualificationTypeCode": "SAFETY_EVALUATION"}]}, "requirements", "INVALID"),
        ({"priceCeiling": "90000.00"}, "priceCeiling", "INVALID"),
        ({"priceFloor": "76000.00"}, "priceFloor", "INVALID"),
        ({"budget": "100.001"}, "budget", "INVALID"),
        ({"timeLimitDays": 99}, "timeLimitDays", "INVALID"),
        ({"serviceItemCode": "NO-SUCH-ITEM"}, "serviceItemCode", "NOT_ALLOWED"),
        ({"administrativeMatterCode": "370000-XK-0101"}, "administrativeMatterCode", "INVALID"),
        ({"investmentProjectCode": "2026-37"}, "investmentProjectCode", "INVALID"),
        ({"selectionMethod": "BEST_MERIT"}, "meritCriteria", "INVALID"),  # without criteria
        ({"regionCode": "999999"}, "regionCode", "INVALID"),
    ],
)
async def test_rules_of_the_application(world, test_issuer, overrides, field, code) -> None:
    client, _, _ = world
    payload = await run(
        client,
        new_owner(test_issuer).token,
        "createProject",
        "CreateProjectInput",
        {"project": {**application(), **overrides}},
    )
    assert payload["project"] is None
    assert payload["errors"][0]["code"] == code
    assert payload["errors"][0]["field"][:2] == ["input", field]


async def test_only_owners_create_projects(world, test_issuer) -> None:
    client, _, people = world
    payload = await run(
        client, people.admin, "createProject", "CreateProjectInput", {"project": application()}
    )
    assert payload["errors"][0]["code"] == "FORBIDDEN"
