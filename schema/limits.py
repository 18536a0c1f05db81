"""Limits on what one request may ask, and a per-caller rate limit on cost.

The figures (`schema.document_analysis`) are found before validation, in time linear in the
document: what validation itself would take quadratic time on (fields of one name, compared pairwise)
is refused before it runs, as is anything over the depth, alias, directive, cost or introspection
limits. Each
refusal has its own message and the code QUERY_TOO_COMPLEX; the cost is charged to the caller's
bucket only for operations that go on to run.
"""

from __future__ import annotations

import math
import re
import time
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from graphql import FieldNode, GraphQLError, GraphQLSchema, IntValueNode, StringValueNode, Visitor, visit
from starlette.requests import Request
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from zhongjie.base.errors import ErrorCode
from zhongjie.base.messages import render
from zhongjie.schema.document_analysis import Measure, measure


@dataclass
class Bucket:
    points: float
    updated: float


@dataclass
class CostBuckets:
    """A point bucket per caller, refilled continuously: `capacity` points, `refill` points a second."""

    capacity: float
    refill: float
    buckets: dict[str, Bucket] = field(default_factory=dict)

    def take(self, key: str, cost: int, now: float) -> tuple[bool, float]:
        bucket = self.buckets.setdefault(key, Bucket(self.capacity, now))
        bucket.points = min(self.capacity, bucket.points + (now - bucket.updated) * self.refill)
        bucket.updated = now
        if cost > bucket.points:
            return False, bucket.points
        bucket.points -= cost
        return True, bucket.points

    def seconds_until(self, key: str, cost: int) -> float:
        missing = cost - self.buckets[key].points
        return max(0.0, missing / self.refill) if self.refill else math.inf


@dataclass(frozen=True)
class DocumentFacts:
    """What the checks before execution need of a document with its variables."""

    measure: Measure
    literal_problem: str | None
    introspection: bool


class DocumentFactsCache:
    """The facts of the latest documents, by their text and the variables the cost reads (integers and
    lists' lengths): a front end sends the same few documents over and over."""

    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self.entries: OrderedDict[tuple[Any, ...], DocumentFacts] = OrderedDict()

    def facts(
        self,
        schema: GraphQLSchema,
        query: str,
        document: Any,
        operation_name: str | None,
        variables: dict[str, Any],
    ) -> DocumentFacts:
        key = (query, operation_name, _cost_inputs(variables))
        found = self.entries.get(key)
        if found is not None:
            self.entries.move_to_end(key)
            return found
        found = DocumentFacts(
            measure(schema, document, operation_name, variables),
            _literal_problem(document),
            _asks_introspection(document),
        )
        self.entries[key] = found
        if len(self.entries) > self.size:
            self.entries.popitem(last=False)
        return found


DOCUMENTS = DocumentFactsCache()


def _cost_inputs(variables: dict[str, Any]) -> tuple[Any, ...]:
    def shape(value: Any) -> Any:
        if isinstance(value, list):
            return ("list", len(value))
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value
        return None

    return tuple(sorted((name, shape(value)) for name, value in variables.items()))


def _asks_introspection(document: Any) -> bool:
    """Whether any selection of the document reads `__schema` or `__type`."""
    stack = [
        definition.selection_set
        for definition in document.definitions
        if getattr(definition, "selection_set", None)
    ]
    while stack:
        for selection in stack.pop().selections:
            if isinstance(selection, FieldNode) and selection.name.value in {"__schema", "__type"}:
                return True
            if getattr(selection, "selection_set", None) is not None:
                stack.append(selection.selection_set)
    return False


# what no text of the marketplace holds: NUL (no database stores it), unpaired surrogates (no encoding
# holds them), other control characters but tab and line breaks (terminal escapes, hidden in logs), and
# the bidirectional overrides that make text read otherwise than it is stored
REFUSED_CHARACTERS = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def unstorable(value: Any) -> str | None:
    """The message key for text with a refused character (`REFUSED_CHARACTERS`), anywhere in `value`."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found = REFUSED_CHARACTERS.search(item)
            if found is not None:
                return _refused_character_key(found.group())
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def _refused_character_key(character: str) -> str:
    if character == "\x00":
        return "nul_character"
    return "unpaired_surrogate" if "\ud800" <= character <= "\udfff" else "control_character"


LONGEST_INTEGER_LITERAL = 19  # digits of the largest BIGINT; longer ones only ever stall int()


def _literal_problem(document: Any) -> str | None:
    """The message key for a literal no field could take: unstorable text, an integer of absurd length."""
    strings: list[str] = []
    problems: list[str] = []

    class Literals(Visitor):
        def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
            strings.append(node.value)

        def enter_int_value(self, node: IntValueNode, *_: Any) -> None:
            if len(node.value.lstrip("-")) > LONGEST_INTEGER_LITERAL:
                problems.append("integer_literal_too_long")

    visit(document, Literals())
    return problems[0] if problems else unstorable(strings)


def _text_refusal(facts: DocumentFacts, variables: dict[str, Any], language: str) -> GraphQLError | None:
    """Literals no field could take, and text no database stores in the variables, are refused at the edge."""
    key = facts.literal_problem or unstorable(variables)
    if key is None:
        return None
    return GraphQLError(render(key, language), extensions={"code": ErrorCode.BAD_USER_INPUT.value})


def _transport_refusal(operation_type: OperationType, context: Any) -> GraphQLError | None:
    """Subscriptions run over WebSocket only (and for the platform's own webhook payloads, without a
    request); over HTTP their stream would have no one to go to."""
    if operation_type is not OperationType.SUBSCRIPTION or not isinstance(
        getattr(context, "request", None), Request
    ):
        return None
    return GraphQLError(
        render("subscription_over_http", context.language),
        extensions={"code": ErrorCode.BAD_USER_INPUT.value},
    )


def charge(context: Any, cost: int) -> GraphQLError | None:
    """Take `cost` points from the caller's bucket and note its state in `context.throttle`; a
    `RATE_LIMITED` error when the bucket has too few."""
    buckets: CostBuckets | None = context.cost_buckets
    if buckets is None:
        return None  # the platform's own work (webhook payloads) spends no caller's points
    key = (
        f"user:{context.principal.user_id}"
        if context.principal.is_authenticated
        else f"ip:{context.client_host}"
    )
    allowed, remaining = buckets.take(key, cost, time.monotonic())
    context.throttle = {
        "remaining": round(remaining, 1),
        "capacity": buckets.capacity,
        "refillPerSecond": buckets.refill,
    }
    if allowed:
        return None
    retry = math.ceil(buckets.seconds_until(key, cost))
    context.throttle["retryAfterSeconds"] = retry
    return GraphQLError(
        render("rate_limited", context.language, seconds=retry),
        extensions={"code": ErrorCode.RATE_LIMITED.value},
    )


def limit_refusal(found: Measure, settings: Any, language: str) -> GraphQLError | None:
    """QUERY_TOO_COMPLEX for the first limit `found` exceeds."""
    for value, limit, key in (
        (found.overlaps, settings.max_overlaps, "too_many_overlaps"),
        (found.depth, settings.max_depth, "too_deep"),
        (found.aliases, settings.max_aliases, "too_many_aliases"),
        (found.directives, settings.max_directives, "too_many_directives"),
        (found.introspection_cost, settings.max_introspection_cost, "too_much_introspection"),
        (found.cost, settings.max_cost, "too_costly"),
    ):
        if value > limit:
            return GraphQLError(
                render(key, language, value=value, maximum=limit),
                extensions={"code": ErrorCode.QUERY_TOO_COMPLEX.value},
            )
    return None


class QueryLimits(SchemaExtension):
    """Refuses over-limit operations before they are validated, charges the cost of those that run, and
    reports `extensions.cost` and `extensions.throttle`."""

    def on_operation(self) -> Iterator[None]:
        settings = getattr(self.execution_context.context, "settings", None)
        if settings is not None:  # the parser stops at the token limit, before building a huge document
            self.execution_context.parse_options["max_tokens"] = settings.max_tokens
        yield

    def on_validate(self) -> Iterator[None]:
        """Before validation: set in `pre_execution_errors`, a refusal skips validation altogether."""
        context = self.execution_context.context
        document = self.execution_context.graphql_document
        if document is not None and getattr(context, "settings", None) is not None:
            variables = self.execution_context.variables or {}
            facts = DOCUMENTS.facts(
                self.execution_context.schema._schema,
                self.execution_context.query or "",
                document,
                self.execution_context.operation_name,
                variables,
            )
            context.cost = facts.measure.cost
            refusal = (
                _transport_refusal(self.execution_context.operation_type, context)
                or _text_refusal(facts, variables, context.language)
                or self._introspection_refusal(facts.introspection, context)
                or limit_refusal(facts.measure, context.settings, context.language)
            )
            if refusal is not None:
                self.execution_context.pre_execution_errors = [refusal]
        yield

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context.context
        if getattr(context, "cost", None) is not None:
            context.operation_type = self.execution_context.operation_type.value
            refusal = charge(context, context.cost)
            if refusal is not None:
                self.execution_context.result = ExecutionResult(data=None, errors=[refusal])
        yield

    def _introspection_refusal(self, asks: bool, context: Any) -> GraphQLError | None:
        """On in demo mode; otherwise as `ZHONGJIE_INTROSPECTION` says (default: signed-in callers only)."""
        policy = "on" if context.settings.demo else context.settings.introspection
        if policy == "on" or (policy == "authenticated" and context.principal.is_authenticated):
            return None
        if not asks:
            return None
        return GraphQLError(
            render("introspection_refused", context.language), extensions={"code": ErrorCode.FORBIDDEN.value}
        )

    def get_results(self) -> dict[str, Any]:
        context = self.execution_context.context
        results: dict[str, Any] = {}
        if getattr(context, "cost", None) is not None:
            results["cost"] = context.cost
        if getattr(context, "throttle", None):
            results["throttle"] = context.throttle
        return results
