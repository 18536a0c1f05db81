"""Slow clients over a real socket: request headers must be complete within ZHONGJIE_HEADER_TIMEOUT_SECONDS
(slowloris), and an idle connection lasts ZHONGJIE_KEEP_ALIVE_TIMEOUT_SECONDS."""

from __future__ import annotations

import asyncio
import contextlib
import time
from pathlib import Path

from tests.apps import served, static_key_app
from tests.auth.signing import TestIssuer
from tests.processes import running_server
from zhongjie.models.database import Database

PARTIAL = b"GET /healthz HTTP/1.1\r\nHost: x\r\n"
COMPLETE = PARTIAL + b"\r\n"


async def seconds_until_closed(address: str, sent: bytes, trickle: bytes = b"") -> float:
    """Sends `sent`, then `trickle` every 0.1 s, until the server closes the connection (at most 10 s)."""
    host, port = address.rsplit(":", 1)
    reader, writer = await asyncio.open_connection(host, int(port))
    started = time.monotonic()
    writer.write(sent)
    try:
        async with asyncio.timeout(10):
            while not reader.at_eof():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(reader.read(65_536), 0.1)
                if trickle and not reader.at_eof():
                    writer.write(trickle)
    finally:
        writer.close()
    return time.monotonic() - started


async def test_headers_that_stall_or_trickle_are_cut_off(database: Database, test_issuer: TestIssuer) -> None:
    app = static_key_app(database, test_issuer, header_timeout_seconds=0.5)
    async with served(app, lifespan="off") as address:
        stalled = await seconds_until_closed(address, PARTIAL)
        trickled = await seconds_until_closed(address, PARTIAL, trickle=b"X-Slow: 1\r\n")
        silent = await seconds_until_closed(address, b"")
    assert 0.4 < stalled < 2 and 0.4 < trickled < 2 and 0.4 < silent < 2, (stalled, trickled, silent)


async def test_a_complete_request_is_served_and_its_connection_kept_alive(
    database: Database, test_issuer: TestIssuer
) -> None:
    app = static_key_app(database, test_issuer, header_timeout_seconds=0.3, keep_alive_timeout_seconds=1)
    async with served(app, lifespan="off") as address:
        host, port = address.rsplit(":", 1)
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            answers = []
            for _ in range(2):
                writer.write(COMPLETE)
                answers.append(await asyncio.wait_for(reader.readuntil(b'{"status":"ok"}'), 5))
                await asyncio.sleep(0.6)  # longer than the header timeout: waiting between requests is idling
            started = time.monotonic()
            assert await asyncio.wait_for(reader.read(), 5) == b""
            idle = time.monotonic() - started
        finally:
            writer.close()
    assert all(answer.startswith(b"HTTP/1.1 200") for answer in answers)
    assert 0.2 < idle < 1.5, idle  # the keep-alive timeout (1 s) less the 0.6 s already waited


async def test_zhongjie_serve_cuts_off_stalled_headers(database: Database, tmp_path: Path) -> None:
    env = {
        "ZHONGJIE_DATABASE_URL": database.engine.url.render_as_string(hide_password=False),
        "ZHONGJIE_HEADER_TIMEOUT_SECONDS": "1",
        "ZHONGJIE_WEBHOOK_DISPATCH": "false",
    }
    with running_server(tmp_path, env=env) as base:
        stalled = await seconds_until_closed(base.removeprefix("http://"), PARTIAL)
    assert 0.9 < stalled < 3, stalled
