"""After entry: changes under review, profile edits, extension, expiry, contacts, removal."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text, update

from tests.agency_flow import graphql, mutate
from zhongjie.models import AgencyQualification
from zhongjie.server.scheduler import run_timed_jobs


async def test_key_fields_change_only_after_review(world) -> None:
    client, agency, people = world
    direct = await mutate(
        client,
        people.admin,
        "updateAgencyProfile",
        "agency { name }",
        {"agencyId": agency["id"], "introduction": "新简介"},
    )
    assert direct["errors"] == []
    requested = await mutate(
        client,
        people.admin,
        "requestAgencyChange",
        "changeRequest { id status changes }",
        {"agencyId": agency["id"], "name": "更名后的测绘公司", "reason": "更名"},
    )
    before = await graphql(
        client, None, '{{ agency(creditCode: "{}") {{ name }} }}'.format(agency["creditCode"])
    )
    assert before["data"]["agency"]["name"] == agency["name"]
    reviewed = await mutate(
        client,
        people.operator,
        "reviewAgencyChange",
        "changeRequest { status }",
        {"changeRequestId": requested["changeRequest"]["id"], "approve": True},
    )
    again = await mutate(
        client,
        people.operator,
        "reviewAgencyChange",
        "changeRequest { status }",
        {
            "changeRequestId": requested["changeRequest"]["id"],
            "approve": False,
            "reasons": ["INCOMPLETE_MATERIALS"],
        },
    )
    after = await graphql(
        client, None, '{{ agency(creditCode: "{}") {{ name }} }}'.format(agency["creditCode"])
    )
    assert requested["changeRequest"]["changes"] == {"name": "更名后的测绘公司"}
    assert reviewed["changeRequest"]["status"] == "APPROVED"
    assert again["errors"][0]["code"] == "NOT_ALLOWED"
    assert after["data"]["agency"]["name"] == "更名后的测绘公司"


async def test_an_expired_qualification_suspends_services_until_extended(world, database) -> None:
    client, agency, people = world
    async with database.transaction() as session:
        await session.execute(
            update(AgencyQualification)
            .where(AgencyQualification.certificate_number == f"SURV-{agency['creditCode'][-8:]}")
            .values(valid_until=date.today() - timedelta(days=1))
        )
    done = await run_timed_jobs(database, datetime.now(UTC))
    assert done is not None and done["expired_qualifications"] >= 1
    query = '{{ agency(creditCode: "{}") {{ qualifications {{ id verificationState }} services {{ status }} }} }}'.format(
        agency["creditCode"]
    )
    expired = (await graphql(client, people.operator, query))["data"]["agency"]
    assert expired["qualifications"][0]["verificationState"] == "EXPIRED"
    assert expired["services"] == [{"status": "SUSPENDED"}]
    public = await graphql(
        client,
        None,
        '{ agencies(first: 100, filter: {serviceItemCode: "ZJ-ZR-006"}) { edges { node { creditCode } } } }',
    )
    assert agency["creditCode"] not in {e["node"]["creditCode"] for e in public["data"]["agencies"]["edges"]}

    extended = await mutate(
        client,
        people.admin,
        "extendAgencyQualification",
        "agency { services { status } qualifications { verificationState } }",
        {
            "qualificationId": expired["qualifications"][0]["id"],
            "validUntil": str(date.today() + timedelta(days=200)),
        },
    )
    assert extended["agency"]["qualifications"] == [{"verificationState": "VERIFIED"}]
    assert extended["agency"]["services"] == [{"status": "ACTIVE"}]


async def test_removal_takes_the_agency_off_the_public_register(world) -> None:
    client, agency, people = world
    removed = await mutate(
        client,
        people.operator,
        "removeAgency",
        "agency { status services { status } }",
        {"agencyId": agency["id"], "reason": "FALSE_MATERIALS", "comment": "提供虚假材料"},
    )
    public = await graphql(
        client, None, '{{ agency(creditCode: "{}") {{ status }} }}'.format(agency["creditCode"])
    )
    assert removed["agency"] == {"status": "REMOVED", "services": [{"status": "SUSPENDED"}]}
    assert public["data"]["agency"] is None


async def test_business_contacts_are_authorised_by_the_agency_admin(world, test_issuer) -> None:
    client, agency, people = world
    organisation = (await graphql(client, people.admin, "{ viewer { organisation { code } } }"))["data"][
        "viewer"
    ]
    colleague = test_issuer.token(
        sub=f"colleague-{uuid.uuid4().hex[:6]}",
        org_code=organisation["organisation"]["code"],
        roles=["agency"],
    )
    user_id = (await graphql(client, colleague, "{ viewer { user { id } } }"))["data"]["viewer"]["user"]["id"]
    outsider = test_issuer.token(
        sub=f"outsider-{uuid.uuid4().hex[:6]}", org_code="SOMEWHEREELSE", roles=["agency"]
    )
    outsider_id = (await graphql(client, outsider, "{ viewer { user { id } } }"))["data"]["viewer"]["user"][
        "id"
    ]

    granted = await mutate(
        client,
        people.admin,
        "setAgencyContact",
        "agency { contacts { id } }",
        {"agencyId": agency["id"], "userId": user_id, "authorised": True},
    )
    refused = await mutate(
        client,
        people.admin,
        "setAgencyContact",
        "agency { id }",
        {"agencyId": agency["id"], "userId": outsider_id, "authorised": True},
    )
    by_colleague = await graphql(
        client,
        colleague,
        "mutation($input: SetAgencyContactInput!) { setAgencyContact(input: $input) { errors { code } } }",
        {"input": {"agencyId": agency["id"], "userId": user_id, "authorised": False}},
    )
    assert granted["agency"]["contacts"] == [{"id": user_id}]
    assert refused["errors"][0]["code"] == "NOT_FOUND"  # another organisation's user is hidden from it
    assert by_colleague["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_services_need_their_qualifications_and_an_active_item(world) -> None:
    client, agency, people = world
    needs_other = await mutate(
        client,
        people.admin,
        "offerAgencyService",
        "agency { id }",
        {"agencyId": agency["id"], "serviceItemCode": "ZJ-QX-002", "priceQuote": "800"},
    )
    unknown = await mutate(
        client,
        people.admin,
        "offerAgencyService",
        "agency { id }",
        {"agencyId": agency["id"], "serviceItemCode": "NO-SUCH", "priceQuote": "800"},
    )
    negative = await mutate(
        client,
        people.admin,
        "offerAgencyService",
        "agency { id }",
        {"agencyId": agency["id"], "serviceItemCode": "ZJ-ZR-007", "priceQuote": "-1"},
    )
    fine = await mutate(
        client,
        people.admin,
        "offerAgencyService",
        "agency { services { serviceItem { code } status } }",
        {"agencyId": agency["id"], "serviceItemCode": "ZJ-ZR-007", "feeReference": "按面积计费"},
    )
    assert needs_other["errors"][0]["code"] == "NOT_ALLOWED"
    assert unknown["errors"][0]["code"] == "NOT_ALLOWED"
    assert negative["errors"][0]["code"] == "INVALID"
    assert {"serviceItem": {"code": "ZJ-ZR-007"}, "status": "ACTIVE"} in fine["agency"]["services"]


async def test_timed_jobs_run_once_at_a_time_on_postgresql(database) -> None:
    if database.backend != "postgresql":
        pytest.skip("the advisory lock is PostgreSQL's")
    async with database.transaction() as session:
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": 0x5A4A_0001})
        assert await run_timed_jobs(database, datetime.now(UTC)) is None
    assert await run_timed_jobs(database, datetime.now(UTC)) is not None


async def test_practitioners_are_validated(world) -> None:
    client, agency, people = world
    bad = await mutate(
        client,
        people.admin,
        "addAgencyPractitioner",
        "agency { id }",
        {"agencyId": agency["id"], "name": "王五", "idCardNumber": "110105194912310021"},
    )
    assert bad["errors"][0]["field"] == ["input", "idCardNumber"]
