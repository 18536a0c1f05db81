"""`UserError`: an expected business failure returned in a mutation's payload."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="Why a mutation's input was refused.")
class UserErrorCode(Enum):
    REQUIRED = strawberry.enum_value("REQUIRED", description="必填 a required value is missing")
    INVALID = strawberry.enum_value("INVALID", description="无效 a value is malformed or out of range")
    NOT_FOUND = strawberry.enum_value("NOT_FOUND", description="不存在 a referenced object does not exist")
    DUPLICATE = strawberry.enum_value("DUPLICATE", description="重复 the value is already taken")
    NOT_ALLOWED = strawberry.enum_value("NOT_ALLOWED", description="不允许 the rules forbid this change now")


@strawberry.type(description="A refused part of a mutation's input (业务错误).")
class UserError:
    code: UserErrorCode = strawberry.field(description="Machine-readable reason.")
    field: list[str] | None = strawberry.field(description="Path of the offending input field, if one.")
    message: str = strawberry.field(description="Explanation in the caller's language (zh-CN or en).")
