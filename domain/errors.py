"""Errors raised by business rules, carrying a code and a message key instead of text.

The API layer renders them in the caller's language: expected business failures
become `UserError`s in a payload, the rest top-level errors with `extensions.code`.
"""

from __future__ import annotations

from enum import StrEnum

from zhongjie.domain.messages import render


class ErrorCode(StrEnum):
    """Top-level error codes (`errors[].extensions.code`)."""

    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    RATE_LIMITED = "RATE_LIMITED"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
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
