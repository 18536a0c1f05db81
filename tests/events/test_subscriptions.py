"""Subscriptions over a real WebSocket: live events, resuming by cursor, result pushes and visibility."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from sqlalchemy import event
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from tests.agency_flow import actors, admitted_agency
from tests.apps import http, served, static_key_app
from tests.notice_flow import published_notice
from tests.project_flow import act, announced, create, new_owner, operator_token
from tests.ws_client import PROTOCOL, authorised, next_data, receive, subscribe

EVENTS = """subscription($after: String, $filter: EventFilter) {
  events(after: $after, filter: $filter) { cursor type sequence project { code status } } }"""
RESULTS = """subscription($filter: ProjectResultFilter) {
  projectResults(filter: $filter) {
    cursor project { code result { agency { creditCode businessPhone } } } } }"""
LIFECYCLE = [("submitProject", "owner"), ("approveProject", "operator"), ("publishProject", "operator")]


@pytest.fixture
def app_settings():
    """Polling is slow, so a prompt push proves the commit woke the broker; one caller may open the many
    connections the fan-out tests need."""
    return {"events_poll_seconds": 30, "ws_max_connections_per_caller": 100}


@pytest.fixture
async def server(app):
    """`app` served on loopback, and an in-process client of it."""
    async with served(app) as address, http(app) as client:
        yield f"ws://{address}/graphql", client


def _investment_code() -> str:
    return f"2026-370102-70-01-{uuid.uuid4().int % 1_000_000:06d}"


async def _advance(client, owner, operator: str, project: dict, steps) -> None:
    tokens = {"owner": owner.token, "operator": operator}
    for name, who in steps:
        payload = await act(client, tokens[who], name, project["id"])
        assert payload["errors"] == [], payload["errors"]


async def _quiet(socket, seconds: float = 1.0) -> bool:
    """Nothing more arrives within `seconds`."""
    try:
        message = await receive(socket, seconds)
    except TimeoutError:
        return True
    raise AssertionError(f"unexpected message {message}")


async def test_a_subscriber_receives_each_change_as_it_commits(server, test_issuer) -> None:
    url, client = server
    owner, operator = new_owner(test_issuer), operator_token(test_issuer)
    investment = _investment_code()
    async with connect(url, subprotocols=[PROTOCOL]) as socket:
        await authorised(socket, operator)
        await subscribe(socket, EVENTS, {"filter": {"investmentProjectCodes": [investment]}})
        await asyncio.sleep(0.3)  # the subscription is live before the first change
        project = await create(client, owner, investmentProjectCode=investment)
        await _advance(client, owner, operator, project, LIFECYCLE)
        received = [(await next_data(socket, 5))["events"] for _ in range(4)]
        assert await _quiet(socket)
    assert [(e["type"], e["sequence"]) for e in received] == [
        ("project.create", 1),
        ("project.submit", 2),
        ("project.approve", 3),
        ("project.publish", 4),
    ]
    assert {e["project"]["code"] for e in received} == {project["code"]}


async def test_a_resumed_subscriber_gets_every_missed_event_once_in_order(server, test_issuer) -> None:
    url, client = server
    owner, operator = new_owner(test_issuer), operator_token(test_issuer)
    investment = _investment_code()
    wanted = {"filter": {"investmentProjectCodes": [investment]}}
    async with connect(url, subprotocols=[PROTOCOL]) as socket:
        await authorised(socket, operator)
        await subscribe(socket, EVENTS, wanted)
        await asyncio.sleep(0.3)
        project = await create(client, owner, investmentProjectCode=investment)
        await _advance(client, owner, operator, project, LIFECYCLE[:1])
        first = [(await next_data(socket, 5))["events"] for _ in range(2)]

    await _advance(client, owner, operator, project, LIFECYCLE[1:])  # while disconnected

    async with connect(url, subprotocols=[PROTOCOL]) as socket:
        await authorised(socket, operator)
        await subscribe(socket, EVENTS, {**wanted, "after": first[-1]["cursor"]})
        missed = [(await next_data(socket, 5))["events"] for _ in range(2)]
        await _advance(client, owner, operator, project, [("cancelProject", "operator")])
        live = (await next_data(socket, 5))["events"]
        assert await _quiet(socket)
    types = [e["type"] for e in first + missed + [live]]
    assert types == [
        "project.create",
        "project.submit",
        "project.approve",
        "project.publish",
        "project.cancel",
    ]
    assert [e["sequence"] for e in first + missed + [live]] == [1, 2, 3, 4, 5]


async def test_the_public_never_receives_a_draft(server, test_issuer) -> None:
    url, client = server
    owner, operator = new_owner(test_issuer), operator_token(test_issuer)
    investment = _investment_code()
    async with connect(url, subprotocols=[PROTOCOL]) as socket:
        await authorised(socket, None)
        await subscribe(socket, EVENTS, {"filter": {"investmentProjectCodes": [investment]}})
        await asyncio.sleep(0.3)
        project = await create(client, owner, investmentProjectCode=investment)
        await _advance(client, owner, operator, project, LIFECYCLE)
        only = (await next_data(socket, 5))["events"]
        assert await _quiet(socket)
    assert only["type"] == "project.publish"  # create, submit and approve concern a non-public project


async def test_result_pushes_follow_the_partner_filter_and_scopes(server, database, test_issuer) -> None:
    url, client = server
    people = actors(test_issuer, f"ORG{uuid.uuid4().hex[:8].upper()}", f"admin-{uuid.uuid4().hex[:8]}")
    agency = await admitted_agency(client, database, people)
    owner, operator = new_owner(test_issuer), operator_token(test_issuer)
    investment = _investment_code()
    plain = test_issuer.token(
        sub="partner-plain", roles=["partner"], org_code="PARTNER01", scope="results:read"
    )
    trusted = test_issuer.token(
        sub="partner-trusted", roles=["partner"], org_code="PARTNER02", scope="results:read agencies:contacts"
    )
    sockets = [await connect(url, subprotocols=[PROTOCOL]) for _ in range(3)]
    try:
        for socket, token, codes in zip(
            sockets, (plain, trusted, plain), ([investment], [investment], [_investment_code()]), strict=True
        ):
            await authorised(socket, token)
            await subscribe(
                socket, RESULTS, {"filter": {"investmentProjectCodes": codes, "regions": ["370000"]}}
            )
        await asyncio.sleep(0.3)
        project = await announced(
            client, database, owner, operator, agency, people.admin, investmentProjectCode=investment
        )
        as_plain = (await next_data(sockets[0], 10))["projectResults"]
        as_trusted = (await next_data(sockets[1], 10))["projectResults"]
        assert await _quiet(sockets[2])  # another investment project's partner hears nothing
    finally:
        for socket in sockets:
            await socket.close()
    assert as_plain["project"]["code"] == as_trusted["project"]["code"] == project["code"]
    plain_phone = as_plain["project"]["result"]["agency"]["businessPhone"]
    trusted_phone = as_trusted["project"]["result"]["agency"]["businessPhone"]
    assert "*" in plain_phone and "*" not in trusted_phone  # masked without the contacts scope


async def test_a_subscription_with_bad_arguments_gets_an_error_with_a_code(server) -> None:
    url, _ = server
    async with connect(url, subprotocols=[PROTOCOL]) as socket:
        await authorised(socket, None)
        await subscribe(socket, EVENTS, {"after": "garbage"})
        message = await receive(socket, 5)
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    assert [e["extensions"]["code"] for e in errors] == ["BAD_USER_INPUT"]


async def test_without_any_wake_up_polling_still_delivers(database, test_issuer) -> None:
    """A lost notification delays an event by one poll interval, never loses it: here no commit
    hook nor LISTEN runs (no lifespan), and the subscriber still gets the change."""
    app = static_key_app(database, test_issuer, events_poll_seconds=0.3)
    owner, operator = new_owner(test_issuer), operator_token(test_issuer)
    investment = _investment_code()
    async with served(app, lifespan="off") as address, http(app) as client:
        async with connect(f"ws://{address}/graphql", subprotocols=[PROTOCOL]) as socket:
            await authorised(socket, operator)
            await subscribe(socket, EVENTS, {"filter": {"investmentProjectCodes": [investment]}})
            await asyncio.sleep(0.3)
            project = await create(client, owner, investmentProjectCode=investment)
            received = (await next_data(socket, 5))["events"]
    assert (received["type"], received["project"]["code"]) == ("project.create", project["code"])


async def test_a_reused_operation_id_closes_with_4409(server) -> None:
    url, _ = server
    async with connect(url, subprotocols=[PROTOCOL]) as socket:
        await authorised(socket, None)
        await subscribe(socket, EVENTS, operation_id="same")
        await subscribe(socket, EVENTS, operation_id="same")
        with pytest.raises(ConnectionClosed) as closed:
            await receive(socket, 5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4409


async def test_subscriptions_beyond_the_cap_are_refused_with_a_code(database, test_issuer) -> None:
    app = static_key_app(database, test_issuer, ws_max_subscriptions=2)
    async with served(app) as address, connect(f"ws://{address}/graphql", subprotocols=[PROTOCOL]) as socket:
        await authorised(socket, None)
        for number in range(3):
            await subscribe(socket, EVENTS, operation_id=str(number))
        refusal = await receive(socket, 5)
    assert refusal["id"] == "2" and refusal["type"] == "error"
    assert [error["extensions"]["code"] for error in refusal["payload"]] == ["RATE_LIMITED"]


async def test_metrics_count_active_subscriptions(server) -> None:
    url, client = server

    async def gauge() -> float:
        text = (await client.get("/metrics")).text
        line = next(line for line in text.splitlines() if line.startswith("zhongjie_active_subscriptions "))
        return float(line.split()[1])

    before = await gauge()
    async with connect(url, subprotocols=[PROTOCOL]) as socket:
        await authorised(socket, None)
        await subscribe(socket, EVENTS)
        await asyncio.sleep(0.5)
        assert await gauge() == before + 1
    await asyncio.sleep(0.5)
    assert await gauge() == before
    assert "zhongjie_outbox_lag_seconds" in (await client.get("/metrics")).text


NOTICE_EVENTS = 'subscription { events(types: ["notice.publish"]) { type notice { title region { name } } } }'


async def _reads_for_one_event(server, database, operator: str, subscribers: int) -> int:
    """SQL statements the app runs from one commit until each of `subscribers` has the event."""
    url, client = server
    sockets = [await connect(url, subprotocols=[PROTOCOL]).__aenter__() for _ in range(subscribers)]
    try:
        for socket in sockets:
            await authorised(socket, None)
            await subscribe(socket, NOTICE_EVENTS)
        await asyncio.sleep(0.5)  # all live at the end of the feed
        statements: list[str] = []

        def record(_conn, _cursor, statement, *_args) -> None:
            statements.append(statement)

        title = f"推送 {uuid.uuid4().hex[:6]}"
        event.listen(database.engine.sync_engine, "before_cursor_execute", record)
        try:
            await published_notice(client, operator, title)
            for socket in sockets:
                shown = (await next_data(socket, 10))["events"]
                assert shown["notice"]["title"] == title and shown["notice"]["region"]["name"] == "山东省"
        finally:
            event.remove(database.engine.sync_engine, "before_cursor_execute", record)
        return len(statements)
    finally:
        for socket in sockets:
            await socket.close()


async def test_one_event_to_many_subscribers_is_read_once(server, database, test_issuer) -> None:
    """The process's live feed reads the outbox once per change and the subscribers share the loaders
    presenting it: forty subscribers cost what two do."""
    operator = operator_token(test_issuer)
    few = await _reads_for_one_event(server, database, operator, 2)
    many = await _reads_for_one_event(server, database, operator, 40)
    assert many <= few + 2, (few, many)
