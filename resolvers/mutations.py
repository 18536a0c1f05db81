"""Running a mutation: an authenticated caller, one transaction, audited; a business failure is the
outcome's refusal (the schema shows it as a `UserError`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

import strawberry
from graphql import GraphQLInputObjectType, GraphQLInputType, GraphQLList, get_nullable_type
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types.nodes import SelectedField

from zhongjie.auth.authenticator import Unauthenticated
from zhongjie.auth.principal import Principal
from zhongjie.base.errors import BadInput, RuleViolation, UserErrorCode
from zhongjie.base.global_ids import decode_global_id
from zhongjie.domain import audit
from zhongjie.domain.outbox.record import RECORDED_EVENTS
from zhongjie.resolvers.loaders import Loaders
from zhongjie.resolvers.node import resolve_node, visible

T = TypeVar("T")
Work = Callable[[AsyncSession, Principal, datetime], Awaitable[T]]


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What a mutation came to: the value its work returned, or the rule that refused it (rolled back)."""

    value: T | None = None
    refusal: RuleViolation | None = None


async def perform(info: strawberry.Info, work: Work[T]) -> Outcome[T]:
    """`work` in a transaction of its own (retried on a write conflict); a `RuleViolation` rolls it
    back and is the outcome's refusal, anything else propagates as a top-level error."""
    context = info.context
    if not context.principal.is_authenticated:
        raise Unauthenticated("authentication_required")
    now = context.clock()
    arguments = _arguments(info)

    async def audited(session: AsyncSession) -> T:
        value = await work(session, context.principal, now)
        changes = [_change(event) for event in session.info.get(RECORDED_EVENTS, [])]
        await _audit(info, session, now, arguments, "ok", {"input": arguments, "changes": changes})
        return value

    try:
        await _require_visible_ids(info, arguments)
        value = await context.database.run_transaction(audited)
    except RuleViolation as violation:
        refusal = {"input": arguments, "error": {"code": violation.user_code, "key": violation.message_key}}
        await context.database.run_transaction(
            lambda session: _audit(info, session, now, arguments, "refused", refusal)
        )
        return Outcome(refusal=violation)
    return Outcome(value=value)


def _arguments(info: strawberry.Info) -> dict[str, Any]:
    selected = info.selected_fields[0] if info.selected_fields else None
    return dict(selected.arguments) if isinstance(selected, SelectedField) else {}


async def _require_visible_ids(info: strawberry.Info, arguments: dict[str, Any]) -> None:
    """Every object the arguments name by global ID must be one the caller may see. One it may not see
    is refused exactly like one that does not exist (an existence oracle otherwise): same code, same
    message, before any rule could tell it is forbidden. IDs that do not decode are left to the
    resolver, which reports them as before. The rows are read by loaders of their own, so the payload
    never shows what they were before the change."""
    definition = info._raw_info.parent_type.fields[info.field_name]
    loaders = Loaders(info.context.database)
    for name, argument in definition.args.items():
        for field, global_id in _global_ids(argument.type, arguments.get(name), name):
            try:
                found = await resolve_node(loaders, global_id)
            except BadInput:
                continue
            if found is None or not visible(info.context.principal, found):
                raise RuleViolation(UserErrorCode.NOT_FOUND, "record_not_found", field=field)


def _global_ids(graphql_type: GraphQLInputType, value: Any, path: str) -> Iterator[tuple[str, str]]:
    """(field path, global ID) of every `ID` in an argument's value."""
    nullable = get_nullable_type(graphql_type)
    if value is None:
        return
    if isinstance(nullable, GraphQLList):
        for position, item in enumerate(value):
            yield from _global_ids(nullable.of_type, item, f"{path}.{position}")
    elif isinstance(nullable, GraphQLInputObjectType):
        for name, field in nullable.fields.items():
            yield from _global_ids(field.type, value.get(name), f"{path}.{name}")
    elif getattr(nullable, "name", None) == "ID":
        yield path, value


def _target(arguments: dict[str, Any]) -> str | None:
    """The object a mutation is about: the first global ID in its input, as `Type:key`."""
    given = arguments.get("input")
    for name, value in given.items() if isinstance(given, dict) else ():
        if name.endswith("Id") and isinstance(value, str):
            try:
                type_name, key = decode_global_id(value)
            except BadInput:
                return None
            return f"{type_name}:{key}"
    return None


def _change(event: Any) -> dict[str, Any]:
    return {
        "type": event.event_type,
        "aggregate": f"{event.aggregate_type}:{event.aggregate_key}",
        "from": event.payload.get("from"),
        "to": event.payload.get("to"),
    }


async def _audit(
    info: strawberry.Info,
    session: AsyncSession,
    now: datetime,
    arguments: dict[str, Any],
    outcome: str,
    details: dict[str, Any],
) -> None:
    context = info.context
    await audit.append(
        session,
        now=now,
        request_id=context.request_id,
        principal=context.principal,
        action=info.field_name,
        target=_target(arguments),
        outcome=outcome,
        details=details,
    )
