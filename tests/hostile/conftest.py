"""The hostile tests' server: `app` served on loopback, so every request crosses a real socket as an
attacker's would."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from tests.apps import served_client


@pytest.fixture
async def server(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with served_client(app) as client:
        yield client
