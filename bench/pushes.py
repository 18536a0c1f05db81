"""S1 (one event fanned out to many subscribers) and W1 (webhook dispatch throughput), each beside its
floor: a bare Starlette WebSocket broadcast on PostgreSQL NOTIFY, and signed POSTs sent straight from
the benchmark process to the same receiver."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import re
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import asyncpg
import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from websockets.asyncio.client import ClientConnection, connect

from bench.floor import CHANNEL
from bench.load import Figures, summarise
from bench.servers import free_port
from zhongjie.base.global_ids import decode_global_id

PROTOCOL = "graphql-transport-ws"
NOTICE_EVENTS = 'subscription { events(types: ["notice.publish"]) { cursor type occurredAt } }'
CREATE_NOTICE = """mutation($input: CreateNoticeInput!) { createNotice(input: $input) {
  notice { id } errors { code message } } }"""
PUBLISH_NOTICE = """mutation($input: NoticeActionInput!) { publishNotice(input: $input) {
  notice { id } errors { code message } } }"""
CREATE_ENDPOINT = """mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) {
  secret errors { code message } } }"""


async def statements_so_far(base_url: str) -> float:
    """`zhongjie_sql_statements_total` summed over the server's processes (multi-process metrics)."""
    async with httpx.AsyncClient() as client:
        text = (await client.get(f"{base_url}/metrics")).text
    match = re.search(r"^zhongjie_sql_statements_total\s+([0-9.e+]+)$", text, re.MULTILINE)
    return float(match.group(1)) if match else 0.0


async def _mutate(client: httpx.AsyncClient, token: str, query: str, variables: dict, field: str) -> dict:
    response = await client.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"authorization": f"Bearer {token}"},
    )
    payload = response.json()["data"][field]
    if payload["errors"]:
        raise RuntimeError(payload["errors"])
    return payload


# --- S1 ----------------------------------------------------------------------------------------------


async def _graphql_subscriber(url: str) -> ClientConnection:
    socket = await connect(url, subprotocols=[PROTOCOL], max_queue=None, open_timeout=60)
    await socket.send(json.dumps({"type": "connection_init", "payload": {}}))
    ack = json.loads(await asyncio.wait_for(socket.recv(), 60))
    if ack["type"] != "connection_ack":
        raise RuntimeError(ack)
    await socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": NOTICE_EVENTS}}))
    return socket


async def _floor_subscriber(url: str) -> ClientConnection:
    return await connect(url, max_queue=None, open_timeout=60)


async def _next_message(socket: ClientConnection, floor: bool) -> float:
    """Receipt time of the next pushed event (pings answered)."""
    while True:
        message = await socket.recv()
        received = time.perf_counter()
        if floor:
            return received
        body = json.loads(message)
        if body["type"] == "ping":
            await socket.send(json.dumps({"type": "pong"}))
            continue
        if body["type"] != "next":
            raise RuntimeError(body)
        return received


async def _connected(
    subscribe: Callable[[str], Awaitable[ClientConnection]], url: str, count: int
) -> list[ClientConnection]:
    sockets: list[ClientConnection] = []
    for start in range(0, count, 100):  # in waves, not to flood the accept queue
        sockets += await asyncio.gather(*(subscribe(url) for _ in range(start, min(count, start + 100))))
    return sockets


async def _round(
    sockets: list[ClientConnection], trigger: Callable[[], Awaitable[object]], floor: bool
) -> list[float]:
    """Latency from sending the trigger to each socket's receipt of the event it causes."""
    waiting = [asyncio.create_task(_next_message(socket, floor)) for socket in sockets]
    await asyncio.sleep(0.5)
    sent = time.perf_counter()
    await trigger()
    received = await asyncio.wait_for(asyncio.gather(*waiting), 120)
    await asyncio.sleep(1)
    return [moment - sent for moment in received]


async def fan_out(base_url: str, operator_token: str, subscribers: int, rounds: int) -> tuple[Figures, float]:
    """`rounds` notices published to `subscribers` anonymous subscriptions: delivery latency from the
    publishing request to each subscriber, and the servers' SQL statements per event."""
    ws_url = base_url.replace("http://", "ws://") + "/graphql"
    sockets = await _connected(_graphql_subscriber, ws_url, subscribers)
    await asyncio.sleep(3)  # every subscription past its replay and waiting
    latencies: list[float] = []
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
        before, started = await statements_so_far(base_url), time.perf_counter()
        for _ in range(rounds):
            title = f"基准通知 {uuid.uuid4().hex[:6]}"
            draft = {"input": {"regionCode": "370000", "title": title, "body": "基准"}}
            created = await _mutate(client, operator_token, CREATE_NOTICE, draft, "createNotice")
            publish = {"input": {"noticeId": created["notice"]["id"]}}
            latencies += await _round(
                sockets,
                lambda publish=publish: _mutate(
                    client, operator_token, PUBLISH_NOTICE, publish, "publishNotice"
                ),
                floor=False,
            )
        elapsed = time.perf_counter() - started
        statements = (await statements_so_far(base_url) - before) / rounds
    await asyncio.gather(*(socket.close() for socket in sockets))
    return summarise(latencies, subscribers, elapsed), statements


async def floor_fan_out(floor_url: str, dsn: str, subscribers: int, rounds: int) -> Figures:
    sockets = await _connected(_floor_subscriber, floor_url.replace("http://", "ws://") + "/s1", subscribers)
    connection = await asyncpg.connect(dsn)
    latencies: list[float] = []
    try:
        await asyncio.sleep(1)
        started = time.perf_counter()
        for _ in range(rounds):
            latencies += await _round(
                sockets, lambda: connection.execute(f"NOTIFY {CHANNEL}, 'notice.publish'"), floor=True
            )
        elapsed = time.perf_counter() - started
    finally:
        await connection.close()
        await asyncio.gather(*(socket.close() for socket in sockets))
    return summarise(latencies, subscribers, elapsed)


# --- W1 ----------------------------------------------------------------------------------------------


@dataclass
class Receiver:
    """Counts webhook deliveries; `done` is set once `expected` have arrived."""

    expected: int = 0
    received: int = 0
    done: asyncio.Event = field(default_factory=asyncio.Event)

    async def hook(self, request: Request) -> Response:
        await request.body()
        self.received += 1
        if self.received >= self.expected:
            self.done.set()
        return Response(status_code=204)


@asynccontextmanager
async def receiving() -> AsyncIterator[tuple[Receiver, str]]:
    receiver, port = Receiver(), free_port()
    app = Starlette(routes=[Route("/hook", receiver.hook, methods=["POST"])])
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn offers a flag, not an event
        await asyncio.sleep(0.02)
    try:
        yield receiver, f"http://127.0.0.1:{port}/hook"
    finally:
        server.should_exit = True
        await task


async def dispatch(base_url: str, dsn: str, operator_token: str, deliveries: int) -> tuple[Figures, float]:
    """`deliveries` edits of a draft notice, each delivered to the operator's endpoint: deliveries per
    second from the events' commit to the last receipt, and the servers' SQL statements per delivery."""
    connection = await asyncpg.connect(dsn)
    try:  # endpoints of earlier runs on a kept database would take deliveries too
        await connection.execute("UPDATE webhook_endpoints SET status = 'DISABLED'")
        await connection.execute("UPDATE webhook_deliveries SET status = 'DEAD' WHERE status = 'PENDING'")
    finally:
        await connection.close()
    async with receiving() as (receiver, url), httpx.AsyncClient(base_url=base_url, timeout=60) as client:
        await _mutate(
            client,
            operator_token,
            CREATE_ENDPOINT,
            {"input": {"url": url, "eventTypes": ["notice.edit"]}},
            "createWebhookEndpoint",
        )
        created = await _mutate(
            client,
            operator_token,
            CREATE_NOTICE,
            {"input": {"regionCode": "370000", "title": "基准推送", "body": "基准"}},
            "createNotice",
        )
        key = decode_global_id(created["notice"]["id"])[1]
        receiver.expected = deliveries
        before = await statements_so_far(base_url)
        connection = await asyncpg.connect(dsn)
        try:
            started = time.perf_counter()
            # the notice's edits, written as its own edits are: in one transaction, numbered on
            await connection.execute(
                """WITH head AS (UPDATE outbox_head SET commit_number = commit_number + 1 WHERE id = 1
                                 RETURNING commit_number)
                   INSERT INTO domain_events (aggregate_type, aggregate_key, sequence, event_type, payload,
                                              actor_role, created_at, commit_number)
                   SELECT 'Notice', $1, 1 + n, 'notice.edit', '{"from": "DRAFT", "to": "DRAFT"}', 'operator',
                          now(), head.commit_number
                   FROM generate_series(1, $2) AS n, head""",
                key,
                deliveries,
            )
            await connection.execute("NOTIFY zhongjie_events")
            await asyncio.wait_for(receiver.done.wait(), 600)
            elapsed = time.perf_counter() - started
        finally:
            await connection.close()
        statements = (await statements_so_far(base_url) - before) / deliveries
    per_delivery = elapsed / deliveries
    figures = Figures(
        deliveries,
        0,
        per_delivery * 1000,
        per_delivery * 1000,
        per_delivery * 1000,
        round(deliveries / elapsed, 1),
    )
    return figures, statements


async def floor_dispatch(deliveries: int, concurrency: int) -> Figures:
    """The same number of Standard Webhooks-signed POSTs, sent straight to the receiver."""
    secret = base64.b64decode(base64.b64encode(b"bench-floor-secret"))
    async with receiving() as (receiver, url), httpx.AsyncClient(timeout=30) as client:
        receiver.expected = deliveries
        numbers = iter(range(deliveries))

        async def sender() -> None:
            for number in numbers:
                body = json.dumps({"type": "notice.edit", "timestamp": time.time(), "data": {"n": number}})
                identifier, stamp = f"msg_{number}", str(int(time.time()))
                signature = hmac.new(secret, f"{identifier}.{stamp}.{body}".encode(), hashlib.sha256).digest()
                headers = {
                    "webhook-id": identifier,
                    "webhook-timestamp": stamp,
                    "webhook-signature": "v1," + base64.b64encode(signature).decode(),
                    "content-type": "application/json",
                }
                await client.post(url, content=body, headers=headers)

        started = time.perf_counter()
        await asyncio.gather(*(sender() for _ in range(concurrency)))
        await receiver.done.wait()
        elapsed = time.perf_counter() - started
    per_delivery = elapsed / deliveries
    return Figures(
        deliveries,
        concurrency,
        per_delivery * 1000,
        per_delivery * 1000,
        per_delivery * 1000,
        round(deliveries / elapsed, 1),
    )
