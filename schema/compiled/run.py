"""Running a plan: level by level, each field asked once for all the objects of its level.

Plain attributes are read directly (a selection's leaves by the code made for it); a `loaded` field is one
loader call for the whole level; any other field calls its own resolver (the very function the standard
executor calls, with the same info and arguments), the awaitables of a level awaited together. Values are
completed by their `Completion`s. Anything that would be an error in the response — a resolver raising, a
null in a non-null position, a value of the wrong type — raises `Fallback`, and the standard executor
answers the whole operation instead, so errors and their paths have one source.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from inspect import isawaitable
from typing import Any

from graphql import GraphQLObjectType, GraphQLSchema
from graphql.execution.executor import to_nodes
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path

from zhongjie.schema.compiled.completion import Completion, Fallback
from zhongjie.schema.compiled.plans import FieldPlan, Kind, Selection
from zhongjie.schema.visibility import computed_for, revealed

Waiting = list[tuple[Awaitable[Any], Callable[[Any], None]]]


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

    def enqueue(self, selection: Selection, value: Any, output: dict[str, Any], path: Path | None) -> None:
        """An object to fill at the next level."""
        pending = self.following.get(id(selection))
        if pending is None:
            pending = self.following[id(selection)] = Pending(selection)
        pending.objects.append(value)
        pending.outputs.append(output)
        pending.paths.append(path)

    def runtime_selection(self, completion: Completion, value: Any, path: Path | None) -> Selection:
        """The selection for an abstract field's value, by the object type its type's resolver names."""
        abstract, field_of = completion.abstract_type, completion.field_of
        assert abstract is not None and abstract.resolve_type is not None and field_of is not None
        parent, definition = field_of
        info = self.executor.build_resolve_info(definition, to_nodes(completion.field_details), parent, path)
        type_name = abstract.resolve_type(value, info, abstract)
        runtime = self.schema.get_type(type_name) if isinstance(type_name, str) else None
        if not isinstance(runtime, GraphQLObjectType) or not self.schema.is_sub_type(abstract, runtime):
            raise Fallback(f"{completion.coordinate}: no runtime type")
        return completion.selections.get(runtime.name) or self.expand(completion, runtime)

    async def _level(self, level: list[Pending]) -> list[Pending]:
        self.following = {}
        waiting: Waiting = []
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

    def _field(self, pending: Pending, plan: FieldPlan, waiting: Waiting) -> None:
        kind = plan.kind
        if kind is Kind.ATTRIBUTE:
            name = plan.attribute
            self._fill(plan, pending, [getattr(source, name) for source in pending.objects])
        elif kind is Kind.LOADED:
            waiting.append(
                (self._load(plan, pending.objects), lambda values: self._fill(plan, pending, values))
            )
        elif kind is Kind.TYPENAME:
            for output in pending.outputs:
                output[plan.key] = plan.parent_type.name
        else:
            self._resolve(plan, pending, waiting)

    async def _load(self, plan: FieldPlan, sources: list[Any]) -> list[Any]:
        assert plan.batch is not None
        if plan.rule is None:
            return await plan.batch.load_all(self.context.loaders, sources)
        computed = [source for source in sources if computed_for(self.principal, plan.rule, source)]
        loaded = await plan.batch.load_all(self.context.loaders, computed)
        values = dict(zip(map(id, computed), loaded, strict=True))
        return [values.get(id(source)) for source in sources]

    def _fill(self, plan: FieldPlan, pending: Pending, values: list[Any]) -> None:
        """Each object's response gets the field's completed value."""
        key, complete = plan.key, plan.completion.complete
        shown = plan.rule is not None or plan.guard is not None
        with_paths = plan.completion.needs_path
        for source, value, output, path in zip(
            pending.objects, values, pending.outputs, pending.paths, strict=True
        ):
            if shown:
                value = self._shown(plan, source, value)
            field_path = Path(path, key, plan.parent_type.name) if with_paths else None
            output[key] = complete(self, value, field_path)

    def _shown(self, plan: FieldPlan, source: Any, value: Any) -> Any:
        """The value after the field's own rule and row guard, as the standard path applies them."""
        if plan.rule is not None:
            value = revealed(self.context, plan.coordinate, plan.rule, source, value)
        if plan.guard is not None:
            value = plan.guard.admit(self.principal, value)
        return value

    def _resolve(self, plan: FieldPlan, pending: Pending, waiting: Waiting) -> None:
        assert plan.definition is not None
        resolve = plan.definition.resolve or self.executor.field_resolver
        if self.executor.middleware_manager:
            resolve = self.executor.middleware_manager.get_field_resolver(resolve)
        arguments = self._arguments(plan)
        nodes = to_nodes(plan.field_details)
        complete, key, type_name = plan.completion.complete, plan.key, plan.parent_type.name
        for source, output, path in zip(pending.objects, pending.outputs, pending.paths, strict=True):
            field_path = Path(path, key, type_name)
            info = self.executor.build_resolve_info(plan.definition, nodes, plan.parent_type, field_path)
            value = resolve(source, info, **arguments)
            if isawaitable(value):
                waiting.append((value, _assign(self, output, key, complete, field_path)))
            else:
                output[key] = complete(self, value, field_path)

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


def _assign(
    run: Run, output: dict[str, Any], key: str, complete: Callable[[Run, Any, Path | None], Any], path: Path
) -> Callable[[Any], None]:
    def finish(value: Any) -> None:
        output[key] = complete(run, value, path)

    return finish


def _close(awaitables: Any) -> None:
    """Coroutines that will not be awaited are closed (no 'never awaited' warnings)."""
    for awaitable in awaitables:
        close = getattr(awaitable, "close", None)
        if close is not None:
            close()
