"""ZHONGJIE_WS_MAX_CONNECTIONS_PER_CALLER over real WebSockets: an address at the cap is refused at the
handshake (HTTP 429), a signed-in connection counts against its user instead (4429 over the cap)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack

import pytest
from starlette.applications import Starlette
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.apps import served
from tests.auth.signing import TestIssuer
from tests.ws_client import PROTOCOL, authorised


@pytest.fixture
def app_settings() -> dict[str, int]:
    return {"ws_max_connections_per_caller": 2}


@pytest.fixture
async def url(app: Starlette) -> AsyncIterator[str]:
    async with served(app, lifespan="off") as address:
        yield f"ws://{address}/graphql"


async def test_an_address_at_the_cap_is_refused_until_it_closes_one(url: str) -> None:
    async with AsyncExitStack() as stack:
        for _ in range(2):
            await authorised(await stack.enter_async_context(connect(url, subprotocols=[PROTOCOL])), None)
        with pytest.raises(InvalidStatus) as refused:
            await connect(url, subprotocols=[PROTOCOL], additional_headers={"accept-language": "en"})
    error = json.loads(refused.value.response.body)["errors"][0]
    assert refused.value.response.status_code == 429
    assert error == {
        "message": "At most 2 WebSocket connections open at once; close another first",
        "extensions": {"code": "RATE_LIMITED"},
    }
    for _ in range(50):  # the server counts a connection out once it has seen it close
        try:
            async with connect(url, subprotocols=[PROTOCOL]) as socket:
                await authorised(socket, None)
            return
        except InvalidStatus:
            await asyncio.sleep(0.05)
    pytest.fail("the address stayed at the cap after its connections closed")


async def test_signed_in_connections_count_against_their_user(url: str, test_issuer: TestIssuer) -> None:
    alice, bob = test_issuer.token(), test_issuer.token()
    async with AsyncExitStack() as stack:
        for token in (alice, alice, bob, bob):  # four from one address: each user holds two
            await authorised(await stack.enter_async_context(connect(url, subprotocols=[PROTOCOL])), token)
        async with connect(url, subprotocols=[PROTOCOL]) as third:
            message = {"type": "connection_init", "payload": {"Authorization": f"Bearer {alice}"}}
            await third.send(json.dumps(message))
            with pytest.raises(ConnectionClosed) as closed:
                await asyncio.wait_for(third.recv(), 5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4429
