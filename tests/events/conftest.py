"""Shared by the event and webhook tests."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from zhongjie.models import WebhookEndpoint


@pytest.fixture(autouse=True)
async def no_endpoints_left(database):
    """A test's endpoints stop receiving after it, so no later test's dispatch touches them."""
    yield
    async with database.transaction() as session:
        await session.execute(update(WebhookEndpoint).values(status="DISABLED"))
