"""Apps for tests: one trusting a test issuer's static key, and HTTP and GraphQL helpers."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
import uvicorn
from sqlalchemy import func, select
from starlette.applications import Starlette

from tests.auth.signing import AUDIENCE, TestIssuer
from tests.identity_provider import free_port
from zhongjie.auth.authenticator import Authenticator
from zhongjie.base.clock import utcnow
from zhongjie.base.settings import Settings
from zhongjie.models import User
from zhongjie.models.database import Database
from zhongjie.server.app import create_app
from zhongjie.server.serving import uvicorn_options


def static_key_app(
    database: Database, issuer: TestIssuer, clock: Callable[[], datetime] = utcnow, **overrides: Any
) -> Starlette:
    """The app trusting `issuer`, judging rules at `clock`'s time; it delivers no webhooks unless asked
    (the webhook tests drive delivery)."""
    overrides.setdefault("webhook_dispatch", False)
    settings = Settings(database_url="unused://", oidc_audience=AUDIENCE, **overrides)
    authenticator = Authenticator.from_settings(
        settings, database, issuer=issuer.issuer, static_keys=issuer.public_keys
    )
    return create_app(settings, database, authenticator, clock)


def http(app: Starlette) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


def client_for(database: Database, **settings: Any) -> httpx.AsyncClient:
    """An in-process client of the app built from `settings` alone: it trusts no test issuer."""
    return http(create_app(Settings(database_url="unused://", **settings), database))


async def post(
    client: httpx.AsyncClient, query: str, token: str | None = None, url: str = "/graphql"
) -> httpx.Response:
    headers = {"content-type": "application/json"}
    if token is not None:
        headers["authorization"] = f"Bearer {token}"
    return await client.post(url, content=json.dumps({"query": query}), headers=headers)


async def users_with_subject(database: Database, subject: str) -> int:
    async with database.session() as session:
        return await session.scalar(select(func.count()).where(User.subject == subject))


@asynccontextmanager
async def served(app: Starlette, lifespan: str = "on") -> AsyncIterator[str]:
    """`app` served by uvicorn on a loopback port, with the options `zhongjie serve` gives its settings;
    yields its `host:port`."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host="127.0.0.1",
            port=port,
            log_level="warning",
            lifespan=lifespan,
            **uvicorn_options(getattr(app.state, "settings", Settings())),
        )
    )
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn offers a flag, not an event
        await asyncio.sleep(0.02)
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


@asynccontextmanager
async def served_client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client of `app` served by uvicorn on a loopback port: every request crosses a real socket.
    Without the app's lifespan: its background jobs would run on the tests' shared database meanwhile."""
    async with (
        served(app, lifespan="off") as address,
        httpx.AsyncClient(base_url=f"http://{address}", timeout=60) as client,
    ):
        yield client


@dataclass
class GraphQLClient:
    http: httpx.AsyncClient
    language: str = "zh-CN"

    async def post(
        self, query: str, variables: dict[str, Any] | None = None, **headers: str
    ) -> httpx.Response:
        body = {"query": query, "variables": variables or {}}
        headers = {"accept-language": self.language, **headers}
        return await self.http.post(
            "/graphql", content=json.dumps(body), headers={"content-type": "application/json", **headers}
        )

    async def __call__(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = await self.post(query, variables)
        assert response.status_code == 200, response.text
        return response.json()

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        result = await self(query, variables)
        assert "errors" not in result, result["errors"]
        return result["data"]

    async def error_codes(self, query: str, variables: dict[str, Any] | None = None) -> list[str]:
        result = await self(query, variables)
        return [error["extensions"]["code"] for error in result.get("errors", [])]
