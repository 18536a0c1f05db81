"""Running a mutation: an authenticated caller, one transaction, business failures as `UserError`s."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.authenticator import Unauthenticated
from zhongjie.auth.principal import Principal
from zhongjie.domain.errors import RuleViolation, UserErrorCode
from zhongjie.schema.errors import UserError
from zhongjie.schema.relay import decode_global_id

T = TypeVar("T")
Work = Callable[[AsyncSession, Principal, datetime], Awaitable[T]]


async def perform(info: strawberry.Info, work: Work[T]) -> tuple[T | None, list[UserError]]:
    """`work` in a transaction of its own (retried on a write conflict); a `RuleViolation` rolls it
    back and becomes the payload's errors, anything else propagates as a top-level error."""
    context = info.context
    if not context.principal.is_authenticated:
        raise Unauthenticated("authentication_required")
    now = context.clock()
    try:
        value = await context.database.run_transaction(lambda session: work(session, context.principal, now))
    except RuleViolation as violation:
        field = violation.field.split(".") if violation.field else None
        error = UserError(
            code=UserErrorCode(violation.user_code), field=field, message=violation.message(context.language)
        )
        return None, [error]
    return value, []


def key_of(global_id: str, type_name: str, field: str) -> int:
    """The database key of a global ID of `type_name`; an ID of another type refers to nothing."""
    decoded_type, key = decode_global_id(global_id)
    if decoded_type != type_name or not key.isdigit() or len(key) > 18:
        raise RuleViolation(UserErrorCode.NOT_FOUND, "record_not_found", field=field)
    return int(key)
