"""`UserError`: an expected business failure returned in a mutation's payload."""

from __future__ import annotations

from typing import Annotated

import strawberry

from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.schema.enums import labelled

UserErrorCodeEnum = Annotated[
    UserErrorCode,
    labelled(
        UserErrorCode,
        name="UserErrorCode",
        description="Why a mutation's input was refused.",
        labels={
            UserErrorCode.REQUIRED: "必填 a required value is missing",
            UserErrorCode.INVALID: "无效 a value is malformed or out of range",
            UserErrorCode.NOT_FOUND: "不存在 a referenced object does not exist",
            UserErrorCode.DUPLICATE: "重复 the value is already taken",
            UserErrorCode.NOT_ALLOWED: "不允许 the rules forbid this change now",
            UserErrorCode.FORBIDDEN: "无权 the caller's role or organisation may not do this",
        },
    ),
]


@strawberry.type(description="A refused part of a mutation's input (业务错误).")
class UserError:
    code: UserErrorCodeEnum = strawberry.field(description="Machine-readable reason.")
    field: list[str] | None = strawberry.field(description="Path of the offending input field, if one.")
    message: str = strawberry.field(description="Explanation in the caller's language (zh-CN or en).")


def user_errors(refusal: RuleViolation | None, language: str) -> list[UserError]:
    """A payload's errors: none, or the rule that refused the mutation, in the caller's language."""
    if refusal is None:
        return []
    field = refusal.field.split(".") if refusal.field else None
    return [UserError(code=UserErrorCode(refusal.user_code), field=field, message=refusal.message(language))]
