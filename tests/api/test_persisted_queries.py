"""Automatic persisted queries, and the trusted-documents mode for production front-ends."""

from __future__ import annotations

import asyncio
import hashlib
import json

from websockets.asyncio.client import connect

from tests.apps import client_for, served
from tests.ws_client import PROTOCOL, authorised, receive, subscribe
from zhongjie.base.settings import Settings
from zhongjie.server.app import create_app

DOCUMENT = "{ serviceItems(first: 2) { totalCount } }"
HASH = hashlib.sha256(DOCUMENT.encode()).hexdigest()


def persisted(hash_: str = HASH, **extra) -> dict:
    return {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": hash_}}, **extra}


async def test_automatic_persisted_queries(database) -> None:
    async with client_for(database) as client:
        unknown = (await client.post("/graphql", json=persisted())).json()
        registered = (await client.post("/graphql", json=persisted(query=DOCUMENT))).json()
        by_hash = (await client.post("/graphql", json=persisted())).json()
        by_get = await client.get("/graphql", params={"extensions": json.dumps(persisted()["extensions"])})
        wrong = await client.post("/graphql", json=persisted(hash_="0" * 64, query=DOCUMENT))
    assert unknown["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert registered["data"] == by_hash["data"] == by_get.json()["data"]
    assert wrong.status_code == 400 and wrong.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_trusted_documents_only(database, tmp_path) -> None:
    registry = tmp_path / "trusted.json"
    registry.write_text(json.dumps({HASH: DOCUMENT}), encoding="utf-8")
    async with client_for(database, persisted_queries="trusted", trusted_documents=registry) as client:
        by_hash = (await client.post("/graphql", json=persisted())).json()
        in_full = (await client.post("/graphql", json={"query": DOCUMENT})).json()
        other = await client.post("/graphql", json={"query": "{ regions(first: 1) { totalCount } }"})
    assert by_hash["data"] == in_full["data"] and by_hash["data"]["serviceItems"]["totalCount"] > 0
    assert other.status_code == 400 and other.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_trusted_documents_only_over_websocket_too(database, tmp_path) -> None:
    subscription = "subscription { projectResults { cursor } }"
    digest = hashlib.sha256(subscription.encode()).hexdigest()
    registry = tmp_path / "trusted.json"
    registry.write_text(json.dumps({digest: subscription}), encoding="utf-8")
    app = create_app(
        Settings(database_url="unused://", persisted_queries="trusted", trusted_documents=registry), database
    )
    async with served(app) as address, connect(f"ws://{address}/graphql", subprotocols=[PROTOCOL]) as socket:
        await authorised(socket, None)
        await subscribe(socket, "subscription { events { cursor } }", operation_id="untrusted")
        refused = await receive(socket)
        await socket.send(json.dumps({"id": "by-hash", "type": "subscribe", "payload": persisted()}))
        unknown_hash = await receive(socket)
        await subscribe(socket, subscription, operation_id="trusted")
        await asyncio.sleep(0.5)
        await socket.send(json.dumps({"id": "trusted", "type": "complete"}))
    assert refused["type"] == "error" and refused["payload"][0]["extensions"]["code"] == "FORBIDDEN"
    assert unknown_hash["type"] == "error" and unknown_hash["payload"][0]["extensions"]["code"] == "FORBIDDEN"
