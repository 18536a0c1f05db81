"""Walking the schema for the fields that return rows of row-ruled types, and whether each passes the rule."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import (
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    get_named_type,
)
from strawberry.schema.schema_converter import GraphQLCoreConverter

from zhongjie.auth.visibility import RowRule
from zhongjie.schema.visibility import GuardedResolver


def ruled_types(graphql_schema: GraphQLSchema) -> dict[str, RowRule]:
    """The object types whose class declares a row rule (`row_rule`), by name."""
    found = {}
    for name, graphql_type in graphql_schema.type_map.items():
        definition = (graphql_type.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
        rule = getattr(getattr(definition, "origin", None), "row_rule", None)
        if isinstance(graphql_type, GraphQLObjectType) and rule is not None:
            found[name] = rule
    return found


def object_fields(graphql_schema: GraphQLSchema) -> Iterator[tuple[str, GraphQLField]]:
    """Every field of the object types, by coordinate."""
    for type_name, graphql_type in graphql_schema.type_map.items():
        if isinstance(graphql_type, GraphQLObjectType) and not type_name.startswith("__"):
            for field_name, field in graphql_type.fields.items():
                yield f"{type_name}.{field_name}", field


def _guarded(field: GraphQLField, rule: RowRule | None) -> bool:
    resolve = field.resolve
    return isinstance(resolve, GuardedResolver) and resolve.guard.rule is rule


def _edge_types(graphql_schema: GraphQLSchema) -> set[str]:
    """Names of the edge types: the item types of connections' `edges`."""
    return {
        get_named_type(graphql_type.fields["edges"].type).name
        for graphql_type in graphql_schema.type_map.values()
        if isinstance(graphql_type, GraphQLObjectType) and "edges" in graphql_type.fields
    }


def uncovered(graphql_schema: GraphQLSchema) -> list[str]:
    """Every field returning rows of a ruled type that does not pass the type's rule.

    Such a field returns the type or a list of it, or an abstract type one of whose types is ruled (each
    value then judged by its own type's rule). An edge's `node` returning the type is covered when every
    field returning the edge (its connection's `edges`) is guarded by the node's rule.
    """
    ruled = ruled_types(graphql_schema)
    fields = dict(object_fields(graphql_schema))
    edges = _edge_types(graphql_schema)

    def rows_of(graphql_type) -> tuple[bool, RowRule | None]:
        named = get_named_type(graphql_type)
        if isinstance(named, (GraphQLInterfaceType, GraphQLUnionType)):
            return any(t.name in ruled for t in graphql_schema.get_possible_types(named)), None
        return named.name in ruled, ruled.get(named.name)

    missing = set()
    for coordinate, field in fields.items():
        owner = coordinate.split(".")[0]
        returns_rows, rule = rows_of(field.type)
        if returns_rows and owner in edges:
            missing |= {
                other
                for other, edge_field in fields.items()
                if get_named_type(edge_field.type).name == owner and not _guarded(edge_field, rule)
            }
        elif returns_rows and not _guarded(field, rule):
            missing.add(coordinate)
    return sorted(missing)
