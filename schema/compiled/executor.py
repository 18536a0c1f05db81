"""The executor of every operation: queries run compiled where their plan covers them, the rest as ever.

`CompilingExecutor` is strawberry's graphql-core executor with one step changed: a query operation is
first looked up among the plans (`PLANS`, kept by document and operation); with one, it runs compiled
(`schema.compiled.run`) and its data is the response's. A document the plan does not cover, or a run
that meets an error, is executed by the standard executor, which then answers alone: validation, cost
accounting, extensions, visibility and errors are shared by both paths or come from the standard one.

`ZHONGJIE_COMPILED_READS`: `on` (the default), `off` (the standard executor only) or `verify`, where each
query is also answered by the standard executor alone and any difference of data, errors or withheld fields
from the answer is recorded in `MISMATCHES` (the test suite runs so, and fails on any).
"""

from __future__ import annotations

import json
import logging
from collections import OrderedDict
from contextvars import ContextVar
from dataclasses import dataclass
from inspect import isawaitable
from typing import Any

from graphql import DirectiveNode, GraphQLObjectType, OperationDefinitionNode, OperationType, VariableNode
from graphql.execution.executor import CollectedErrors
from graphql.language import Visitor, visit
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from zhongjie.base.observability import COMPILED_READS
from zhongjie.resolvers.loaders import Loaders
from zhongjie.schema.compiled.completion import Completion, Fallback
from zhongjie.schema.compiled.plans import NotPlanned, Planner, Selection
from zhongjie.schema.compiled.run import Run

logger = logging.getLogger("zhongjie.graphql")
PLANS_KEPT = 1000
VERIFY_ATTEMPTS = 3


@dataclass(frozen=True)
class Mismatch:
    """A query whose two executions differ (verify mode)."""

    document: str
    variables: dict[str, Any]
    standard: Any
    compiled: Any


MISMATCHES: list[Mismatch] = []
# set while verify mode runs its reference execution: statement counts of the answer leave those out
REFERENCE_RUN: ContextVar[bool] = ContextVar("zhongjie_reference_run", default=False)


@dataclass
class Plan:
    operation: OperationDefinitionNode  # kept so that its id, the plan's key, is not reused
    root: Selection | None  # None: the standard executor answers this operation


class _DirectiveVariables(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def enter_directive(self, node: DirectiveNode, *_args: Any) -> None:
        for argument in node.arguments or ():
            if isinstance(argument.value, VariableNode):
                self.names.add(argument.value.name.value)


class Plans:
    """Plans by operation node and the values of the variables its directives read."""

    def __init__(self, kept: int = PLANS_KEPT) -> None:
        self.kept = kept
        self.plans: OrderedDict[tuple[Any, ...], Plan] = OrderedDict()
        self.directive_variables: dict[int, tuple[OperationDefinitionNode, frozenset[str]]] = {}

    def plan(self, executor: Any) -> Plan:
        operation = executor.operation
        key = (id(operation), *self._directive_values(executor))
        found = self.plans.get(key)
        if found is not None and found.operation is operation:
            self.plans.move_to_end(key)
            return found
        planned = Plan(operation, _root(executor))
        self.plans[key] = planned
        if len(self.plans) > self.kept:
            self.plans.popitem(last=False)
        return planned

    def _directive_values(self, executor: Any) -> tuple[Any, ...]:
        operation = executor.operation
        known = self.directive_variables.get(id(operation))
        if known is None or known[0] is not operation:
            finder = _DirectiveVariables()
            visit(operation, finder)
            for fragment in executor.fragment_definitions.values():
                visit(fragment, finder)
            known = self.directive_variables[id(operation)] = (operation, frozenset(finder.names))
            if len(self.directive_variables) > self.kept:
                self.directive_variables.pop(next(iter(self.directive_variables)))
        coerced = executor.variable_values.coerced
        return tuple(sorted((name, repr(coerced.get(name))) for name in known[1]))


def _planner(executor: Any) -> Planner:
    return Planner(
        executor.schema,
        executor.schema._strawberry_schema.row_guards,  # the ApiSchema's (schema.api)
        executor.fragments,
        executor.variable_values,
        executor.operation,
        executor.hide_suggestions,
    )


def _root(executor: Any) -> Selection | None:
    try:
        return _planner(executor).root()
    except NotPlanned as reason:
        logger.debug("not compiled: %s", reason)
        return None


PLANS = Plans()


def _mode(context: Any) -> str:
    settings = getattr(context, "settings", None)
    return getattr(settings, "compiled_reads", "off")


async def _awaited(result: Any) -> Any:
    return await result if isawaitable(result) else result


class CompilingExecutor(StrawberryGraphQLCoreExecutionContext):
    compiled = False  # whether this operation was answered by the compiled path

    def execute_operation(self, serially: bool | None = None) -> Any:
        if self.operation.operation is not OperationType.QUERY:
            return super().execute_operation(serially)
        mode = _mode(self.context_value)
        if mode == "verify":
            return self._verified(serially)
        return self._held(self._answer(serially) if mode == "on" else super().execute_operation(serially))

    async def _held(self, answer: Any) -> Any:
        """The answer, its reads sharing one connection (`models.database.Reads`)."""
        async with self.context_value.loaders.reads.held():
            return await _awaited(answer)

    def _answer(self, serially: bool | None) -> Any:
        plan = PLANS.plan(self)
        if plan.root is None:
            COMPILED_READS.labels("not_planned").inc()
            return super().execute_operation(serially)
        return self._compiled(plan.root, serially)

    async def _compiled(self, root: Selection, serially: bool | None) -> Any:
        withheld = self.context_value.withheld
        withheld_before = set(withheld)
        try:
            data = await Run(self, self._expand).execute(root)
        except Fallback as reason:
            logger.debug("compiled read fell back: %s", reason.__cause__ or reason)
            COMPILED_READS.labels("fell_back").inc()
            withheld.clear()
            withheld.update(withheld_before)
            # loaded afresh, the standard answer is the one it gives alone: with the compiled run's values
            # at hand, its resolvers would finish in another order, and which fields an error's null
            # erases before they note a withheld value (`extensions.visibility`) would differ
            self.context_value.loaders.forget()
            return await _awaited(super().execute_operation(serially))
        self.compiled = True
        COMPILED_READS.labels("compiled").inc()
        return self.finish(self.build_response(data))

    async def _verified(self, serially: bool | None) -> Any:
        """The standard executor's answer as the reference (its statements marked `REFERENCE_RUN`), then
        the answer as in `on` mode, each with loaders of its own. A difference is recorded if it stays
        over `VERIFY_ATTEMPTS` such pairs: data that others change meanwhile may differ once."""
        mismatch: Mismatch | None = None
        result: Any = None
        withheld_before = set(self.context_value.withheld)
        for _attempt in range(VERIFY_ATTEMPTS):
            mismatch, result = await self._verify_once(serially, withheld_before)
            if mismatch is None:
                break
        if mismatch is not None:
            MISMATCHES.append(mismatch)
        return result

    async def _verify_once(
        self, serially: bool | None, withheld_before: set[str]
    ) -> tuple[Mismatch | None, Any]:
        context = self.context_value
        context.withheld.clear()
        context.withheld.update(withheld_before)
        self.collected_errors = CollectedErrors()
        context.loaders = Loaders(context.database)
        marked = REFERENCE_RUN.set(True)
        try:
            reference = await self._held(super().execute_operation(serially))
        finally:
            REFERENCE_RUN.reset(marked)
        reference_withheld = set(context.withheld)
        context.withheld.clear()
        context.withheld.update(withheld_before)
        self.collected_errors = CollectedErrors()
        self.compiled = False
        context.loaders = Loaders(context.database)
        result = await self._held(self._answer(serially))
        differs = (
            _in_order(reference.data) != _in_order(result.data) or reference_withheld != context.withheld
        )
        if not self.compiled or not (reference.errors or differs):
            return None, result
        mismatch = Mismatch(
            document=self.operation.loc.source.body if self.operation.loc else "",
            variables=dict(self.variable_values.coerced),
            standard=(
                reference.data,
                [e.message for e in reference.errors or ()],
                sorted(reference_withheld),
            ),
            compiled=(result.data, [], sorted(context.withheld)),
        )
        return mismatch, result

    def _expand(self, completion: Completion, object_type: GraphQLObjectType) -> Selection:
        """The sub-selection of an abstract field for a runtime type met for the first time."""
        try:
            selection = _planner(self).subselection(object_type, completion.field_details)
        except NotPlanned as reason:
            raise Fallback(str(reason)) from reason
        completion.selections[object_type.name] = selection
        return selection


def _in_order(data: Any) -> str:
    """The data as its JSON text: equal only with the same keys in the same order."""
    return json.dumps(data, ensure_ascii=False, default=str)
