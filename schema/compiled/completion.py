"""How a field's value becomes its response value in compiled reads, decided once per place of a document.

Each `Completion` carries a completer made for its output type — a leaf's coercion, a list's items, an
object's selection — so that completing a value takes no decisions the plan already took. Values are
completed as graphql-core completes them; anything graphql-core would answer with an error raises
`Fallback`. Paths are made only where a resolver below may be given one (`needs_path`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from graphql import (
    GraphQLAbstractType,
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLField,
    GraphQLID,
    GraphQLInt,
    GraphQLLeafType,
    GraphQLObjectType,
    GraphQLString,
)
from graphql.execution.collect_fields import FieldDetails
from graphql.pyutils import Path

if TYPE_CHECKING:  # the plans name their completions, and completions their selections
    from zhongjie.schema.compiled.plans import Selection
    from zhongjie.schema.compiled.run import Run

MAX_INT = 2**31
Completer = Callable[["Run", Any, Path | None], Any]


class Fallback(Exception):
    """The compiled path leaves this operation to the standard executor."""


@dataclass(eq=False)
class Completion:
    """How a value of one output type, at one place of the document, becomes its response value."""

    non_null: bool
    coordinate: str  # the field's, for the reason of a fallback
    item: Completion | None = None  # a list of these
    coerce: Callable[[Any], Any] | None = None  # a leaf value's output coercion
    object_type: GraphQLObjectType | None = None
    abstract_type: GraphQLAbstractType | None = None
    field_of: tuple[GraphQLObjectType, GraphQLField] | None = None  # an abstract field's type and definition
    field_details: list[FieldDetails] = field(default_factory=list)  # the field, to collect sub-fields
    # the sub-selection by runtime type name: an object type's at once, an abstract type's when first met
    selections: dict[str, Selection] = field(default_factory=dict)
    needs_path: bool = False
    complete: Completer = field(init=False)

    def __post_init__(self) -> None:
        self.complete = _unfinished

    def finish(self) -> Completion:
        """Make the completer, once the item or selection this completion leads to is known."""
        self.needs_path = _needs_path(self)
        self.complete = _completer(self)
        return self


def _unfinished(run: Run, value: Any, path: Path | None) -> Any:
    raise Fallback("completion not finished")


def _needs_path(completion: Completion) -> bool:
    if completion.item is not None:
        return completion.item.needs_path
    if completion.abstract_type is not None:
        return True
    return any(selection.needs_path for selection in completion.selections.values())


def fast_coercion(leaf: GraphQLLeafType) -> Callable[[Any], Any]:
    """The leaf's output coercion, with the common exact types passed straight through."""
    coerce = leaf.coerce_output_value
    if leaf is GraphQLString or leaf is GraphQLID:
        return lambda value: value if type(value) is str else coerce(value)
    if leaf is GraphQLInt:
        return lambda value: value if type(value) is int and -MAX_INT <= value < MAX_INT else coerce(value)
    if leaf is GraphQLBoolean:
        return lambda value: value if type(value) is bool else coerce(value)
    members = getattr(leaf, "wrapped_cls", None)  # a strawberry enum: each member's name, found once
    if isinstance(leaf, GraphQLEnumType) and isinstance(members, type) and issubclass(members, Enum):
        names = {member: coerce(member) for member in members}
        return lambda value: names[value] if type(value) is members else coerce(value)
    return coerce


def _completer(completion: Completion) -> Completer:
    coordinate, non_null = completion.coordinate, completion.non_null

    def absent() -> None:
        if non_null:
            raise Fallback(f"null at non-null {coordinate}")

    if completion.coerce is not None:
        coerce = completion.coerce

        def leaf(run: Run, value: Any, path: Path | None) -> Any:
            if value is None:
                return absent()
            if isinstance(value, Exception):
                raise Fallback(f"{coordinate}: a resolver returned an error")
            coerced = coerce(value)
            if coerced is None:
                raise Fallback(f"{coordinate} cannot be coerced")
            return coerced

        return leaf
    if completion.item is not None:
        item = completion.item.complete
        with_paths = completion.item.needs_path

        def many(run: Run, value: Any, path: Path | None) -> Any:
            if value is None:
                return absent()
            if type(value) is not list and type(value) is not tuple:
                raise Fallback(f"{coordinate} is not a list")
            if with_paths:
                return [item(run, one, Path(path, index, None)) for index, one in enumerate(value)]
            return [item(run, one, None) for one in value]

        return many
    if completion.object_type is not None:
        selection = completion.selections[completion.object_type.name]
        return _object_completer(completion, lambda run, value, path: selection)

    def runtime_selection(run: Run, value: Any, path: Path | None) -> Selection:
        return run.runtime_selection(completion, value, path)

    return _object_completer(completion, runtime_selection)


def _object_completer(
    completion: Completion, selection_of: Callable[[Run, Any, Path | None], Selection]
) -> Completer:
    coordinate, non_null = completion.coordinate, completion.non_null

    def complete(run: Run, value: Any, path: Path | None) -> Any:
        if value is None:
            if non_null:
                raise Fallback(f"null at non-null {coordinate}")
            return None
        if isinstance(value, Exception):
            raise Fallback(f"{coordinate}: a resolver returned an error")
        selection = selection_of(run, value, path)
        is_type_of = selection.object_type.is_type_of
        no_info: Any = None  # strawberry's is_type_of reads no info
        if is_type_of is not None and is_type_of(value, no_info) is not True:
            raise Fallback(f"{coordinate}: not a {selection.object_type.name}")
        output: dict[str, Any] = dict.fromkeys(selection.keys)
        run.enqueue(selection, value, output, path)
        return output

    return complete
