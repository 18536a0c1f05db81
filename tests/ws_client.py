"""A `graphql-transport-ws` client over a real socket, for the WebSocket tests."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from websockets.asyncio.client import ClientConnection

PROTOCOL = "graphql-transport-ws"


async def init(socket: ClientConnection, payload: dict[str, Any]) -> dict[str, Any]:
    await socket.send(json.dumps({"type": "connection_init", "payload": payload}))
    return json.loads(await asyncio.wait_for(socket.recv(), 5))


async def authorised(socket: ClientConnection, token: str | None) -> None:
    """`connection_init` with the bearer token (anonymous without one), expecting the ack."""
    ack = await init(socket, {"Authorization": f"Bearer {token}"} if token else {})
    assert ack["type"] == "connection_ack", ack


async def subscribe(
    socket: ClientConnection, query: str, variables: dict[str, Any] | None = None, operation_id: str = "1"
) -> None:
    message = {
        "id": operation_id,
        "type": "subscribe",
        "payload": {"query": query, "variables": variables or {}},
    }
    await socket.send(json.dumps(message))


async def receive(socket: ClientConnection, seconds: float = 10) -> dict[str, Any]:
    """The next message that is not a ping (answered) within `seconds`."""
    while True:
        message = json.loads(await asyncio.wait_for(socket.recv(), seconds))
        if message["type"] == "ping":
            await socket.send(json.dumps({"type": "pong"}))
            continue
        return message


async def next_data(socket: ClientConnection, seconds: float = 10) -> dict[str, Any]:
    """The data of the next `next` message; fails on anything else."""
    message = await receive(socket, seconds)
    assert message["type"] == "next" and "errors" not in message["payload"], message
    return message["payload"]["data"]
