"""Observability: Prometheus metrics and OpenTelemetry spans for every GraphQL operation.

Metrics (`GET /metrics`): requests by operation and outcome, latency histograms, SQL statements per
operation and in all, open WebSocket connections, active subscriptions, event delivery latency and the
outbox lag of webhook fan-out. Each process serves its own registry; with `--workers N`, set
PROMETHEUS_MULTIPROC_DIR to an empty folder and every process serves the sum over all of them (gauges
summed over the live processes). Spans carry the operation name, the document's SHA-256, its cost and its
SQL statements; export them with any OpenTelemetry SDK.

Operations are labelled by name only when their document is a trusted one (`operation_label`), so callers
cannot grow the label set; `ZHONGJIE_METRICS_TOKEN` keeps the metrics to whoever holds the token.
"""

from __future__ import annotations

import contextvars
import hashlib
import hmac
import os
import time
from collections.abc import Collection, Iterator
from typing import Any

from opentelemetry import trace
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from pydantic import SecretStr
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext

from zhongjie.domain.messages import negotiate_language, render

REQUESTS = Counter(
    "zhongjie_graphql_requests_total", "GraphQL operations by name and outcome", ["operation", "outcome"]
)
LATENCY = Histogram("zhongjie_graphql_seconds", "GraphQL operation latency", ["operation"])
STATEMENTS = Histogram(
    "zhongjie_sql_statements_per_operation",
    "SQL statements one operation ran",
    buckets=(1, 2, 3, 4, 6, 8, 12, 20, 50, 100),
)
ALL_STATEMENTS = Counter("zhongjie_sql_statements", "SQL statements run, within operations or not")
WEBSOCKETS = Gauge(
    "zhongjie_websocket_connections", "Open WebSocket connections", multiprocess_mode="livesum"
)
ACTIVE_SUBSCRIPTIONS = Gauge(
    "zhongjie_active_subscriptions", "Subscriptions being served", multiprocess_mode="livesum"
)
EVENT_DELIVERY = Histogram(
    "zhongjie_event_delivery_seconds",
    "From an event's commit to its delivery to a subscriber",
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60),
)
OUTBOX_LAG = Gauge(
    "zhongjie_outbox_lag_seconds",
    "Age of the oldest event the webhook dispatcher has not fanned out yet",
    multiprocess_mode="livemax",
)

statement_count: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar(
    "statement_count", default=None
)


def count_statements(engine: AsyncEngine) -> None:
    """Count each statement against the operation running in this context."""

    def record(*_: Any) -> None:
        ALL_STATEMENTS.inc()
        counter = statement_count.get()
        if counter is not None:
            counter[0] += 1

    if not event.contains(engine.sync_engine, "before_cursor_execute", record):
        event.listen(engine.sync_engine, "before_cursor_execute", record)


tracer = trace.get_tracer("zhongjie")


class OperationMetrics(SchemaExtension):
    """One span and one set of measurements per operation."""

    def on_operation(self) -> Iterator[None]:
        counter = [0]
        token = statement_count.set(counter)
        started = time.perf_counter()
        with tracer.start_as_current_span("graphql.operation") as span:
            yield
            self._record(span, counter[0], started)
        statement_count.reset(token)

    def _record(self, span: Any, statements: int, started: float) -> None:
        context = self.execution_context
        name = (context.operation_name or "anonymous")[:64]
        result = context.result
        errors = getattr(result, "errors", None) or context.pre_execution_errors or []
        outcome = "ok" if not errors else str((errors[0].extensions or {}).get("code", "error"))
        label = operation_label(context)
        REQUESTS.labels(label, outcome).inc()
        LATENCY.labels(label).observe(time.perf_counter() - started)
        STATEMENTS.observe(statements)
        if span.is_recording():
            span.set_attribute("graphql.operation.name", name)
            span.set_attribute(
                "graphql.document.sha256", hashlib.sha256((context.query or "").encode()).hexdigest()
            )
            span.set_attribute("graphql.cost", int(getattr(context.context, "cost", None) or 0))
            span.set_attribute("db.statements", statements)


def operation_label(context: ExecutionContext) -> str:
    """The operation's metric label: its name only for a trusted document (`ZHONGJIE_TRUSTED_DOCUMENTS`),
    "anonymous" without a name, else "other". Any other name is the caller's to choose, and each would
    add series to every scrape without bound. (An `operationName` the document does not define never
    gets here: strawberry refuses it before the operation is recorded.)"""
    name = context.operation_name
    if not name:
        return "anonymous"
    trusted: Collection[str] = getattr(context.context, "trusted_documents", ())
    return name[:64] if context.query in trusted else "other"


async def metrics(request: Request) -> Response:
    """The metrics; with `ZHONGJIE_METRICS_TOKEN` set, only for `Authorization: Bearer <token>` (401)."""
    token: SecretStr | None = request.app.state.settings.metrics_token
    if token is not None and not _bearer_is(request, token.get_secret_value()):
        language = negotiate_language(request.headers.get("accept-language"))
        return PlainTextResponse(
            render("metrics_unauthorized", language), status_code=401, headers={"www-authenticate": "Bearer"}
        )
    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)


def _bearer_is(request: Request, secret: str) -> bool:
    """Whether the request's bearer token is `secret`, compared in constant time (over digests, so not
    even its length shows)."""
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    digest = hashlib.sha256(given.strip().encode()).digest()
    return scheme.lower() == "bearer" and hmac.compare_digest(
        digest, hashlib.sha256(secret.encode()).digest()
    )
