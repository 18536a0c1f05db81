"""The world the conformance matrix runs in: one live server on loopback whose rule clock the flows move,
the people of a marketplace with their tokens, a WebSocket listener per caller class, and a webhook
receiver. Everything crosses real HTTP and WebSocket; the tests know only the SDL."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect

from tests.agency_flow import Actors, actors, admitted_agency
from tests.apps import served, static_key_app
from tests.auth.signing import TestIssuer
from tests.webhook_receiver import Receiver, receiver
from tests.ws_client import PROTOCOL, authorised, subscribe
from zhongjie.base.clock import utcnow
from zhongjie.models.database import Database

TOKEN_SECONDS = 3 * 3600  # listeners stay connected for the whole module
WAIT_SECONDS = 10

EVENT_FIELDS = """cursor type sequence fromStatus toStatus project { code status }
  party { creditCode }
  enquiry { kind }
  result { outcome action selectionMethod resultNumber price batchOf competitors minimumCompetitors
           drawRecordUrl winner { creditCode } consortiumMembers { creditCode } project { code } }"""
EVENTS = f"subscription($filter: EventFilter) {{ events(filter: $filter) {{ {EVENT_FIELDS} }} }}"
RESULTS = """subscription($filter: ProjectResultFilter) { projectResults(filter: $filter) {
  cursor outcome action selectionMethod resultNumber winner { creditCode } project { code status } } }"""


class Clock:
    """The server time the rules are judged on: now plus `offset`; the flows move it on."""

    def __init__(self, offset: timedelta = timedelta()) -> None:
        self.offset = offset
        self.now = utcnow() + offset

    def reset(self) -> None:
        self.now = utcnow() + self.offset

    def __call__(self) -> datetime:
        return self.now

    def at_least(self, moment: datetime) -> None:
        self.now = max(self.now, moment)


@dataclass
class Agency:
    id: str
    credit_code: str
    people: Actors


@dataclass
class Listener:
    """One caller's WebSocket: the change feed and the result pushes for one investment project code."""

    name: str
    socket: ClientConnection
    events: list[dict] = field(default_factory=list)
    results: list[dict] = field(default_factory=list)
    arrived: list[float] = field(default_factory=list)  # monotonic time of each result push
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    async def pump(self) -> None:
        async for raw in self.socket:
            message = json.loads(raw)
            if message["type"] == "ping":
                await self.socket.send(json.dumps({"type": "pong"}))
                continue
            assert message["type"] == "next" and "errors" not in message["payload"], (self.name, message)
            data = message["payload"]["data"]
            if message["id"] == "events":
                self.events.append(data["events"])
            else:
                self.results.append(data["projectResults"])
                self.arrived.append(time.monotonic())
            self.changed.set()

    async def until(self, events: int, results: int) -> None:
        deadline = time.monotonic() + WAIT_SECONDS
        while len(self.events) < events or len(self.results) < results:
            self.changed.clear()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return  # the comparison that follows says what is missing
            try:
                await asyncio.wait_for(self.changed.wait(), remaining)
            except TimeoutError:
                return


@dataclass
class World:
    database: Database
    issuer: TestIssuer
    clock: Clock
    http: httpx.AsyncClient
    address: str
    hooks: Receiver
    operator: str
    authority: str
    partner: str
    pool: list[Agency]

    def token(self, **claims: Any) -> str:
        return self.issuer.token(exp=int(time.time()) + TOKEN_SECONDS, **claims)

    def owner(self) -> tuple[str, str]:
        """A new owner organisation's staff token, and the organisation's code."""
        organisation = f"OWN{uuid.uuid4().hex[:10].upper()}"
        token = self.token(sub=f"owner-{uuid.uuid4().hex[:8]}", org_code=organisation, roles=["owner"])
        return token, organisation

    def scorer(self) -> str:
        suffix = uuid.uuid4().hex[:8]
        return self.token(sub=f"expert-{suffix}", org_code=f"EXPERT{suffix.upper()}", roles=[])

    async def graphql(self, token: str | None, query: str, variables: dict | None = None) -> dict:
        headers = {"content-type": "application/json"}
        if token:
            headers["authorization"] = f"Bearer {token}"
        response = await self.http.post(
            "/graphql", content=json.dumps({"query": query, "variables": variables or {}}), headers=headers
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body, body["errors"]
        return body["data"]

    async def mutate(
        self, token: str, name: str, input_type: str, variables: dict, selection: str = ""
    ) -> dict:
        """Mutation `name`; its payload, which must carry no user error."""
        query = (
            f"mutation($input: {input_type}!) {{ {name}(input: $input) "
            f"{{ {selection} errors {{ code field message }} }} }}"
        )
        payload = (await self.graphql(token, query, {"input": variables}))[name]
        assert payload["errors"] == [], (name, payload["errors"])
        return payload

    @asynccontextmanager
    async def listening(self, name: str, token: str | None, investment: str) -> AsyncIterator[Listener]:
        async with connect(f"ws://{self.address}/graphql", subprotocols=[PROTOCOL]) as socket:
            await authorised(socket, token)
            criteria = {"filter": {"investmentProjectCodes": [investment]}}
            await subscribe(socket, EVENTS, criteria, operation_id="events")
            await subscribe(socket, RESULTS, criteria, operation_id="results")
            listener = Listener(name, socket)
            task = asyncio.create_task(listener.pump())
            try:
                yield listener
            finally:
                task.cancel()


POOL_SIZE = 8


@asynccontextmanager
async def world(
    database: Database, issuer: TestIssuer, offset: timedelta = timedelta()
) -> AsyncIterator[World]:
    """The live server, its dispatcher delivering webhooks to a receiver on loopback, and a pool of
    admitted agencies that every cell draws its bidders and consortium members from; the server's clock
    runs `offset` ahead of now, and the agencies' certificates stay valid that long and more."""
    clock = Clock(offset)
    app = static_key_app(
        database,
        issuer,
        clock=clock,
        webhook_dispatch=True,
        webhook_allowed_targets=["127.0.0.1/32"],
        webhook_poll_seconds=0.2,
        ws_max_subscriptions=4,
    )
    async with AsyncExitStack() as stack:
        address = await stack.enter_async_context(served(app))
        hooks = await stack.enter_async_context(receiver())
        client = await stack.enter_async_context(httpx.AsyncClient(base_url=f"http://{address}", timeout=30))
        stub = World(database, issuer, clock, client, address, hooks, "", "", "", [])
        operator = stub.token(
            sub="operator-370000", org_code="OPERATOR370000", roles=["operator"], region="370000"
        )
        authority = stub.token(
            sub="authority-conformance",
            org_code="AUTH370100",
            roles=["authority"],
            region="370100",
            sector="自然资源",
        )
        suffix = uuid.uuid4().hex[:8]
        partner = stub.token(
            sub=f"partner-{suffix}",
            roles=["partner"],
            org_code=f"PARTNER{suffix.upper()}",
            scope="results:read",
        )
        pool = []
        for _ in range(POOL_SIZE):
            organisation = f"ORG{uuid.uuid4().hex[:8].upper()}"
            people = actors(issuer, organisation, f"admin-{uuid.uuid4().hex[:8]}")
            people = Actors(
                admin=stub.token(
                    sub=f"admin-{organisation}",
                    org_code=organisation,
                    roles=["agency_admin"],
                    region="370100",
                ),
                operator=people.operator,
                authority=people.authority,
            )
            made = await admitted_agency(client, database, people, valid_days=300 + offset.days)
            assert made["status"] == "ACTIVE", made
            pool.append(Agency(made["id"], made["creditCode"], people))
        yield World(database, issuer, clock, client, address, hooks, operator, authority, partner, pool)


def later(moment: datetime, **delta: float) -> datetime:
    return moment + timedelta(**delta)
