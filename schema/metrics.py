"""One span and one set of measurements per GraphQL operation; the instruments are in base."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Collection, Iterator
from typing import Any

from opentelemetry import trace
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext

from zhongjie.base.observability import LATENCY, REQUESTS, STATEMENTS, statement_count

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
