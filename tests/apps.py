"""Apps for tests: one trusting a test issuer's static key, and HTTP helpers."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette

from tests.auth.signing import AUDIENCE, TestIssuer
from zhongjie.auth.authenticator import Authenticator
from zhongjie.models import User
from zhongjie.models.database import Database
from zhongjie.server.app import create_app
from zhongjie.server.settings import Settings


def static_key_app(database: Database, issuer: TestIssuer, **overrides: Any) -> Starlette:
    settings = Settings(database_url="unused://", oidc_audience=AUDIENCE, **overrides)
    authenticator = Authenticator.from_settings(
        settings, database, issuer=issuer.issuer, static_keys=issuer.public_keys
    )
    return create_app(settings, database, authenticator)


@pytest.fixture
def static_app(database: Database, test_issuer: TestIssuer) -> Starlette:
    return static_key_app(database, test_issuer)


def http(app: Starlette) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


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
