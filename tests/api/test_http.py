"""The HTTP edge: probes, GraphiQL, limits, request ids and the error model for unexpected failures."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from tests.apps import http
from zhongjie.base.settings import Settings
from zhongjie.models.database import Database
from zhongjie.resolvers.loaders import Loaders, loader
from zhongjie.server.app import create_app


async def test_healthz_and_readyz_when_migrated(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert (ready.status_code, ready.json()) == (200, {"status": "ready"})


async def test_readyz_is_unavailable_before_migrations(empty_database: Database, settings: Settings) -> None:
    async with http(create_app(settings, empty_database)) as client:
        response = await client.get("/readyz")
    assert (response.status_code, response.json()["database"]) == (503, "migrations pending")


async def test_readyz_is_unavailable_without_a_database(settings: Settings) -> None:
    database = Database.from_url("sqlite+aiosqlite:///file:nowhere?mode=ro&uri=true")
    async with http(create_app(settings, database)) as client:
        response = await client.get("/readyz")
    await database.dispose()
    assert response.status_code == 503


@pytest.mark.parametrize("demo", [True, False])
async def test_graphiql_only_in_demo_mode(database: Database, demo: bool) -> None:
    app = create_app(Settings(database_url="unused://", demo=demo), database)
    async with http(app) as client:
        response = await client.get("/graphql", headers={"accept": "text/html"})
    if demo:
        assert response.status_code == 200 and "graphiql" in response.text.lower()
    else:
        assert response.status_code == 404


async def test_queries_over_get(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", params={"query": "{ serviceItems(first: 1) { totalCount } }"})
    assert response.status_code == 200 and response.json()["data"]["serviceItems"]["totalCount"] > 0


async def test_oversized_bodies_are_refused(database: Database) -> None:
    app = create_app(Settings(database_url="unused://", max_body_bytes=2048), database)
    body = json.dumps({"query": "{ serviceItems { totalCount } }", "variables": {"pad": "x" * 4096}})
    async with http(app) as client:
        response = await client.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_request_ids_are_echoed_or_made(client: httpx.AsyncClient) -> None:
    given = await client.get("/healthz", headers={"x-request-id": "abcdef123456"})
    assert given.headers["x-request-id"] == "abcdef123456"
    made = await client.get("/healthz", headers={"x-request-id": "bad id\n"})
    assert made.headers["x-request-id"] != "bad id\n" and len(made.headers["x-request-id"]) == 32


async def test_unexpected_failures_are_internal_without_details(gql, monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken(loaders: Loaders, codes: list[str]) -> list[object]:
        raise RuntimeError("connection string postgres://secret")

    monkeypatch.setattr(Loaders, "region", loader(broken))
    response = await gql.post(
        '{ serviceItem(code: "ZJ-HJ-001") { code region { code } } }', **{"x-request-id": "trace-12345678"}
    )
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "INTERNAL"
    assert "secret" not in response.text
    assert "trace-12345678" in error["message"]


async def test_syntax_and_validation_errors_are_bad_user_input(gql) -> None:
    assert await gql.error_codes("{ serviceItems(first: 1) { ") == ["BAD_USER_INPUT"]
    assert await gql.error_codes("{ serviceItems(first: 1) { nope } }") == ["BAD_USER_INPUT"]


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x", ""]
)
async def test_bodies_a_cross_site_form_could_send_are_refused(
    client: httpx.AsyncClient, content_type: str
) -> None:
    body = '{"query": "{ serviceItems(first: 1) { totalCount } }"}'
    headers = {"content-type": content_type} if content_type else {}
    response = await client.post("/graphql", content=body, headers=headers)
    assert response.status_code == 415
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_mutations_are_refused_over_get(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/graphql",
        params={"query": 'mutation { submitProject(input: {projectId: "x"}) { errors { code } } }'},
    )
    assert response.status_code in {400, 405}


GRAPHQL_RESPONSE = "application/graphql-response+json"


async def test_graphql_response_json_is_honoured(client: httpx.AsyncClient) -> None:
    headers = {"accept": GRAPHQL_RESPONSE, "content-type": "application/json"}
    fine = await client.post(
        "/graphql", json={"query": "{ serviceItems(first: 1) { totalCount } }"}, headers=headers
    )
    syntax = await client.post("/graphql", json={"query": "{ serviceItems(first: 1) { "}, headers=headers)
    invalid = await client.post("/graphql", json={"query": "{ nope }"}, headers=headers)
    executed_error = await client.post(
        "/graphql", json={"query": "{ serviceItems(first: 0) { totalCount } }"}, headers=headers
    )
    legacy = await client.post("/graphql", json={"query": "{ nope }"})
    assert (fine.status_code, fine.headers["content-type"].split(";")[0]) == (200, GRAPHQL_RESPONSE)
    for refused in (syntax, invalid):
        assert refused.status_code == 400 and "data" not in refused.json()
        assert refused.headers["content-type"].split(";")[0] == GRAPHQL_RESPONSE
    assert executed_error.status_code == 200 and "data" in executed_error.json()
    assert legacy.status_code == 200 and legacy.headers["content-type"].startswith("application/json")


async def test_requests_that_run_too_long_are_cut_with_timeout(
    database, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def slow(loaders: Loaders, codes: list[str]) -> list[object]:
        await asyncio.sleep(5)
        return [None for _ in codes]

    monkeypatch.setattr(Loaders, "region", loader(slow))
    app = create_app(Settings(database_url="unused://", request_timeout_seconds=0.3), database)
    async with http(app) as client:
        response = await client.post(
            "/graphql", json={"query": '{ serviceItem(code: "ZJ-HJ-001") { region { code } } }'}
        )
    assert response.status_code == 503
    assert response.json()["errors"][0]["extensions"]["code"] == "TIMEOUT"
