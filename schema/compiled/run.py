"""Running a plan: level by level, each field asked once for all the objects of its level.

Plain attributes are read directly; a `loaded` field is one loader call for the whole level; any other
field calls its own resolver (the very function the standard executor calls, with the same info and
arguments), the awaitables of a level awaited together. Values are completed as graphql-core completes
them. Anything that would be an error in the response — a resolver raising, a null in a non-null
position, a value of the wrong type — raises `Fallback`, and the standard executor answers the whole
operation instead, so errors and their paths have one source.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from inspect import isawaitable
from typing import Any

from graphql import GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema
from graphql.execution.executor import to_nodes
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path

from zhongjie.schema.compiled.plans import Completion, Fallback, FieldPlan, Kind, Selection
from zhongjie.schema.visibility import computed_for, revealed


@dataclass
class Pending:
    """Objects of one selection waiting at a level, with the response objects they fill."""

    selection: Selection
    objects: list[Any] = field(default_factory=list)
    outputs: list[dict[str, Any]] = field(default_factory=list)
    paths: list[Path | None] = field(default_factory=list)


class Run:
    """One execution of a plan, for the executor (`schema.compiled.executor`) of one request."""

    def __init__(self, executor: Any, expand: Callable[[Completion, GraphQLObjectType], Selection]) -> None:
        self.executor = executor
        self.schema: GraphQLSchema = executor.schema
        self.context = executor.context_value
        self.principal = self.context.principal
        self.expand = expand  # the selection of an abstract field's runtime type, planned when first met
        self.arguments: dict[int, dict[str, Any]] = {}
        self.following: dict[int, Pending] = {}

    async def execute(self, root: Selection) -> dict[str, Any]:
        data: dict[str, Any] = dict.fromkeys(root.keys)
        level = [Pending(root, [self.executor.root_value], [data], [None])]
        while level:
            level = await self._level(level)
        return data

    async def _level(self, level: list[Pending]) -> list[Pending]:
        self.following = {}
        waiting: list[tuple[Awaitable[Any], Callable[[Any], None]]] = []
        try:
            for pending in level:
                fill = pending.selection.fill
                if fill is not None:
                    for source, output in zip(pending.objects, pending.outputs, strict=True):
                        fill(source, output)
                for plan in pending.selection.fields:
                    self._field(pending, plan, waiting)
        except BaseException:
            _close(awaitable for awaitable, _finish in waiting)
            raise
        if waiting:
            results = await asyncio.gather(*(awaitable for awaitable, _ in waiting), return_exceptions=True)
            for result, (_, finish) in zip(results, waiting, strict=True):
                if isinstance(result, BaseException):
                    raise Fallback("a resolver raised") from result
                finish(result)
        return list(self.following.values())

    def _field(self, pending: Pending, plan: FieldPlan, waiting: list[Any]) -> None:
        key, kind = plan.key, plan.kind
        if kind is Kind.ATTRIBUTE:
            name, complete = plan.attribute, self._completer(plan)
            for source, output, path in zip(pending.objects, pending.outputs, pending.paths, strict=True):
                output[key] = complete(self._shown(plan, source, getattr(source, name)), path)
        elif kind is Kind.LOADED:
            waiting.append(
                (self._load(plan, pending.objects), lambda values: self._fill(plan, pending, values))
            )
        elif kind is Kind.TYPENAME:
            for output in pending.outputs:
                output[key] = plan.parent_type.name
        else:
            self._resolve(plan, pending, waiting)

    async def _load(self, plan: FieldPlan, sources: list[Any]) -> list[Any]:
        assert plan.batch is not None
        if plan.rule is None:
            return await plan.batch.load_all(self.context.loaders, sources)
        computed = [source for source in sources if computed_for(self.principal, plan.rule, source)]
        values = dict(
            zip(map(id, computed), await plan.batch.load_all(self.context.loaders, computed), strict=True)
        )
        return [values.get(id(source)) for source in sources]

    def _fill(self, plan: FieldPlan, pending: Pending, values: list[Any]) -> None:
        complete = self._completer(plan)
        for source, value, output, path in zip(
            pending.objects, values, pending.outputs, pending.paths, strict=True
        ):
            output[plan.key] = complete(self._shown(plan, source, value), path)

    def _shown(self, plan: FieldPlan, source: Any, value: Any) -> Any:
        """The value after the field's own rule and row guard, as the standard path applies them."""
        if plan.rule is not None:
            value = revealed(self.context, plan.coordinate, plan.rule, source, value)
        if plan.guard is not None:
            value = plan.guard.admit(self.principal, value)
        return value

    def _resolve(self, plan: FieldPlan, pending: Pending, waiting: list[Any]) -> None:
        assert plan.definition is not None
        resolve = plan.definition.resolve or self.executor.field_resolver
        if self.executor.middleware_manager:
            resolve = self.executor.middleware_manager.get_field_resolver(resolve)
        arguments = self._arguments(plan)
        complete = self._completer(plan)
        for source, output, path in zip(pending.objects, pending.outputs, pending.paths, strict=True):
            field_path = Path(path, plan.key, plan.parent_type.name)
            value = resolve(source, self._info(plan, field_path), **arguments)
            if isawaitable(value):
                waiting.append((value, _assign(output, plan.key, complete, path)))
            else:
                output[plan.key] = complete(value, path)

    def _arguments(self, plan: FieldPlan) -> dict[str, Any]:
        """The field's arguments (the same for every object: they come from the document and variables)."""
        found = self.arguments.get(id(plan))
        if found is None:
            assert plan.definition is not None
            first = plan.field_details[0]
            found = (
                get_argument_values(
                    plan.definition,
                    first.node,
                    self.executor.variable_values,
                    first.fragment_variable_values,
                    self.executor.hide_suggestions,
                )
                if plan.definition.args or first.node.arguments
                else {}
            )
            self.arguments[id(plan)] = found
        return found

    def _info(self, plan: FieldPlan, path: Path) -> GraphQLResolveInfo:
        assert plan.definition is not None
        return self.executor.build_resolve_info(
            plan.definition, to_nodes(plan.field_details), plan.parent_type, path
        )

    def _completer(self, plan: FieldPlan) -> Callable[[Any, Path | None], Any]:
        """Completes the field's value on an object at `path` (a leaf needs no path of its own)."""
        completion, key, type_name = plan.completion, plan.key, plan.parent_type.name
        coerce, non_null = completion.coerce, completion.non_null

        def complete(value: Any, path: Path | None) -> Any:
            if value is None:
                if non_null:
                    raise Fallback(f"null at non-null {plan.coordinate}")
                return None
            if coerce is not None and not isinstance(value, Exception):
                coerced = coerce(value)
                if coerced is None:
                    raise Fallback(f"{plan.coordinate} cannot be coerced")
                return coerced
            return self._complete(plan, completion, value, Path(path, key, type_name))

        return complete

    def _complete(self, plan: FieldPlan, completion: Completion, value: Any, path: Path) -> Any:
        if value is None:
            if completion.non_null:
                raise Fallback(f"null at non-null {plan.coordinate}")
            return None
        if isinstance(value, Exception):
            raise Fallback("a resolver returned an error")
        if completion.coerce is not None:
            coerced = completion.coerce(value)
            if coerced is None:
                raise Fallback(f"{plan.coordinate} cannot be coerced")
            return coerced
        if completion.item is not None:
            if not isinstance(value, list | tuple):
                raise Fallback(f"{plan.coordinate} is not a list")
            item = completion.item
            return [
                self._complete(plan, item, one, Path(path, index, None)) for index, one in enumerate(value)
            ]
        object_type = completion.object_type or self._runtime_type(plan, completion, value, path)
        selection = completion.selections.get(object_type.name) or self.expand(completion, object_type)
        # strawberry's is_type_of reads no info
        if object_type.is_type_of is not None and object_type.is_type_of(value, None) is not True:  # type: ignore[arg-type]
            raise Fallback(f"{plan.coordinate}: not a {object_type.name}")
        output: dict[str, Any] = dict.fromkeys(selection.keys)
        pending = self.following.get(id(selection))
        if pending is None:
            pending = self.following[id(selection)] = Pending(selection)
        pending.objects.append(value)
        pending.outputs.append(output)
        pending.paths.append(path)
        return output

    def _runtime_type(
        self, plan: FieldPlan, completion: Completion, value: Any, path: Path
    ) -> GraphQLObjectType:
        """An abstract field's value's object type, as the type's own resolver names it."""
        abstract = completion.abstract_type
        assert abstract is not None and abstract.resolve_type is not None
        name = abstract.resolve_type(value, self._info(plan, path), abstract)
        runtime = self.schema.get_type(name) if isinstance(name, str) else None
        if not isinstance(runtime, GraphQLObjectType) or not self.schema.is_sub_type(abstract, runtime):
            raise Fallback(f"{plan.coordinate}: no runtime type")
        return runtime


def _assign(
    output: dict[str, Any], key: str, complete: Callable[[Any, Any], Any], path: Path | None
) -> Callable[[Any], None]:
    def finish(value: Any) -> None:
        output[key] = complete(value, path)

    return finish


def _close(awaitables: Any) -> None:
    """Coroutines that will not be awaited are closed (no 'never awaited' warnings)."""
    for awaitable in awaitables:
        close = getattr(awaitable, "close", None)
        if close is not None:
            close()
