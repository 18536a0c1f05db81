"""The GraphQL over HTTP audit suite of the npm package `graphql-http` against a live server: every MUST passes."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.apps import served, static_key_app
from tests.node_packages import require_node_package

AUDIT_DIR = Path(__file__).resolve().parent.parent / "graphql_http"


async def test_every_must_of_the_graphql_over_http_audit_passes(database, test_issuer) -> None:
    require_node_package("graphql_http", "graphql-http", "the graphql-http audit")
    app = static_key_app(
        database, test_issuer, introspection="on"
    )  # the audit reads `__type`; see test_limits
    async with served(app, lifespan="off") as address:
        process = await asyncio.create_subprocess_exec(
            "node",
            str(AUDIT_DIR / "audit.mjs"),
            f"http://{address}/graphql",
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        output, _ = await asyncio.wait_for(process.communicate(), 120)
    report = output.decode()
    assert process.returncode == 0, report
    assert "0 MUST failed" in report
    assert "WARN" not in report, report  # the SHOULDs pass too
    assert "WARN" not in report, report  # the SHOULDs pass too
