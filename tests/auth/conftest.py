"""Apps whose identity comes from the real test provider, or from a test issuer's static key."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette

from tests.auth.signing import AUDIENCE, TestIssuer
from tests.identity_provider import IdentityProvider, start_provider
from zhongjie.auth.authenticator import Authenticator
from zhongjie.models import User
from zhongjie.models.database import Database
from zhongjie.server.app import create_app
from zhongjie.server.settings import Settings


@pytest.fixture(scope="session")
def identity_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IdentityProvider]:
    provider = start_provider(tmp_path_factory.mktemp("oidc"))
    yield provider
    provider.stop()


@asynccontextmanager
async def app_for_provider(
    database: Database, provider: IdentityProvider, **overrides: Any
) -> AsyncIterator[Starlette]:
    """An app trusting `provider`, with its own key cache; its HTTP clients are closed after use."""
    settings = Settings(
        database_url="unused://", oidc_issuer=provider.issuer, oidc_audience=AUDIENCE, **overrides
    )
    app = create_app(settings, database)
    try:
        yield app
    finally:
        await app.state.authenticator.close()


@pytest.fixture
async def provider_app(database: Database, identity_provider: IdentityProvider) -> AsyncIterator[Starlette]:
    async with app_for_provider(database, identity_provider) as app:
        yield app


@pytest.fixture(scope="session")
def test_issuer() -> TestIssuer:
    return TestIssuer()


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
