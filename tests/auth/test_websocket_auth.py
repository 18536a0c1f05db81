"""WebSocket (`graphql-transport-ws`) authentication from `connection_init`, over a real socket."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.apps import served, static_key_app
from tests.auth.signing import TestIssuer
from tests.ws_client import PROTOCOL, init
from zhongjie.models.database import Database


@pytest.fixture
async def ws_url(database: Database, test_issuer: TestIssuer) -> AsyncIterator[str]:
    """The app served by uvicorn on a loopback port, with no leeway so expiry is exact."""
    app = static_key_app(database, test_issuer, oidc_leeway_seconds=0, ws_init_timeout_seconds=1)
    async with served(app, lifespan="off") as address:
        yield f"ws://{address}/graphql"


async def run_query(socket: ClientConnection, query: str) -> dict[str, Any]:
    await socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
    return json.loads(await asyncio.wait_for(socket.recv(), 5))


async def test_a_valid_token_is_acknowledged_and_identifies_the_caller(
    ws_url: str, test_issuer: TestIssuer
) -> None:
    token = test_issuer.token(roles=["operator"], org_code="WSORG0001", region="440700")
    async with connect(ws_url, subprotocols=[PROTOCOL]) as socket:
        assert (await init(socket, {"Authorization": f"Bearer {token}"}))["type"] == "connection_ack"
        result = await run_query(socket, "{ viewer { roles regionCode } }")
    assert result["type"] == "next"
    assert result["payload"]["data"]["viewer"] == {"roles": ["OPERATOR"], "regionCode": "440700"}


async def test_without_a_token_the_connection_is_anonymous(ws_url: str) -> None:
    async with connect(ws_url, subprotocols=[PROTOCOL]) as socket:
        assert (await init(socket, {}))["type"] == "connection_ack"
        result = await run_query(socket, "{ viewer { roles } }")
    assert result["payload"]["data"]["viewer"] is None


@pytest.mark.parametrize(
    "payload",
    [
        {"Authorization": "Bearer garbage"},
        {"Authorization": "Basic abc"},
        {"Authorization": 5},  # a token of the wrong shape is no token, not anonymity
        {"authorization": ["Bearer a"]},
    ],
)
async def test_an_invalid_token_closes_with_4403(ws_url: str, payload: dict[str, Any]) -> None:
    async with connect(ws_url, subprotocols=[PROTOCOL]) as socket:
        await socket.send(json.dumps({"type": "connection_init", "payload": payload}))
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(socket.recv(), 5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403


async def test_a_token_in_the_url_closes_with_4403(ws_url: str, test_issuer: TestIssuer) -> None:
    token = test_issuer.token()
    async with connect(f"{ws_url}?access_token={token}", subprotocols=[PROTOCOL]) as socket:
        await socket.send(
            json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}})
        )
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(socket.recv(), 5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403


async def test_an_expiring_token_ends_the_connection(ws_url: str, test_issuer: TestIssuer) -> None:
    token = test_issuer.token(exp=int(time.time()) + 2)
    async with connect(ws_url, subprotocols=[PROTOCOL]) as socket:
        assert (await init(socket, {"Authorization": f"Bearer {token}"}))["type"] == "connection_ack"
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(socket.recv(), 10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403


async def test_pages_of_other_origins_cannot_open_a_websocket(ws_url: str) -> None:
    with pytest.raises(InvalidStatus) as refused:
        async with connect(ws_url, subprotocols=[PROTOCOL], origin="https://evil.example"):
            pass
    assert refused.value.response.status_code == 403
    async with connect(ws_url, subprotocols=[PROTOCOL]) as socket:  # no Origin: not a browser
        assert (await init(socket, {}))["type"] == "connection_ack"


async def test_oversized_messages_close_the_connection(ws_url: str) -> None:
    async with connect(ws_url, subprotocols=[PROTOCOL], max_size=None) as socket:
        assert (await init(socket, {}))["type"] == "connection_ack"
        await socket.send(
            json.dumps(
                {"id": "1", "type": "subscribe", "payload": {"query": "{ __typename }" + " " * 70_000}}
            )
        )
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(socket.recv(), 5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009  # message too big


async def _closed_code(socket: ClientConnection) -> int:
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            await asyncio.wait_for(socket.recv(), 5)
    assert closed.value.rcvd is not None
    return closed.value.rcvd.code


@pytest.mark.parametrize(
    ("messages", "code"),
    [
        ([{"type": "unknown"}], 4400),  # invalid message
        ([{"id": "1", "type": "subscribe", "payload": {"query": "{ __typename }"}}], 4401),  # before the ack
        ([{"type": "connection_init"}, {"type": "connection_init"}], 4429),  # initialised twice
        ([], 4408),  # no connection_init in time
    ],
    ids=["4400", "4401", "4429", "4408"],
)
async def test_graphql_transport_ws_close_codes(ws_url: str, messages: list, code: int) -> None:
    async with connect(ws_url, subprotocols=[PROTOCOL]) as socket:
        for message in messages:
            await socket.send(json.dumps(message))
        assert await _closed_code(socket) == code
