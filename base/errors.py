"""Errors raised by business rules, carrying a code and a message key instead of text.

The API layer renders them in the caller's language: expected business failures
become `UserError`s in a payload, the rest top-level errors with `extensions.code`.
"""

from __future__ import annotations

from enum import StrEnum

from zhongjie.base.messages import render


class ErrorCode(StrEnum):
    """Top-level error codes (`errors[].extensions.code`)."""

    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    RATE_LIMITED = "RATE_LIMITED"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
    TIMEOUT = "TIMEOUT"
    INTERNAL = "INTERNAL"


class DomainError(Exception):
    """A failure the caller can act on, described by `message_key` and its `params`."""

    code: ErrorCode = ErrorCode.BAD_USER_INPUT

    def __init__(self, message_key: str, *, field: str | None = None, **params: object) -> None:
        self.message_key = message_key
        self.field = field
        self.params = {"field": field, **params}
        super().__init__(render(message_key, "en", **self.params))

    def message(self, language: str) -> str:
        return render(self.message_key, language, **self.params)


class BadInput(DomainError):
    code = ErrorCode.BAD_USER_INPUT


class NotFound(DomainError):
    code = ErrorCode.NOT_FOUND


class Forbidden(DomainError):
    """The caller's role, organisation, region or sector does not allow this action."""

    code = ErrorCode.FORBIDDEN


class UserErrorCode(StrEnum):
    """Why a mutation's input was refused (`UserError.code`)."""

    REQUIRED = "REQUIRED"
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    DUPLICATE = "DUPLICATE"
    NOT_ALLOWED = "NOT_ALLOWED"
    FORBIDDEN = "FORBIDDEN"


class RuleViolation(DomainError):
    """An expected business failure, returned to the caller as a `UserError` in the payload."""

    def __init__(
        self, user_code: UserErrorCode, message_key: str, *, field: str | None = None, **params: object
    ):
        super().__init__(message_key, field=field, **params)
        self.user_code = user_code
