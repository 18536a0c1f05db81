"""Automatic persisted queries, and the trusted-documents mode for production front-ends."""

from __future__ import annotations

import hashlib
import json

import httpx

from zhongjie.server.app import create_app
from zhongjie.server.settings import Settings

DOCUMENT = "{ serviceItems(first: 2) { totalCount } }"
HASH = hashlib.sha256(DOCUMENT.encode()).hexdigest()


def client_for(database, **settings) -> httpx.AsyncClient:
    app = create_app(Settings(database_url="unused://", **settings), database)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")


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
