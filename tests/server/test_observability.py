"""Prometheus metrics and OpenTelemetry spans of GraphQL operations."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from tests.apps import client_for

QUERY = "query CatalogPage { serviceItems(first: 3) { edges { node { code region { name } } } } }"

EXPORTER = InMemorySpanExporter()
_provider = TracerProvider()
_provider.add_span_processor(SimpleSpanProcessor(EXPORTER))
trace.set_tracer_provider(_provider)


async def test_metrics_count_operations_outcomes_and_statements(database, tmp_path: Path) -> None:
    """Operations of trusted documents by name, any other as "other" (see test_metrics_exposure)."""
    trusted = tmp_path / "trusted.json"
    trusted.write_text(json.dumps({hashlib.sha256(QUERY.encode()).hexdigest(): QUERY}))
    async with client_for(database, trusted_documents=trusted) as client:
        await client.post("/graphql", json={"query": QUERY, "operationName": "CatalogPage"})
        await client.post("/graphql", json={"query": "query Bad { serviceItems(first: 0) { totalCount } }"})
        text = (await client.get("/metrics")).text
    assert 'zhongjie_graphql_requests_total{operation="CatalogPage",outcome="ok"}' in text
    assert 'zhongjie_graphql_requests_total{operation="other",outcome="BAD_USER_INPUT"}' in text
    assert 'zhongjie_graphql_seconds_bucket{le="0.005",operation="CatalogPage"}' in text
    assert "zhongjie_sql_statements_per_operation_count" in text
    assert "zhongjie_websocket_connections" in text


async def test_spans_carry_operation_document_hash_and_cost(database) -> None:
    EXPORTER.clear()
    async with client_for(database) as client:
        await client.post("/graphql", json={"query": QUERY, "operationName": "CatalogPage"})
    attributes = [dict(span.attributes or {}) for span in EXPORTER.get_finished_spans()]
    tagged = [a for a in attributes if a.get("graphql.document.sha256")]
    assert tagged, attributes
    assert tagged[0]["graphql.operation.name"] == "CatalogPage"
    assert tagged[0]["graphql.document.sha256"] == hashlib.sha256(QUERY.encode()).hexdigest()
    assert tagged[0]["graphql.cost"] == 1 + 3 * 1
    assert tagged[0]["db.statements"] >= 2
