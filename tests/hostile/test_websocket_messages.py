"""Malformed `subscribe` messages over a real WebSocket get an `error` message with a code, as the same
request over HTTP would, and the connection stays usable."""

from __future__ import annotations

import json

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from tests.apps import served, static_key_app
from tests.ws_client import PROTOCOL, authorised, receive

GOOD = "subscription { projectResults { cursor } }"


@pytest.mark.parametrize(
    "payload",
    [
        {"query": "subscription {"},
        {"query": 5},
        {"query": GOOD, "variables": "x"},
        {"query": GOOD + " #\u0000"},
        {"query": GOOD, "variables": {"a": ["A"] * 20_000}},
        {"query": "subscription { projectResults(first: %s) { cursor } }" % ("9" * 5000)},
    ],
)
async def test_a_malformed_subscription_gets_a_coded_error(database, test_issuer, payload) -> None:
    app = static_key_app(database, test_issuer, ws_max_message_bytes=1_000_000)
    async with served(app) as address, connect(f"ws://{address}/graphql", subprotocols=[PROTOCOL]) as socket:
        await authorised(socket, None)
        await socket.send(json.dumps({"id": "bad", "type": "subscribe", "payload": payload}))
        answer = await receive(socket)
        await socket.send(json.dumps({"type": "ping"}))
        pong = await receive(socket)
    assert answer["type"] == "error" and answer["id"] == "bad", answer
    assert [e["extensions"]["code"] for e in answer["payload"]] == ["BAD_USER_INPUT"], answer
    assert pong["type"] == "pong"


@pytest.mark.parametrize(
    "text",
    [
        "{",
        "[]",
        "null",
        '{"id": "1", "type": "subscribe", "payload": "x"}',
        '{"type": "connection_init", "payload": ' + '{"a": ' * 5000 + "1" + "}" * 5001,
    ],
)
async def test_a_message_that_is_not_a_protocol_message_closes_with_4400(database, test_issuer, text) -> None:
    app = static_key_app(database, test_issuer, ws_max_message_bytes=1_000_000)
    async with served(app) as address, connect(f"ws://{address}/graphql", subprotocols=[PROTOCOL]) as socket:
        await socket.send(text)
        with pytest.raises(ConnectionClosed) as closed:
            await receive(socket)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4400
