"""The change feed (`events` query): commit order, cursors, filters and visibility."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from sqlalchemy import text

from tests.agency_flow import actors, admitted_agency, graphql
from tests.apps import http, static_key_app
from tests.project_flow import announced, create, new_owner, operator_token, published
from zhongjie.events.feed import Position, read_events
from zhongjie.events.outbox import record_event
from zhongjie.models.base import utcnow

FEED = """query($after: String, $first: Int!, $types: [String!], $filter: EventFilter) {
  events(after: $after, first: $first, types: $types, filter: $filter) {
    endCursor hasMore
    events { cursor type aggregate sequence fromStatus toStatus project { code status } agency { creditCode } }
  } }"""


@pytest.fixture
async def client(database, test_issuer):
    async with http(static_key_app(database, test_issuer)) as client:
        yield client


async def _feed(client, token, **variables) -> dict:
    result = await graphql(client, token, FEED, {"first": 100, **variables})
    assert "errors" not in result, result["errors"]
    return result["data"]["events"]


async def _all(client, token, after: str | None = None, **variables) -> list[dict]:
    """Every event the caller may see, page by page."""
    seen = []
    while True:
        page = await _feed(client, token, after=after, **variables)
        seen += page["events"]
        after = page["endCursor"]
        if not page["hasMore"]:
            return seen


async def test_a_project_tells_its_lifecycle_in_order_and_drafts_only_to_their_owner(
    client, test_issuer
) -> None:
    owner, operator = new_owner(test_issuer), operator_token(test_issuer)
    draft = await create(client, owner)
    code_filter = {"filter": {"projectCodes": [draft["code"]]}}

    mine = await _all(client, owner.token, **code_filter)
    assert [(e["type"], e["sequence"], e["project"]["code"]) for e in mine] == [
        ("project.create", 1, draft["code"])
    ]
    assert await _all(client, None, **code_filter) == []  # a draft's events are as hidden as the draft

    other = await create(client, owner)
    project = await published(client, owner, operator)
    public = await _all(client, None, filter={"projectCodes": [project["code"], other["code"]]})
    # the public sees the change that made the project public, never the draft's changes
    assert [(e["type"], e["sequence"], e["fromStatus"], e["toStatus"]) for e in public] == [
        ("project.publish", 4, "APPROVED", "PUBLISHED")
    ]
    mine = await _all(client, owner.token, filter={"projectCodes": [project["code"]]})
    assert [(e["type"], e["sequence"], e["fromStatus"], e["toStatus"]) for e in mine] == [
        ("project.create", 1, None, "DRAFT"),
        ("project.submit", 2, "DRAFT", "SUBMITTED"),
        ("project.approve", 3, "SUBMITTED", "APPROVED"),
        ("project.publish", 4, "APPROVED", "PUBLISHED"),
    ]
    assert {e["project"]["status"] for e in mine} == {"PUBLISHED"}  # the subject as it is now


async def test_a_cursor_continues_exactly_after_its_event(client, test_issuer) -> None:
    owner, operator = new_owner(test_issuer), operator_token(test_issuer)
    project = await published(client, owner, operator)
    wanted = {"filter": {"projectCodes": [project["code"]]}}
    everything = await _all(client, owner.token, **wanted)
    assert len(everything) == 4
    rest = await _all(client, owner.token, after=everything[1]["cursor"], **wanted)
    assert rest == everything[2:]
    one = await _feed(client, owner.token, first=1, after=everything[0]["cursor"], **wanted)
    assert one["hasMore"] and one["endCursor"] is not None


async def test_types_and_filters_select_events(client, database, test_issuer) -> None:
    people = actors(test_issuer, f"ORG{uuid.uuid4().hex[:8].upper()}", f"admin-{uuid.uuid4().hex[:8]}")
    agency = await admitted_agency(client, database, people)
    owner, operator = new_owner(test_issuer), operator_token(test_issuer)
    investment = f"2026-370102-70-01-{uuid.uuid4().int % 1_000_000:06d}"
    project = await announced(
        client, database, owner, operator, agency, people.admin, investmentProjectCode=investment
    )

    results = await _all(
        client,
        None,
        types=["project.select"],
        filter={"investmentProjectCodes": [investment], "regions": ["370000"]},
    )
    assert [(e["type"], e["project"]["code"]) for e in results] == [("project.select", project["code"])]
    assert (
        await _all(
            client,
            None,
            types=["project.select"],
            filter={"investmentProjectCodes": [investment], "regions": ["440000"]},
        )
        == []
    )
    assert (
        await _all(
            client, None, filter={"investmentProjectCodes": [investment], "serviceItems": ["ZJ-ZR-006"]}
        )
        != []
    )
    assert (
        await _all(client, None, filter={"investmentProjectCodes": [investment], "serviceItems": ["ZJ-NONE"]})
        == []
    )

    agency_events = await _all(
        client, None, types=["agency.approve"], filter={"creditCodes": [agency["creditCode"]]}
    )
    assert [e["agency"]["creditCode"] for e in agency_events] == [agency["creditCode"]]


@pytest.mark.parametrize(
    ("variables", "field"),
    [
        ({"types": ["project.nonsense"]}, "types"),
        ({"after": "not-a-cursor"}, "after"),
        ({"first": 0}, "first"),
        ({"first": 101}, "first"),
        ({"filter": {"regions": ["37"]}}, "filter.regions"),
        ({"filter": {"projectCodes": [str(n) for n in range(101)]}}, "filter.projectCodes"),
    ],
)
async def test_bad_arguments_are_refused_with_a_code(client, variables, field) -> None:
    result = await graphql(client, None, FEED, {"first": 10, **variables})
    assert [e["extensions"]["code"] for e in result["errors"]] == ["BAD_USER_INPUT"]


async def test_an_event_committed_late_is_not_skipped(database) -> None:
    """A transaction that takes its id first but commits last: a reader that already moved past
    later events must still see it (PostgreSQL; SQLite has one writer at a time)."""
    if database.backend != "postgresql":
        pytest.skip("SQLite serialises writers, so commit order is id order there")
    key = f"late-{uuid.uuid4().hex[:8]}"

    async def write(session, name: str) -> None:
        await record_event(
            session,
            aggregate_type="Test",
            aggregate_key=f"{key}-{name}",
            event_type="test.written",
            payload={"name": name},
            actor_user_id=None,
            actor_role="system",
            now=utcnow(),
        )
        await session.flush()

    async with database.session() as reader:
        async with reader.begin():
            start = Position(
                *(await reader.execute(text("SELECT pg_current_xact_id()::text::bigint, 0"))).one()
            )
    early_open = asyncio.Event()
    release = asyncio.Event()

    async def early() -> None:
        async with database.transaction() as session:
            await write(session, "early")  # takes its transaction id now
            early_open.set()
            await release.wait()

    task = asyncio.create_task(early())
    await early_open.wait()
    async with database.transaction() as session:
        await write(session, "late")

    async with database.session() as session:
        seen = [
            e.payload["name"]
            for e in await read_events(session, start, 1000)
            if e.aggregate_key.startswith(key)
        ]
    assert seen == []  # "late" waits while an older transaction may still add before it
    release.set()
    await task
    async with database.session() as session:
        seen = [
            e.payload["name"]
            for e in await read_events(session, start, 1000)
            if e.aggregate_key.startswith(key)
        ]
    assert seen == ["early", "late"]
