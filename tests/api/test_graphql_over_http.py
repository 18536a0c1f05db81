"""The GraphQL over HTTP audit suite of the npm package `graphql-http` against a live server: every MUST passes."""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

import pytest
import uvicorn

from tests.apps import static_key_app
from tests.identity_provider import free_port

AUDIT_DIR = Path(__file__).resolve().parent.parent / "graphql_http"


def _audit_available() -> None:
    missing = None
    if shutil.which("node") is None:
        missing = "node is not installed"
    elif not (AUDIT_DIR / "node_modules" / "graphql-http").exists():
        missing = "run `npm ci --prefix tests/graphql_http` to install the audit suite"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"the graphql-http audit is required in CI: {missing}", pytrace=False)
        pytest.skip(missing)


async def test_every_must_of_the_graphql_over_http_audit_passes(database, test_issuer) -> None:
    _audit_available()
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            static_key_app(
                database, test_issuer, introspection="on"
            ),  # the audit reads `__type`; see test_limits
            host="127.0.0.1",
            port=port,
            log_level="warning",
            lifespan="off",
        )
    )
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:  # noqa: ASYNC110 - uvicorn offers a flag, not an event
            await asyncio.sleep(0.02)
        process = await asyncio.create_subprocess_exec(
            "node",
            str(AUDIT_DIR / "audit.mjs"),
            f"http://127.0.0.1:{port}/graphql",
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        output, _ = await asyncio.wait_for(process.communicate(), 120)
    finally:
        server.should_exit = True
        await task
    report = output.decode()
    assert process.returncode == 0, report
    assert "0 MUST failed" in report
    assert "WARN" not in report, report  # the SHOULDs pass too
    assert "WARN" not in report, report  # the SHOULDs pass too
