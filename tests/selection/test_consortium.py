"""Consortiums (联合体): a lead and members sign up as one, eligible on their combined qualifications."""

from __future__ import annotations

import uuid

from tests.agency_flow import actors, admitted_agency, graphql
from tests.project_flow import close_signups, new_owner, operator_token, published, run

RADIATION = {"qualification": ("RADIATION_HEALTH", "乙级"), "service_item": "ZJ-WJ-002"}
TESTING = {"qualification": ("INSPECTION_TESTING", None), "service_item": "ZJ-HJ-004"}
PROJECT = {  # needs both: RADIATION_HEALTH:乙级 and INSPECTION_TESTING
    "serviceItemCode": "ZJ-WJ-003",
    "administrativeMatterCode": None,
    "tradeMode": "CONSORTIUM",
    "title": "某医院放射诊疗设备性能与防护检测",
    "scope": "对医院 3 台放射诊疗设备开展性能与防护检测，出具检测报告。",
}
SIGN_UP = "signup { agency { creditCode } members { creditCode } } project { id }"


async def _agency(client, database, issuer, kind: dict):
    people = actors(issuer, f"ORG{uuid.uuid4().hex[:8].upper()}", f"admin-{uuid.uuid4().hex[:8]}")
    agency = await admitted_agency(client, database, people, **kind)
    assert agency["status"] == "ACTIVE", agency
    return agency, people


async def test_combined_qualifications_make_a_consortium_eligible_and_a_lone_member_is_not(
    client, database, test_issuer
) -> None:
    owner, operator = new_owner(test_issuer), operator_token(test_issuer)
    project = await published(client, owner, operator, **PROJECT)
    radiation, radiation_people = await _agency(client, database, test_issuer, RADIATION)
    testing, testing_people = await _agency(client, database, test_issuer, TESTING)

    alone = await run(
        client,
        radiation_people.admin,
        "signUpForProject",
        "ProjectSignupInput",
        {"projectId": project["id"]},
        SIGN_UP,
    )
    assert [e["code"] for e in alone["errors"]] == ["REQUIRED"]  # a consortium project needs its members
    lone = await run(
        client,
        testing_people.admin,
        "signUpForProject",
        "ProjectSignupInput",
        {"projectId": project["id"], "memberCreditCodes": [testing["creditCode"]]},
        SIGN_UP,
    )
    assert [e["code"] for e in lone["errors"]] == ["INVALID"]  # naming itself is no consortium

    together = await run(
        client,
        radiation_people.admin,
        "signUpForProject",
        "ProjectSignupInput",
        {"projectId": project["id"], "memberCreditCodes": [testing["creditCode"]]},
        SIGN_UP,
    )
    assert together["errors"] == [], together["errors"]
    assert together["signup"]["members"] == [{"creditCode": testing["creditCode"]}]

    other, other_people = await _agency(client, database, test_issuer, RADIATION)
    short = await run(
        client,
        other_people.admin,
        "signUpForProject",
        "ProjectSignupInput",
        {"projectId": project["id"], "memberCreditCodes": [radiation["creditCode"]]},
        SIGN_UP,
    )
    assert [e["code"] for e in short["errors"]] == [
        "NOT_ALLOWED"
    ]  # two radiation agencies lack the testing one
    assert other["creditCode"] != radiation["creditCode"]

    await close_signups(database, project["code"])
    query = "query($code: String!) { project(code: $code) { status } }"
    closed = await graphql(client, None, query, {"code": project["code"]})
    assert closed["data"]["project"]["status"] == "SELECTION"  # the consortium counts as one eligible sign-up


async def test_members_are_refused_on_projects_that_are_not_consortiums(
    client, database, test_issuer
) -> None:
    owner, operator = new_owner(test_issuer), operator_token(test_issuer)
    project = await published(client, owner, operator)
    lead, lead_people = await _agency(client, database, test_issuer, {})
    member, _ = await _agency(client, database, test_issuer, {})
    refused = await run(
        client,
        lead_people.admin,
        "signUpForProject",
        "ProjectSignupInput",
        {"projectId": project["id"], "memberCreditCodes": [member["creditCode"]]},
        SIGN_UP,
    )
    assert [(e["code"], e["field"]) for e in refused["errors"]] == [
        ("INVALID", ["input", "memberCreditCodes"])
    ]
    assert lead["creditCode"] != member["creditCode"]
