"""The change feed (`events` query): commit order, cursors, filters and visibility."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from sqlalchemy import text

from tests.agency_flow import actors, admitted_agency, graphql
from tests.project_flow import announced, create, new_owner, operator_token, published
from zhongjie.base.clock import utcnow
from zhongjie.domain.outbox.feed import Position, end_of_feed, read_events
from zhongjie.domain.outbox.record import record_event

FEED = """query($after: String, $first: Int!, $types: [String!], $filter: EventFilter) {
  events(after: $after, first: $first, types: $types, filter: $filter) {
    endCursor hasMore
    events { cursor type aggregate sequence fromStatus toStatus project { code status } agency { creditCode } }
  } }"""


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
        types=["project.result_announced"],
        filter={"investmentProjectCodes": [investment], "regions": ["370000"]},
    )
    assert [(e["type"], e["project"]["code"]) for e in results] == [
        ("project.result_announced", project["code"])
    ]
    assert (
        await _all(
            client,
            None,
            types=["project.result_announced"],
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


async def _write(session, key: str, name: str) -> None:
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


async def _names(database, after: Position, key: str) -> list[str]:
    async with database.session() as session:
        return [
            e.payload["name"]
            for e in await read_events(session, after, 1000)
            if e.aggregate_key.startswith(key)
        ]


async def test_events_follow_commit_order_and_none_is_skipped(database) -> None:
    """A transaction that writes first but commits last: the one that committed first is read at once,
    and the late one follows it in the feed, so a reader that already moved on still gets it
    (PostgreSQL; SQLite has one writer at a time)."""
    if database.backend != "postgresql":
        pytest.skip("SQLite serialises writers, so commit order is id order there")
    key = f"late-{uuid.uuid4().hex[:8]}"
    async with database.session() as session:
        start = await end_of_feed(session)
    early_open, release = asyncio.Event(), asyncio.Event()

    async def early() -> None:
        async with database.transaction() as session:
            await _write(session, key, "early")  # the lower event id
            early_open.set()
            await release.wait()

    task = asyncio.create_task(early())
    await early_open.wait()
    async with database.transaction() as session:
        await _write(session, key, "late")

    assert await _names(database, start, key) == ["late"]  # not held back by the open transaction
    async with database.session() as session:
        reached = await end_of_feed(session)
    release.set()
    await task
    assert await _names(database, reached, key) == ["early"]  # after the position already reached
    assert await _names(database, start, key) == ["late", "early"]


async def test_unrelated_long_transactions_hold_no_event_back(database, empty_database) -> None:
    """A long write that records no event, here and in another database of the same server (as another
    application's would be), while events commit: each is readable as soon as it is committed."""
    key = f"busy-{uuid.uuid4().hex[:8]}"
    async with database.session() as session:
        start = await end_of_feed(session)
    holding = []
    if database.backend == "postgresql":  # SQLite has one writer: a long write there blocks every write
        for db in (database, empty_database):
            connection = await db.engine.connect()
            await connection.execute(text("CREATE TEMPORARY TABLE busy (n int)"))
            await connection.execute(text("INSERT INTO busy VALUES (1)"))  # holds a transaction id open
            holding.append(connection)
    try:
        for n in range(3):
            async with database.transaction() as session:
                await _write(session, key, f"event-{n}")
            assert await _names(database, start, key) == [f"event-{i}" for i in range(n + 1)]
    finally:
        for connection in holding:
            await connection.rollback()
            await connection.close()


async def test_an_event_of_an_unknown_kind_is_shown_to_no_one(client, database) -> None:
    """An outbox row of a kind this version does not know (a newer version's, during a rolling upgrade)
    neither breaks the feed nor reaches anyone."""
    async with database.transaction() as session:
        before = await end_of_feed(session)
        await _write(session, f"unknown-{uuid.uuid4().hex[:8]}", "newer")
    result = await graphql(client, None, FEED, {"first": 100, "after": before.cursor})
    assert "errors" not in result, result["errors"]
    assert [event["type"] for event in result["data"]["events"]["events"]] == []
