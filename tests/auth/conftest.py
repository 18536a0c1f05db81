"""Apps whose identity comes from the real test provider, or from a test issuer's static key."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from starlette.applications import Starlette

from tests.auth.signing import AUDIENCE
from tests.identity_provider import IdentityProvider
from zhongjie.base.settings import Settings
from zhongjie.models.database import Database
from zhongjie.server.app import create_app


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
