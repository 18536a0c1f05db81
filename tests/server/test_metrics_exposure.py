"""`GET /metrics` over real HTTP: its labels stay bounded whatever operation names callers send, and
with ZHONGJIE_METRICS_TOKEN it answers only the token's holder."""

from __future__ import annotations

import hashlib
import json
import secrets
from pathlib import Path

import httpx

from tests.apps import served, static_key_app
from tests.auth.signing import TestIssuer
from zhongjie.models.database import Database

TRUSTED = "query MetricsTrustedCount { serviceItems(first: 1) { totalCount } }"


async def test_random_operation_names_do_not_grow_the_metrics(
    database: Database, test_issuer: TestIssuer
) -> None:
    async with (
        served(static_key_app(database, test_issuer)) as address,
        httpx.AsyncClient(base_url=f"http://{address}", timeout=10) as client,
    ):

        async def random_operations(count: int) -> None:
            """Named in the document, and named by `operationName` (which the document lacks)."""
            for _ in range(count):
                name = f"Random{secrets.token_hex(8)}"
                await client.post("/graphql", json={"query": f"query {name} {{ __typename }}"})
                await client.post("/graphql", json={"query": "{ __typename }", "operationName": name})

        await random_operations(5)
        before = (await client.get("/metrics")).text
        await random_operations(300)
        after = (await client.get("/metrics")).text
    assert "Random" not in after
    assert 'operation="other"' in after
    assert len(after.splitlines()) == len(before.splitlines())
    assert len(after) < len(before) + 2_000  # counts gain digits, nothing else


async def test_operations_of_trusted_documents_keep_their_names(
    database: Database, test_issuer: TestIssuer, tmp_path: Path
) -> None:
    documents = tmp_path / "trusted.json"
    documents.write_text(json.dumps({hashlib.sha256(TRUSTED.encode()).hexdigest(): TRUSTED}))
    app = static_key_app(database, test_issuer, trusted_documents=documents)
    async with (
        served(app) as address,
        httpx.AsyncClient(base_url=f"http://{address}", timeout=10) as client,
    ):
        await client.post("/graphql", json={"query": TRUSTED})
        forged = await client.post("/graphql", json={"query": TRUSTED, "operationName": "ForgedName1"})
        text = (await client.get("/metrics")).text
    assert forged.status_code == 400  # refused before it runs, so never recorded
    assert 'zhongjie_graphql_requests_total{operation="MetricsTrustedCount",outcome="ok"}' in text
    assert "ForgedName1" not in text


async def test_with_a_token_set_only_its_holder_reads_the_metrics(
    database: Database, test_issuer: TestIssuer
) -> None:
    app = static_key_app(database, test_issuer, metrics_token="metrics-secret-for-tests")
    async with (
        served(app) as address,
        httpx.AsyncClient(base_url=f"http://{address}", timeout=10) as client,
    ):
        missing = await client.get("/metrics", headers={"accept-language": "en"})
        wrong = await client.get("/metrics", headers={"authorization": "Bearer metrics-secret-for-test"})
        right = await client.get("/metrics", headers={"authorization": "Bearer metrics-secret-for-tests"})
    assert (missing.status_code, missing.headers["www-authenticate"]) == (401, "Bearer")
    assert missing.text == "Metrics need the token: Authorization: Bearer <token>"
    assert wrong.status_code == 401 and "zhongjie_" not in wrong.text
    assert right.status_code == 200 and "zhongjie_graphql_requests_total" in right.text
