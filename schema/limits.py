"""Limits on what one request may ask: depth, aliases, directives and static cost, plus a per-caller
rate limit on cost. Checked after validation and before execution; each refusal has its own code.

Cost: every object or list field costs 1 plus its children's cost; a connection multiplies its
children by its `first` (or the default page size); a plain list field multiplies them by 10 (its
`edges` within a connection do not multiply again). `COSTS` overrides the base cost of fields.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    VariableNode,
    Visitor,
    get_named_type,
    visit,
)
from graphql.type.definition import GraphQLInterfaceType
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionResult

from zhongjie.domain.errors import ErrorCode
from zhongjie.domain.messages import render

LIST_MULTIPLIER = 10
DEFAULT_PAGE = 20
COSTS: dict[str, int] = {"Query.node": 1, "Query.nodes": 1}


@dataclass(frozen=True)
class Measure:
    cost: int
    depth: int
    aliases: int
    directives: int


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


def _unwrap(type_: Any) -> Any:
    while isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return type_


class _Walker:
    def __init__(
        self, schema: GraphQLSchema, fragments: dict[str, FragmentDefinitionNode], variables: dict[str, Any]
    ):
        self.schema, self.fragments, self.variables = schema, fragments, variables
        self.aliases = 0
        self.directives = 0

    def fields(self, selection_set: SelectionSetNode | None, seen: frozenset[str]) -> Iterator[FieldNode]:
        for selection in selection_set.selections if selection_set else ():
            self.directives += len(selection.directives or ())
            if isinstance(selection, FieldNode):
                yield selection
            elif isinstance(selection, InlineFragmentNode):
                yield from self.fields(selection.selection_set, seen)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
                fragment = self.fragments.get(selection.name.value)
                if fragment is not None:
                    yield from self.fields(fragment.selection_set, seen | {selection.name.value})

    def measure(self, parent: Any, selection_set: SelectionSetNode | None, depth: int) -> tuple[int, int]:
        cost, deepest = 0, depth
        for node in self.fields(selection_set, frozenset()):
            if node.alias is not None:
                self.aliases += 1
            name = node.name.value
            definition = getattr(parent, "fields", {}).get(name) if parent is not None else None
            if definition is None or name.startswith("__"):
                continue
            returned = _unwrap(definition.type)
            named = get_named_type(returned)
            if not isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
                continue
            child_cost, child_depth = self.measure(named, node.selection_set, depth + 1)
            deepest = max(deepest, child_depth)
            structural = parent.name.endswith(("Connection", "Edge"))  # edges, node, pageInfo cost nothing
            base = COSTS.get(f"{parent.name}.{name}", 0 if structural else 1)
            cost += base + self._multiplier(parent, node, named, returned) * child_cost
        return cost, deepest

    def _multiplier(self, parent: Any, node: FieldNode, named: Any, returned: Any) -> int:
        if parent.name.endswith("Connection"):
            return 1  # a connection's edges were multiplied by its page size already
        if named.name.endswith("Connection"):
            first = next(
                (argument.value for argument in node.arguments or () if argument.name.value == "first"), None
            )
            if isinstance(first, IntValueNode):
                return max(1, int(first.value))
            if isinstance(first, VariableNode) and isinstance(self.variables.get(first.name.value), int):
                return max(1, self.variables[first.name.value])
            return DEFAULT_PAGE
        return LIST_MULTIPLIER if isinstance(returned, GraphQLList) else 1


def measure(
    schema: GraphQLSchema, document: Any, operation_name: str | None, variables: dict[str, Any]
) -> Measure:
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    operation = next(
        (o for o in operations if operation_name is None or (o.name and o.name.value == operation_name)), None
    )
    if operation is None:
        return Measure(0, 0, 0, 0)
    root = {
        "query": schema.query_type,
        "mutation": schema.mutation_type,
        "subscription": schema.subscription_type,
    }[operation.operation.value]
    walker = _Walker(schema, fragments, variables or {})
    walker.directives += len(operation.directives or ())
    cost, depth = walker.measure(root, operation.selection_set, 1)
    return Measure(cost, depth, walker.aliases, walker.directives)


@dataclass(frozen=True)
class DocumentFacts:
    """What the checks before execution need of a document with its variables."""

    measure: Measure
    nul_literal: bool
    introspection: bool


class DocumentFactsCache:
    """The facts of the latest documents, by their text and the integer variables (the only ones the
    cost reads): a front end sends the same few documents over and over, and walking one takes as long
    as running a small query."""

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
        integers = tuple(sorted((k, v) for k, v in variables.items() if type(v) is int))
        key = (query, operation_name, integers)
        found = self.entries.get(key)
        if found is not None:
            self.entries.move_to_end(key)
            return found
        found = DocumentFacts(
            measure(schema, document, operation_name, variables),
            _has_nul_literal(document),
            _asks_introspection(document),
        )
        self.entries[key] = found
        if len(self.entries) > self.size:
            self.entries.popitem(last=False)
        return found


DOCUMENTS = DocumentFactsCache()


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


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(item) for item in value.values())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def _has_nul_literal(document: Any) -> bool:
    literals: list[str] = []

    class Strings(Visitor):
        def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
            literals.append(node.value)

    visit(document, Strings())
    return _has_nul(literals)


def _nul_refusal(nul_literal: bool, variables: dict[str, Any] | None, language: str) -> GraphQLError | None:
    """Text with the NUL character, which no database stores, is refused at the edge."""
    if not (nul_literal or _has_nul(variables or {})):
        return None
    return GraphQLError(
        render("nul_character", language), extensions={"code": ErrorCode.BAD_USER_INPUT.value}
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


class QueryLimits(SchemaExtension):
    """Refuses over-limit operations before they run; reports `extensions.cost` and `extensions.throttle`."""

    def on_operation(self) -> Iterator[None]:
        settings = getattr(self.execution_context.context, "settings", None)
        if settings is not None:  # the parser stops at the token limit, before building a huge document
            self.execution_context.parse_options["max_tokens"] = settings.max_tokens
        yield

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context.context
        settings = context.settings
        document = self.execution_context.graphql_document
        if document is not None:
            variables = self.execution_context.variables or {}
            facts = DOCUMENTS.facts(
                self.execution_context.schema._schema,
                self.execution_context.query or "",
                document,
                self.execution_context.operation_name,
                variables,
            )
            context.cost = facts.measure.cost
            context.operation_type = self.execution_context.operation_type.value
            refusal = (
                _nul_refusal(facts.nul_literal, variables, context.language)
                or self._introspection_refusal(facts.introspection, context)
                or self._refusal(facts.measure, settings, context)
            )
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

    def _refusal(self, found: Measure, settings: Any, context: Any) -> GraphQLError | None:
        language = context.language
        for value, limit, key in (
            (found.depth, settings.max_depth, "too_deep"),
            (found.aliases, settings.max_aliases, "too_many_aliases"),
            (found.directives, settings.max_directives, "too_many_directives"),
            (found.cost, settings.max_cost, "too_costly"),
        ):
            if value > limit:
                return GraphQLError(
                    render(key, language, value=value, maximum=limit),
                    extensions={"code": ErrorCode.QUERY_TOO_COMPLEX.value},
                )
        return charge(context, found.cost)

    def get_results(self) -> dict[str, Any]:
        context = self.execution_context.context
        results: dict[str, Any] = {}
        if getattr(context, "cost", None) is not None:
            results["cost"] = context.cost
        if getattr(context, "throttle", None):
            results["throttle"] = context.throttle
        return results
