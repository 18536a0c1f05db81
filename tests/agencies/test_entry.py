"""The whole entry path through GraphQL, with agency, operator and authority tokens, on both backends."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from sqlalchemy import func, select

from tests.agency_flow import AGENCY_FIELDS, actors, admitted_agency, graphql, mutate, new_credit_code
from tests.apps import http, static_key_app
from tests.auth.signing import TestIssuer
from zhongjie.models import Agency, DomainEvent

DETAIL = """query($code: String!) { agency(creditCode: $code) { status approvedAt businessPhone
  qualifications { id verificationState verificationMethod qualificationType { code } }
  services { status priceQuote serviceItem { code } }
  practitioners { name idCardNumber }
  history { action actorRole reasons comment } } }"""


def people(issuer: TestIssuer, sector: str = "自然资源"):
    return actors(issuer, f"ORG{uuid.uuid4().hex[:8].upper()}", f"admin-{uuid.uuid4().hex[:8]}", sector)


async def test_verified_by_the_e_license_registry_the_agency_is_admitted(app, database, test_issuer) -> None:
    who = people(test_issuer)
    async with http(app) as client:
        agency = await admitted_agency(client, database, who)
        detail = (await graphql(client, who.operator, DETAIL, {"code": agency["creditCode"]}))["data"][
            "agency"
        ]
        public = (await graphql(client, None, DETAIL, {"code": agency["creditCode"]}))["data"]["agency"]
    assert agency["status"] == "ACTIVE"
    assert detail["approvedAt"] is not None
    assert detail["qualifications"][0]["verificationState"] == "VERIFIED"
    assert detail["qualifications"][0]["verificationMethod"] == "e-license registry"
    assert detail["services"] == [
        {"status": "ACTIVE", "priceQuote": "3500.00", "serviceItem": {"code": "ZJ-ZR-006"}}
    ]
    assert [entry["action"] for entry in detail["history"]][-3:] == ["SUBMIT", "CONFIRM_COMPLETE", "APPROVE"]
    assert detail["history"][-1]["actorRole"] == "system"
    # the public sees the admitted agency, a masked phone, no practitioners, no history
    assert public["businessPhone"] == "138****8000"
    assert public["practitioners"] == [] and public["history"] == []


async def test_joint_review_by_the_sector_authority_admits_or_returns(app, database, test_issuer) -> None:
    who = people(test_issuer)
    async with http(app) as client:
        agency = await admitted_agency(client, database, who, with_license=False)
        assert agency["status"] == "QUALIFICATION_REVIEW"
        detail = (await graphql(client, who.operator, DETAIL, {"code": agency["creditCode"]}))["data"][
            "agency"
        ]
        qualification_id = detail["qualifications"][0]["id"]
        assert detail["qualifications"][0]["verificationState"] == "PENDING"

        # the operator may not return it now: only the authority decides on qualifications
        refused = await mutate(
            client,
            who.operator,
            "returnAgencyApplication",
            "agency { status }",
            {"agencyId": agency["id"], "reasons": ["INCOMPLETE_MATERIALS"]},
        )
        assert refused["agency"] is None and refused["errors"][0]["code"] == "NOT_ALLOWED"

        verified = await mutate(
            client,
            who.authority,
            "reviewAgencyQualification",
            "agency { status services { status } }",
            {"qualificationId": qualification_id, "verified": True, "comment": "核验无误"},
        )
    assert verified["agency"]["status"] == "ACTIVE"
    assert verified["agency"]["services"] == [{"status": "ACTIVE"}]


async def test_a_rejected_qualification_returns_the_application_which_can_be_resubmitted(
    app, database, test_issuer
) -> None:
    who = people(test_issuer)
    async with http(app) as client:
        agency = await admitted_agency(client, database, who, with_license=False)
        detail = (await graphql(client, who.operator, DETAIL, {"code": agency["creditCode"]}))["data"][
            "agency"
        ]
        rejected = await mutate(
            client,
            who.authority,
            "reviewAgencyQualification",
            "agency { status }",
            {
                "qualificationId": detail["qualifications"][0]["id"],
                "verified": False,
                "reasons": ["QUALIFICATION_NOT_FOUND"],
                "comment": "证照库无此证",
            },
        )
        assert rejected["agency"]["status"] == "RETURNED"
        edited = await mutate(
            client,
            who.admin,
            "updateAgencyApplication",
            "agency { address }",
            {"agencyId": agency["id"], "address": "济南市历下区经十路 2 号"},
        )
        assert edited["agency"]["address"] == "济南市历下区经十路 2 号"
        resubmitted = await mutate(
            client, who.admin, "submitAgencyApplication", "agency { status }", {"agencyId": agency["id"]}
        )
    assert resubmitted["agency"]["status"] == "SUBMITTED"


async def test_the_operator_returns_an_incomplete_application_with_fixed_reasons(app, test_issuer) -> None:
    who = people(test_issuer)
    async with http(app) as client:
        created = await mutate(
            client,
            who.admin,
            "createAgencyApplication",
            f"agency {{ {AGENCY_FIELDS} }}",
            {
                "creditCode": new_credit_code(),
                "name": "不完整机构",
                "legalRepresentative": "王五",
                "regionCode": "370102",
                "address": "济南",
                "businessPhone": "0531-88881234",
            },
        )
        agency_id = created["agency"]["id"]
        await mutate(
            client, who.admin, "submitAgencyApplication", "agency { status }", {"agencyId": agency_id}
        )
        no_reason = await mutate(
            client,
            who.operator,
            "returnAgencyApplication",
            "agency { status }",
            {"agencyId": agency_id, "reasons": []},
        )
        returned = await mutate(
            client,
            who.operator,
            "returnAgencyApplication",
            "agency { status }",
            {"agencyId": agency_id, "reasons": ["INCOMPLETE_MATERIALS"], "comment": "缺资质证书"},
        )
    assert no_reason["errors"][0]["code"] == "REQUIRED"
    assert returned["agency"]["status"] == "RETURNED"


async def test_an_authority_of_another_sector_cannot_review_and_nothing_changes(
    app, database, test_issuer
) -> None:
    who = people(test_issuer)
    weather_authority = actors(test_issuer, "X", "y", sector="气象").authority
    async with http(app) as client:
        agency = await admitted_agency(client, database, who, with_license=False)
        detail = (await graphql(client, who.operator, DETAIL, {"code": agency["creditCode"]}))["data"][
            "agency"
        ]
        result = await graphql(
            client,
            weather_authority,
            "mutation($input: ReviewAgencyQualificationInput!) { reviewAgencyQualification(input: $input) "
            "{ agency { status } errors { code } } }",
            {"input": {"qualificationId": detail["qualifications"][0]["id"], "verified": True}},
        )
        after = (await graphql(client, who.operator, DETAIL, {"code": agency["creditCode"]}))["data"][
            "agency"
        ]
    assert [error["extensions"]["code"] for error in result["errors"]] == ["FORBIDDEN"]
    assert after == detail


async def test_two_concurrent_applications_with_one_credit_code(app, database, test_issuer) -> None:
    code = new_credit_code()
    admins = [people(test_issuer).admin for _ in range(2)]
    query = (
        "mutation($input: CreateAgencyApplicationInput!) { createAgencyApplication(input: $input) "
        "{ agency { id } errors { code field } } }"
    )
    variables = {
        "input": {
            "creditCode": code,
            "name": "并发机构",
            "legalRepresentative": "赵六",
            "regionCode": "370100",
            "address": "济南",
            "businessPhone": "13800000000",
        }
    }
    async with http(app) as client, http(static_key_app(database, test_issuer)) as other:
        results = await asyncio.gather(
            graphql(client, admins[0], query, variables), graphql(other, admins[1], query, variables)
        )
    payloads = [result["data"]["createAgencyApplication"] for result in results]
    assert sorted(bool(payload["agency"]) for payload in payloads) == [False, True]
    refused = next(payload for payload in payloads if not payload["agency"])
    assert refused["errors"] == [{"code": "DUPLICATE", "field": ["input", "creditCode"]}]
    async with database.session() as session:
        assert await session.scalar(select(func.count()).where(Agency.credit_code == code)) == 1


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("creditCode", "91370100MA3C0000X0", "INVALID"),
        ("regionCode", "999999", "INVALID"),
        ("businessPhone", "call me", "INVALID"),
        ("name", "  ", "REQUIRED"),
    ],
)
async def test_bad_application_fields_are_user_errors_naming_the_field(
    app, test_issuer, field, value, code
) -> None:
    who = people(test_issuer)
    variables = {
        "creditCode": new_credit_code(),
        "name": "机构",
        "legalRepresentative": "张三",
        "regionCode": "370100",
        "address": "济南",
        "businessPhone": "13800000000",
        field: value,
    }
    async with http(app) as client:
        payload = await mutate(client, who.admin, "createAgencyApplication", "agency { id }", variables)
    assert payload["agency"] is None
    assert payload["errors"][0]["code"] == code and payload["errors"][0]["field"] == ["input", field]


async def test_every_change_is_recorded_as_history_and_event(app, database, test_issuer) -> None:
    who = people(test_issuer)
    async with http(app) as client:
        agency = await admitted_agency(client, database, who)
    async with database.session() as session:
        agency_id = await session.scalar(select(Agency.id).where(Agency.credit_code == agency["creditCode"]))
        events = list(
            await session.scalars(
                select(DomainEvent.event_type)
                .where(DomainEvent.aggregate_key == str(agency_id))
                .order_by(DomainEvent.id)
            )
        )
    assert events[0] == "agency.create" and events[-1] == "agency.approve"
    assert "agency.confirm_complete" in events


async def test_roles_are_enforced(app, database, test_issuer) -> None:
    who = people(test_issuer)
    owner = test_issuer.token(roles=["owner"], org_code="OWNERX")
    async with http(app) as client:
        agency = await admitted_agency(client, database, who, with_license=False)
        as_owner = await graphql(
            client,
            owner,
            "mutation($input: AgencyActionInput!) { confirmAgencyApplicationComplete(input: $input) "
            "{ errors { code } } }",
            {"input": {"agencyId": agency["id"]}},
        )
        anonymous = await graphql(
            client,
            None,
            "mutation($input: AgencyActionInput!) { submitAgencyApplication(input: $input) "
            "{ errors { code } } }",
            {"input": {"agencyId": agency["id"]}},
        )
    # an application in review is hidden from the owner, so it is not found rather than forbidden
    assert as_owner["data"]["confirmAgencyApplicationComplete"]["errors"] == [{"code": "NOT_FOUND"}]
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
