"""Observability: Prometheus metrics and OpenTelemetry spans for every GraphQL operation.

Metrics (`GET /metrics`): requests by operation and outcome, latency histograms, SQL statements per
operation and in all, query operations run compiled or not, open WebSocket connections, active
subscriptions, event delivery latency and the outbox lag of webhook fan-out. Each process serves its own
registry; with `--workers N`, set PROMETHEUS_MULTIPROC_DIR to an empty folder and every process serves the
sum over all of them (gauges summed over the live processes). Spans carry the operation name, the
document's SHA-256, its cost and its SQL statements; export them with any OpenTelemetry SDK.

Operations are labelled by name only when their document is a trusted one (`operation_label`), so callers
cannot grow the label set; `ZHONGJIE_METRICS_TOKEN` keeps the metrics to whoever holds the token.
"""

from __future__ import annotations

import contextvars
from typing import Any

from prometheus_client import Counter, Gauge, Histogram
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

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
COMPILED_READS = Counter(
    "zhongjie_compiled_reads_total",
    "Query operations by how they ran: compiled, fell back to the standard executor, or not planned",
    ["outcome"],
)
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
