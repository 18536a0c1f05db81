"""Declaring non-public fields on GraphQL types, hiding non-public rows, and reporting what was withheld.

`restricted(rule, ...)` declares a field together with its `FieldRule`; the field's
value then passes through the one `VISIBILITY` policy on every resolution. Withheld
field coordinates (`Type.field`) are listed once in the response's
`extensions.visibility`.

A type whose rows are not public declares its `RowRule` as `row_rule`; `guard_rows` puts every
field of the schema returning such rows behind that rule, nested references and payloads included;
resolvers do not filter rows themselves, except connections, in SQL, so their pages and counts stay right.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import Enum
from inspect import isawaitable
from typing import Any, TypeGuard

import strawberry
from graphql import (
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLSchema,
    GraphQLUnionType,
    get_named_type,
    get_nullable_type,
    is_non_null_type,
)
from strawberry.extensions import FieldExtension, SchemaExtension
from strawberry.schema.schema_converter import GraphQLCoreConverter

from zhongjie.auth.principal import Principal
from zhongjie.auth.visibility import VISIBILITY, FieldRule, RowRule
from zhongjie.schema.relay import Edge


def computed_for(principal: Principal, rule: FieldRule, source: Any) -> bool:
    """Whether a restricted field's value is computed at all: not when it would be withheld whole."""
    return rule.mask is not None or VISIBILITY.sees_field(principal, rule, source)


def revealed(context: Any, coordinate: str, rule: FieldRule, source: Any, value: Any) -> Any:
    """What the caller of `context` gets of a restricted field's value; a withheld field's coordinate
    (`Type.field`) is noted for `extensions.visibility`."""
    shown = VISIBILITY.reveal(context.principal, rule, source, value)
    if shown.withheld:
        context.withheld.add(coordinate)
    return shown.value


class RestrictedField(FieldExtension):
    def __init__(self, rule: FieldRule) -> None:
        self.rule = rule

    def _finish(self, source: Any, info: strawberry.Info, value: Any) -> Any:
        coordinate = f"{info._raw_info.parent_type.name}.{info.field_name}"
        return revealed(info.context, coordinate, self.rule, source, value)

    def resolve(self, next_: Callable[..., Any], source: Any, info: strawberry.Info, **kwargs: Any) -> Any:
        if not computed_for(info.context.principal, self.rule, source):
            return self._finish(source, info, None)
        return self._finish(source, info, next_(source, info, **kwargs))

    async def resolve_async(
        self, next_: Callable[..., Awaitable[Any]], source: Any, info: strawberry.Info, **kwargs: Any
    ) -> Any:
        if not computed_for(info.context.principal, self.rule, source):
            return self._finish(source, info, None)
        return self._finish(source, info, await next_(source, info, **kwargs))


def _audience_text(rule: FieldRule) -> str:
    audience = rule.audience
    parts = [f"role {role.value}" for role in sorted(audience.roles)]
    parts += [relation.name for relation in audience.relations]
    parts += [f"scope {scope}" for scope in sorted(audience.scopes)]
    if audience.authenticated:
        parts.append("any signed-in user")
    others = "masked" if rule.mask else "null"
    return f"非公开 Restricted to: {', '.join(parts)}; others get {others}."


def restricted(rule: FieldRule, *, description: str, resolver: Callable[..., Any] | None = None) -> Any:
    """A field whose value is shown only as `rule` allows; the rule is stated in its description."""
    extensions: list[FieldExtension] = [RestrictedField(rule)]
    full_description = f"{description} {_audience_text(rule)}"
    if resolver is not None:
        return strawberry.field(resolver=resolver, description=full_description, extensions=extensions)
    return strawberry.field(description=full_description, extensions=extensions)


def field_rule(field: Any) -> FieldRule | None:
    """The rule a strawberry field was declared with, if it is restricted."""
    for extension in getattr(field, "extensions", None) or ():
        if isinstance(extension, RestrictedField):
            return extension.rule
    return None


class VisibilityReport(SchemaExtension):
    """Adds `extensions.visibility`: the coordinates of fields withheld in this response. None when an
    error left no data: which resolvers noted a withheld value before the error ended the execution
    depends on their timing, and no withheld value is in the response."""

    def get_results(self) -> dict[str, Any]:
        result = self.execution_context.result
        if result is not None and result.data is None:
            return {}
        withheld = getattr(self.execution_context.context, "withheld", None)
        return {"visibility": sorted(withheld)} if withheld else {}


def sees(principal: Principal, node: Any) -> bool:
    """Whether `principal` may see `node`, by the row rule its type declares (`row_rule`), if any."""
    return VISIBILITY.sees_row(principal, getattr(node, "row_rule", None), node)


class Shape(Enum):
    """How a field holds rows, and so how a hidden one is left out."""

    ONE = "one"  # a nullable row: null
    ITEMS = "items"  # a list of non-null rows: dropped
    SLOTS = "slots"  # a list of nullable rows (`nodes(ids:)`): null in its place
    EDGES = "edges"  # a connection's edges: the edge dropped (its resolver filters in SQL too)


@dataclass(frozen=True)
class RowGuard:
    """The row rule one field's values pass: that of the field's type, or, for an abstract type
    (`Node`), each value's own."""

    shape: Shape
    rule: RowRule | None

    def _sees(self, principal: Principal, row: Any) -> bool:
        if self.rule is None:
            return sees(principal, row)
        return VISIBILITY.sees_row(principal, self.rule, row)

    def admit(self, principal: Principal, value: Any) -> Any:
        if value is None:
            return None
        if self.shape is Shape.ONE:
            return value if self._sees(principal, value) else None
        if self.shape is Shape.SLOTS:
            return [row if row is None or self._sees(principal, row) else None for row in value]
        if self.shape is Shape.EDGES:
            return [edge for edge in value if self._sees(principal, edge.node)]
        return [row for row in value if self._sees(principal, row)]


class GuardedResolver:
    """A field's resolver whose result passes its `RowGuard` before anything reads it."""

    def __init__(self, resolve: Callable[..., Any], guard: RowGuard) -> None:
        self.resolve = resolve
        self.guard = guard

    def __call__(self, source: Any, info: GraphQLResolveInfo, **kwargs: Any) -> Any:
        value = self.resolve(source, info, **kwargs)
        if isawaitable(value):
            return self._admit_later(value, info)
        return self.guard.admit(info.context.principal, value)

    async def _admit_later(self, pending: Awaitable[Any], info: GraphQLResolveInfo) -> Any:
        return self.guard.admit(info.context.principal, await pending)


def _row_rule(graphql_type: GraphQLNamedType) -> RowRule | None:
    definition = (graphql_type.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    return getattr(getattr(definition, "origin", None), "row_rule", None)


def _is_edge(graphql_type: GraphQLNamedType) -> TypeGuard[GraphQLObjectType]:
    definition = (graphql_type.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    origin = getattr(definition, "origin", None)
    return (
        isinstance(graphql_type, GraphQLObjectType) and isinstance(origin, type) and issubclass(origin, Edge)
    )


def _ruled(schema: GraphQLSchema, graphql_type: GraphQLNamedType) -> bool:
    if isinstance(graphql_type, GraphQLObjectType):
        return _row_rule(graphql_type) is not None
    if isinstance(graphql_type, (GraphQLInterfaceType, GraphQLUnionType)):
        return any(_row_rule(possible) for possible in schema.get_possible_types(graphql_type))
    return False


def _row_guard(schema: GraphQLSchema, coordinate: str, field_type: GraphQLOutputType) -> RowGuard | None:
    """The guard a field needs: it returns a row-ruled type (an object type declaring `row_rule`, or an
    abstract type one of whose types does), a list of one, or a connection's edges of one.

    A single row must be nullable, so that a hidden one can be null like a missing one.
    """
    named = get_named_type(field_type)
    outer = get_nullable_type(field_type)
    item = outer.of_type if isinstance(outer, GraphQLList) else None
    if item is not None and _is_edge(named):
        node = get_named_type(named.fields["node"].type)
        return RowGuard(Shape.EDGES, _row_rule(node)) if _ruled(schema, node) else None
    if not _ruled(schema, named):
        return None
    if item is not None and isinstance(get_nullable_type(item), GraphQLList):
        raise TypeError(f"{coordinate}: lists of lists of the row-ruled type {named.name} are not guarded")
    rule = _row_rule(named) if isinstance(named, GraphQLObjectType) else None
    if item is not None:
        return RowGuard(Shape.ITEMS if is_non_null_type(item) else Shape.SLOTS, rule)
    if is_non_null_type(field_type):
        raise TypeError(f"{coordinate}: a field of the row-ruled type {named.name} must be nullable")
    return RowGuard(Shape.ONE, rule)


def guard_rows(schema: GraphQLSchema) -> dict[str, RowGuard]:
    """Put every field returning rows of a ruled type behind its `RowGuard`, so a row is hidden on every
    path to it, nested references and payloads included; returns the guards by field coordinate.

    An edge's `node` is not guarded itself (it is non-null): its connection's `edges` are.
    """
    guards = {}
    for graphql_type in schema.type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType) or _is_edge(graphql_type):
            continue
        for name, field in graphql_type.fields.items():
            coordinate = f"{graphql_type.name}.{name}"
            guard = _row_guard(schema, coordinate, field.type)
            if guard is not None:
                field.resolve = GuardedResolver(field.resolve, guard)
                guards[coordinate] = guard
    return guards
