"""Plans of compiled reads: what a query document asks of each object, decided once per document.

A plan is a tree of `Selection`s (the fields asked of one object type at one place of the document),
each field with its `Kind` — how its value is obtained — and its `Completion` — how that value becomes
the response value. Fields are collected by graphql-core's own `collect_fields`, so fragments, type
conditions, aliases and `@skip`/`@include` mean what they mean to the standard executor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from keyword import iskeyword
from typing import Any

from graphql import (
    GraphQLField,
    GraphQLList,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    OperationDefinitionNode,
    is_abstract_type,
    is_leaf_type,
    is_non_null_type,
    is_object_type,
)
from graphql.execution.collect_fields import FieldDetails, collect_fields, collect_subfields
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

from zhongjie.auth.visibility import FieldRule
from zhongjie.schema.compiled.completion import Completion, Fallback, fast_coercion
from zhongjie.schema.loaded import Batch, batch_of
from zhongjie.schema.visibility import RestrictedField, RowGuard

FieldDetailsList = list[FieldDetails]


class NotPlanned(Exception):
    """The document asks for something the compiled path leaves to the standard executor."""


class Kind(Enum):
    ATTRIBUTE = "attribute"  # a plain attribute of the object
    LOADED = "loaded"  # a `loaded` field: one loader call for all the objects of a level
    RESOLVED = "resolved"  # the field's own resolver, object by object
    TYPENAME = "typename"  # __typename


@dataclass(eq=False)
class FieldPlan:
    key: str  # the response key (alias or name)
    name: str
    kind: Kind
    parent_type: GraphQLObjectType
    definition: GraphQLField | None
    field_details: FieldDetailsList
    completion: Completion
    attribute: str = ""  # ATTRIBUTE: the Python attribute
    batch: Batch | None = None  # LOADED
    rule: FieldRule | None = None  # a restricted field's rule (ATTRIBUTE and LOADED)
    guard: RowGuard | None = None  # the row guard of a field returning row-ruled types (ATTRIBUTE, LOADED)

    @property
    def coordinate(self) -> str:
        return f"{self.parent_type.name}.{self.name}"


@dataclass(eq=False)
class Selection:
    """The fields asked of objects of one type at one place of the document, in response order.

    `fill` sets the plain leaf attributes (those with no rule or guard) of an object's response at once,
    by code made for this selection; `fields` are the others."""

    object_type: GraphQLObjectType
    keys: tuple[str, ...]
    fields: tuple[FieldPlan, ...]
    fill: Callable[[Any, dict[str, Any]], None] | None = None
    needs_path: bool = False  # a resolver here or below is given its path


def _plain_leaf(plan: FieldPlan) -> bool:
    return (
        plan.kind is Kind.ATTRIBUTE
        and plan.rule is None
        and plan.guard is None
        and plan.completion.coerce is not None
        and plan.attribute.isidentifier()
        and not iskeyword(plan.attribute)
    )


def _filler(fields: list[FieldPlan]) -> Callable[[Any, dict[str, Any]], None]:
    """A function setting these plain leaf attributes of an object's response: straight-line code, one
    statement per field, each value coerced as the standard executor coerces it (`Fallback` on a null
    in a non-null field, or a value the coercion refuses)."""
    lines = ["def fill(source, output):"]
    namespace: dict[str, Any] = {"Fallback": Fallback}
    for number, plan in enumerate(fields):
        namespace[f"coerce{number}"] = plan.completion.coerce
        lines.append(f"    value = source.{plan.attribute}")
        if plan.completion.non_null:
            lines.append(f"    if value is None: raise Fallback({plan.coordinate!r})")
            indent = "    "
        else:
            lines.append("    if value is not None:")
            indent = "        "
        lines.append(f"{indent}value = coerce{number}(value)")
        lines.append(f"{indent}if value is None: raise Fallback({plan.coordinate!r})")
        lines.append(f"{indent}output[{plan.key!r}] = value")
    lines.append("    return None")
    exec(compile("\n".join(lines), f"<fill {fields[0].parent_type.name}>", "exec"), namespace)  # noqa: S102  # code made here from field names the schema declares
    filler: Callable[[Any, dict[str, Any]], None] = namespace["fill"]
    return filler


def _strawberry_field(definition: GraphQLField) -> StrawberryField | None:
    found = (definition.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    return found if isinstance(found, StrawberryField) else None


class Planner:
    """Builds the plan of one operation, with the fragments and variables of the request at hand
    (variables matter only to `@skip` and `@include`, which are part of a plan's key)."""

    def __init__(
        self,
        schema: GraphQLSchema,
        guards: dict[str, RowGuard],
        fragments: Any,
        variable_values: Any,
        operation: OperationDefinitionNode,
        hide_suggestions: bool,
    ) -> None:
        self.schema = schema
        self.guards = guards
        self.fragments = fragments
        self.variable_values = variable_values
        self.operation = operation
        self.hide_suggestions = hide_suggestions

    def root(self) -> Selection:
        root_type = self.schema.query_type
        if root_type is None:
            raise NotPlanned("no query type")
        collected = collect_fields(
            self.schema,
            self.fragments,
            self.variable_values,
            root_type,
            self.operation,
            self.hide_suggestions,
        )
        return self.selection(root_type, collected.grouped_field_set)

    def subselection(self, object_type: GraphQLObjectType, field_details: FieldDetailsList) -> Selection:
        collected = collect_subfields(
            self.schema,
            self.fragments,
            self.variable_values,
            self.operation,
            object_type,
            field_details,
            self.hide_suggestions,
        )
        return self.selection(object_type, collected.grouped_field_set)

    def selection(self, object_type: GraphQLObjectType, grouped: dict[str, FieldDetailsList]) -> Selection:
        fields = [self.field(object_type, key, details) for key, details in grouped.items()]
        plain = [plan for plan in fields if _plain_leaf(plan)]
        others = tuple(plan for plan in fields if not _plain_leaf(plan))
        needs_path = any(plan.kind is Kind.RESOLVED or plan.completion.needs_path for plan in fields)
        return Selection(object_type, tuple(grouped), others, _filler(plain) if plain else None, needs_path)

    def field(self, parent_type: GraphQLObjectType, key: str, details: FieldDetailsList) -> FieldPlan:
        name = details[0].node.name.value
        if any(detail.defer_usage is not None for detail in details):
            raise NotPlanned("@defer")
        coordinate = f"{parent_type.name}.{name}"
        if name == "__typename":
            completion = Completion(non_null=True, coordinate=coordinate).finish()
            return FieldPlan(key, name, Kind.TYPENAME, parent_type, None, details, completion)
        definition = parent_type.fields.get(name)
        if definition is None or name.startswith("__"):
            raise NotPlanned(coordinate)
        completion = self.completion(definition.type, details, coordinate, (parent_type, definition))
        plan = FieldPlan(key, name, Kind.RESOLVED, parent_type, definition, details, completion)
        declared = _strawberry_field(definition)
        if declared is None:
            return plan
        rules = [
            extension.rule for extension in declared.extensions if isinstance(extension, RestrictedField)
        ]
        if len(rules) != len(declared.extensions):
            return plan  # an extension of another kind: its resolver applies it
        plan.rule = rules[0] if rules else None
        plan.guard = self.guards.get(plan.coordinate)
        if declared.base_resolver is None:
            plan.kind, plan.attribute = Kind.ATTRIBUTE, declared.python_name
        elif (batch := batch_of(declared.base_resolver.wrapped_func)) is not None:
            plan.kind, plan.batch = Kind.LOADED, batch
        return plan

    def completion(
        self,
        output_type: GraphQLOutputType,
        details: FieldDetailsList,
        coordinate: str,
        field_of: tuple[GraphQLObjectType, GraphQLField],
    ) -> Completion:
        non_null = is_non_null_type(output_type)
        inner = output_type.of_type if non_null else output_type  # type: ignore[union-attr]  # non-null has of_type
        completion = Completion(non_null, coordinate)
        if isinstance(inner, GraphQLList):
            completion.item = self.completion(inner.of_type, details, coordinate, field_of)
        elif is_leaf_type(inner):
            completion.coerce = fast_coercion(inner)
        elif is_object_type(inner):
            completion.object_type, completion.field_details = inner, details
            completion.selections[inner.name] = self.subselection(inner, details)
        elif is_abstract_type(inner):
            completion.abstract_type, completion.field_details = inner, details
            completion.field_of = field_of
        else:
            raise NotPlanned(f"output type {inner}")
        return completion.finish()
