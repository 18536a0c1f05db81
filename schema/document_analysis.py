"""What one operation may cost, found in time linear in the document's size.

Each selection set is analysed once per concrete type it may run on, and the result is kept: a
fragment spread a thousand times is walked once, so documents whose fragments spread one another
twice at every level (a classic amplification) cost their true, huge figure at no extra work.

The figures:
- cost: every object or list field costs 1 plus its children's cost; a connection multiplies its
  children by its `first` (or the default page), a list whose length an argument gives (`nodes(ids:)`)
  by that length, a list `LIST_LENGTHS` bounds by that bound, any other list by 10. Connections' own
  `edges`, `node` and `pageInfo` cost nothing.
  Where a field returns an interface or a union (`node`, `nodes`), the most expensive type it may
  turn out to be is counted, through every inline fragment and fragment spread that applies to it.
- introspection cost: the same rule for `__schema`, `__type` and the introspection types, with each
  list multiplied by the longest such list the schema really has (its types, a type's fields, …).
- depth, aliases and directives, as the fragments expand.
- overlaps: the field pairs validation would compare (it checks that fields of one response name can
  merge, pairwise and then their selections pairwise), an upper bound: a thousand fields of one name, or
  twenty of them each holding twenty of another, take validation seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, TypeGuard, cast

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)
from graphql.execution.values import get_variable_values
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef

LIST_MULTIPLIER = 10
DEFAULT_PAGE = 20
COSTS: dict[str, int] = {"Query.node": 1, "Query.nodes": 1}
# lists whose length is the length of one of their arguments
LENGTH_ARGUMENTS: dict[str, str] = {"Query.nodes": "ids"}
# lists known to run longer than LIST_MULTIPLIER at province scale (a country has 34 provinces)
LIST_LENGTHS: dict[str, int] = {"Region.children": 40}
META_FIELDS = {"__schema": SchemaMetaFieldDef, "__type": TypeMetaFieldDef}


@dataclass(frozen=True)
class Measure:
    cost: int
    depth: int
    aliases: int
    directives: int
    introspection_cost: int = 0
    overlaps: int = 0


@dataclass(frozen=True)
class _Totals:
    """The figures of one selection set on one type; `levels` counts the object fields below it."""

    cost: int = 0
    introspection: int = 0
    levels: int = 0
    aliases: int = 0
    directives: int = 0

    def __add__(self, other: _Totals) -> _Totals:
        return _Totals(
            self.cost + other.cost,
            self.introspection + other.introspection,
            max(self.levels, other.levels),
            self.aliases + other.aliases,
            self.directives + other.directives,
        )

    def widest(self, other: _Totals) -> _Totals:
        return _Totals(
            max(self.cost, other.cost),
            max(self.introspection, other.introspection),
            max(self.levels, other.levels),
            max(self.aliases, other.aliases),
            max(self.directives, other.directives),
        )


NOTHING = _Totals()


def _unwrap(type_: Any) -> Any:
    while isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return type_


@cache
def _introspection_lengths(schema: GraphQLSchema) -> dict[str, int]:
    """The longest list behind each list field of the introspection types, in this schema."""
    types = list(schema.type_map.values())

    def longest(values: Any) -> int:
        return max((len(value) for value in values), default=0)

    fields = [field for t in types for field in getattr(t, "fields", {}).values() if hasattr(field, "args")]
    return {
        "__Schema.types": len(types),
        "__Schema.directives": len(schema.directives),
        "__Type.fields": longest(getattr(t, "fields", {}) for t in types),
        "__Type.inputFields": longest(getattr(t, "fields", {}) for t in types),
        "__Type.enumValues": longest(getattr(t, "values", {}) for t in types),
        "__Type.interfaces": longest(getattr(t, "interfaces", ()) for t in types),
        "__Type.possibleTypes": longest(schema.get_possible_types(t) for t in types if _abstract(t)),
        "__Field.args": longest(field.args for field in fields),
        "__Directive.args": longest(directive.args for directive in schema.directives),
        "__Directive.locations": 20,
    }


def _abstract(type_: Any) -> TypeGuard[GraphQLInterfaceType | GraphQLUnionType]:
    return isinstance(type_, GraphQLInterfaceType | GraphQLUnionType)


class _Analysis:
    def __init__(
        self, schema: GraphQLSchema, fragments: dict[str, FragmentDefinitionNode], variables: dict[str, Any]
    ) -> None:
        self.schema, self.fragments, self.variables = schema, fragments, variables
        self.kept: dict[tuple[int, str], _Totals] = {}
        self.groups: dict[int, dict[str, tuple[int, int]]] = {}
        self.compared: dict[int, int] = {}

    def on_type(self, type_: Any, selection_set: SelectionSetNode | None) -> _Totals:
        """The figures of `selection_set` run on `type_`: for an abstract type, its costliest member."""
        if selection_set is None:
            return NOTHING
        if not _abstract(type_):
            return self.on_object(type_, selection_set)
        widest = NOTHING
        for member in self.schema.get_possible_types(type_):
            widest = widest.widest(self.on_object(member, selection_set))
        return widest

    def on_object(self, type_: GraphQLObjectType, selection_set: SelectionSetNode) -> _Totals:
        key = (id(selection_set), type_.name)
        found = self.kept.get(key)
        if found is None:
            self.kept[key] = NOTHING  # a fragment cycle (invalid, refused by validation) adds nothing
            found = sum((self.selection(type_, s) for s in selection_set.selections), NOTHING)
            self.kept[key] = found
        return found

    def selection(self, type_: GraphQLObjectType, selection: Any) -> _Totals:
        directives = _Totals(directives=len(selection.directives or ()))
        if isinstance(selection, FieldNode):
            return directives + self.field(type_, selection)
        if isinstance(selection, InlineFragmentNode):
            applies = selection.type_condition is None or self.applies(
                selection.type_condition.name.value, type_
            )
            return directives + (self.on_object(type_, selection.selection_set) if applies else NOTHING)
        fragment = self.fragments.get(selection.name.value)
        if fragment is None or not self.applies(fragment.type_condition.name.value, type_):
            return directives
        return (
            directives
            + _Totals(directives=len(fragment.directives or ()))
            + self.on_object(type_, fragment.selection_set)
        )

    def applies(self, condition: str, type_: GraphQLObjectType) -> bool:
        named = self.schema.get_type(condition)
        if named is None:
            return False
        return named is type_ or (_abstract(named) and self.schema.is_sub_type(named, type_))

    def field(self, parent: GraphQLObjectType, node: FieldNode) -> _Totals:
        name = node.name.value
        own = _Totals(aliases=1 if node.alias is not None else 0)
        definition = META_FIELDS.get(name) if parent is self.schema.query_type else None
        definition = definition or parent.fields.get(name)
        if definition is None:
            return own  # unknown: validation refuses it
        returned = _unwrap(definition.type)
        named = get_named_type(returned)
        if not isinstance(named, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType):
            return own
        child = self.on_type(named, node.selection_set)
        multiplier = self.multiplier(parent, node, named, returned)
        if name in META_FIELDS or parent.name.startswith("__"):  # its own limit, not the depth's
            cost = 1 + multiplier * (child.introspection + child.cost)
            return own + _Totals(introspection=cost, aliases=child.aliases, directives=child.directives)
        nested = _Totals(levels=1 + child.levels, aliases=child.aliases, directives=child.directives)
        structural = parent.name.endswith(("Connection", "Edge"))
        base = COSTS.get(f"{parent.name}.{name}", 0 if structural else 1)
        return (
            own
            + nested
            + _Totals(cost=base + multiplier * child.cost, introspection=multiplier * child.introspection)
        )

    def multiplier(self, parent: GraphQLObjectType, node: FieldNode, named: Any, returned: Any) -> int:
        field_name = f"{parent.name}.{node.name.value}"
        if parent.name.startswith("__"):
            return max(1, _introspection_lengths(self.schema).get(field_name, 1))
        if parent.name.endswith("Connection"):
            return 1  # a connection's edges were multiplied by its page size already
        if named.name.endswith("Connection"):
            first = self.argument(node, "first")
            return max(1, first) if isinstance(first, int) and not isinstance(first, bool) else DEFAULT_PAGE
        if not isinstance(returned, GraphQLList):
            return 1
        if field_name in LENGTH_ARGUMENTS:
            given = self.argument(node, LENGTH_ARGUMENTS[field_name])
            if isinstance(given, list):
                return max(1, len(given))
        return LIST_LENGTHS.get(field_name, LIST_MULTIPLIER)

    def argument(self, node: FieldNode, name: str) -> Any:
        """The argument's value where the document or the (coerced) variables tell it, else None."""
        value = next((a.value for a in node.arguments or () if a.name.value == name), None)
        if isinstance(value, VariableNode):
            return self.variables.get(value.name.value)
        if isinstance(value, IntValueNode) and len(value.value) <= 20:  # longer ones are refused anyway
            return int(value.value)
        if isinstance(value, ListValueNode):
            return list(value.values)
        return None

    def overlaps_in(self, document: Any) -> int:
        """An upper bound of the field pairs validation compares (it checks that fields of one response name
        can merge), over every selection set of the document, reachable or not: validation visits them all."""
        total = 0
        stack = [d.selection_set for d in document.definitions if getattr(d, "selection_set", None)]
        while stack:
            selection_set = stack.pop()
            total += self.overlaps(selection_set)
            stack.extend(
                s.selection_set for s in selection_set.selections if getattr(s, "selection_set", None)
            )
        return total

    def overlaps(self, selection_set: SelectionSetNode) -> int:
        """Pairs compared within the set: n fields of one name are compared pairwise, and each pair's
        selections again, so a name counts n² times (one plus the costliest of its fields' selections)."""
        found = self.compared.get(id(selection_set))
        if found is None:
            self.compared[id(selection_set)] = 0  # a fragment cycle (invalid) adds nothing
            groups = self.same_named(selection_set).values()
            found = sum(count * count * (1 + deepest) for count, deepest in groups)
            self.compared[id(selection_set)] = found
        return found

    def same_named(self, selection_set: SelectionSetNode) -> dict[str, tuple[int, int]]:
        """For each response name of the set, its fragments expanded: how many fields have it, and the
        largest `overlaps` of their selections."""
        found = self.groups.get(id(selection_set))
        if found is not None:
            return found
        self.groups[id(selection_set)] = {}  # cycles
        groups: dict[str, tuple[int, int]] = {}

        def add(name: str, count: int, deepest: int) -> None:
            known = groups.get(name, (0, 0))
            groups[name] = (known[0] + count, max(known[1], deepest))

        spread: set[str] = set()
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                below = self.overlaps(selection.selection_set) if selection.selection_set else 0
                add((selection.alias or selection.name).value, 1, below)
                continue
            if isinstance(selection, FragmentSpreadNode):
                if selection.name.value in spread or selection.name.value not in self.fragments:
                    continue
                spread.add(selection.name.value)  # validation collects a fragment once per set
                inner = self.fragments[selection.name.value].selection_set
            else:  # an inline fragment, the third kind of selection
                inner = cast(InlineFragmentNode, selection).selection_set
            for name, (count, deepest) in self.same_named(inner).items():
                add(name, count, deepest)
        self.groups[id(selection_set)] = groups
        return groups


def overlaps(schema: GraphQLSchema, document: Any) -> int:
    """The field pairs validating `document` would compare, an upper bound (see `Measure.overlaps`)."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    return _Analysis(schema, fragments, {}).overlaps_in(document)


def _operation(document: Any, operation_name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is None:  # the first, as execution takes it (the limits refuse several unnamed)
        return operations[0] if operations else None
    return next((o for o in operations if o.name and o.name.value == operation_name), None)


def coerced_variables(
    schema: GraphQLSchema, operation: OperationDefinitionNode, variables: dict[str, Any]
) -> dict[str, Any]:
    """The variables as execution will see them (`100.0` for an Int is 100); the raw ones when they do
    not coerce (execution then refuses them itself)."""
    try:
        found = get_variable_values(schema, operation.variable_definitions or (), variables)
    except (GraphQLError, TypeError, ValueError, ArithmeticError):
        return variables
    coerced = getattr(found, "coerced", found)  # graphql-core 3.3 wraps them with their sources
    return coerced if isinstance(coerced, dict) else variables


def measure(
    schema: GraphQLSchema, document: Any, operation_name: str | None, variables: dict[str, Any]
) -> Measure:
    """The figures of the operation `operation_name` names (or the document's only one)."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    operation = _operation(document, operation_name)
    pairs = overlaps(schema, document)
    if operation is None:
        return Measure(0, 0, 0, 0, overlaps=pairs)
    root = {
        "query": schema.query_type,
        "mutation": schema.mutation_type,
        "subscription": schema.subscription_type,
    }[operation.operation.value]
    if root is None:
        return Measure(0, 0, 0, 0, overlaps=pairs)
    analysis = _Analysis(schema, fragments, coerced_variables(schema, operation, variables or {}))
    totals = analysis.on_object(root, operation.selection_set)
    return Measure(
        cost=totals.cost,
        depth=1 + totals.levels,
        aliases=totals.aliases,
        directives=totals.directives + len(operation.directives or ()),
        introspection_cost=totals.introspection,
        overlaps=pairs,
    )
