"""Events whose payload lacks a key the `Event` type reads, or holds it as another JSON type.

Agency creations stored `{}` as their from-status (the empty snapshot before the agency existed), so
`fromStatus` of every `agency.create` answered INTERNAL; a string where an id belongs reached the loaders'
queries, which PostgreSQL refuses for an integer column. Such events are shown with the field null.
"""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from tests.agency_flow import AGENCY_FIELDS, actors, graphql, mutate, new_credit_code
from tests.apps import served_client
from tests.project_flow import new_owner, operator_token, published
from zhongjie.base.clock import utcnow
from zhongjie.domain.outbox.record import record_event
from zhongjie.models import Agency, DomainEvent, Project

FEED = """query($after: String, $types: [String!], $filter: EventFilter) {
  events(after: $after, first: 100, types: $types, filter: $filter) {
    endCursor hasMore
    events { type aggregate fromStatus toStatus agency { creditCode } project { code } party { id } enquiry { id } }
  } }"""


@pytest.fixture
async def client(app):
    """Over a real socket, as the hostile-request findings these tests regress were made."""
    async with served_client(app) as client:
        yield client


async def _events(client, token, **variables) -> list[dict]:
    """Every event of the feed the caller may see, page by page, failing on any error."""
    seen, after = [], None
    while True:
        result = await graphql(client, token, FEED, {**variables, "after": after})
        assert "errors" not in result, result["errors"]
        page = result["data"]["events"]
        seen += page["events"]
        after = page["endCursor"]
        if not page["hasMore"]:
            return seen


async def _new_agency(client, people) -> str:
    code = new_credit_code()
    await mutate(
        client,
        people.admin,
        "createAgencyApplication",
        f"agency {{ {AGENCY_FIELDS} }}",
        {
            "creditCode": code,
            "name": f"负载测试测绘有限公司{code[-6:]}",
            "legalRepresentative": "张三",
            "regionCode": "370100",
            "address": "济南市历下区经十路 1 号",
            "businessPhone": "13800138000",
        },
    )
    return code


async def _record(database, aggregate_type: str, key: int, event_type: str, payload: dict) -> None:
    """An event as an older version (or a hand-made repair) may have left it in the outbox."""
    async with database.transaction() as session:
        await record_event(
            session,
            aggregate_type=aggregate_type,
            aggregate_key=str(key),
            event_type=event_type,
            payload=payload,
            actor_user_id=None,
            actor_role="system",
            now=utcnow(),
        )


async def test_an_agency_creation_has_no_from_status(client, database, test_issuer) -> None:
    people = actors(test_issuer, f"ORG{uuid.uuid4().hex[:8].upper()}", f"admin-{uuid.uuid4().hex[:8]}")
    code = await _new_agency(client, people)
    wanted = {"types": ["agency.create"], "filter": {"creditCodes": [code]}}
    for token in (people.admin, people.operator):
        assert await _events(client, token, **wanted) == [
            {
                "type": "agency.create",
                "aggregate": "AGENCY",
                "fromStatus": None,
                "toStatus": "DRAFT",
                "agency": {"creditCode": code},
                "project": None,
                "party": None,
                "enquiry": None,
            }
        ]
    async with database.session() as session:
        agency_id = await session.scalar(select(Agency.id).where(Agency.credit_code == code))
        payload = await session.scalar(
            select(DomainEvent.payload).where(
                DomainEvent.aggregate_key == str(agency_id), DomainEvent.event_type == "agency.create"
            )
        )
    assert payload["from"] is None  # stored as JSON null, no longer as the empty snapshot `{}`


async def test_keys_of_another_json_type_are_shown_as_null(client, database, test_issuer) -> None:
    people = actors(test_issuer, f"ORG{uuid.uuid4().hex[:8].upper()}", f"admin-{uuid.uuid4().hex[:8]}")
    code = await _new_agency(client, people)
    owner, operator = new_owner(test_issuer), operator_token(test_issuer)
    project = await published(client, owner, operator)
    async with database.session() as session:
        agency_id = await session.scalar(select(Agency.id).where(Agency.credit_code == code))
        project_id = await session.scalar(select(Project.id).where(Project.code == project["code"]))
    # the shape agency creations had: the empty snapshot as the from-status
    await _record(
        database, "Agency", agency_id, "agency.edit", {"creditCode": code, "from": {}, "to": "DRAFT"}
    )
    # ids as a string, an object and a list, statuses as a number and a list, beside a valid status
    await _record(
        database,
        "Project",
        project_id,
        "project.signed_up",
        {
            "code": project["code"],
            "status": "PUBLISHED",
            "from": 7,
            "to": ["PUBLISHED"],
            "party": str(agency_id),
            "partyOrganisation": {"id": 1},
            "enquiry": [1],
        },
    )

    agency_events = await _events(
        client, people.operator, types=["agency.edit"], filter={"creditCodes": [code]}
    )
    assert [(e["fromStatus"], e["toStatus"], e["agency"]) for e in agency_events] == [
        (None, "DRAFT", {"creditCode": code})
    ]
    project_events = await _events(
        client, operator, types=["project.signed_up"], filter={"projectCodes": [project["code"]]}
    )
    assert [
        (e["fromStatus"], e["toStatus"], e["project"], e["party"], e["enquiry"]) for e in project_events
    ] == [(None, None, {"code": project["code"]}, None, None)]
