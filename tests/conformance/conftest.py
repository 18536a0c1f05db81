"""The marketplace the conformance tests drive, one per module on the shared database."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.auth.signing import TestIssuer
from tests.conformance.world import World, world
from zhongjie.models.database import Database


@pytest.fixture(scope="module")
async def marketplace(database: Database, test_issuer: TestIssuer) -> AsyncIterator[World]:
    async with world(database, test_issuer) as live:
        yield live
