"""The one `Schema`, and how its errors reach the caller.

Every error leaves with `extensions.code` and a message in the caller's language:
domain errors by their own code, GraphQL syntax/validation errors and variables that do
not coerce (with `extensions.variable`) as BAD_USER_INPUT, anything else as INTERNAL
with no detail beyond the request id (the exception itself is logged).
"""

from __future__ import annotations

import logging
import re
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.types import ExecutionContext

from zhongjie.base.errors import DomainError, ErrorCode
from zhongjie.base.messages import DEFAULT_LANGUAGE, render
from zhongjie.schema.compiled.executor import CompilingExecutor
from zhongjie.schema.documents import ParsedDocuments, ValidDocuments
from zhongjie.schema.limits import QueryLimits
from zhongjie.schema.metrics import OperationMetrics
from zhongjie.schema.mutation import Mutation
from zhongjie.schema.query import Query
from zhongjie.schema.scalars import SCALAR_OVERRIDES
from zhongjie.schema.subscription import Subscription
from zhongjie.schema.visibility import VisibilityReport, guard_rows

logger = logging.getLogger("zhongjie.graphql")
TOO_MANY_TOKENS = "tokens. Parsing aborted"  # graphql-core's parser at the token limit
# graphql-core's message for a variable that does not coerce, before execution starts
BAD_VARIABLE = re.compile(
    r"^Variable '\$(?P<name>\w+)' (?:has invalid value|got invalid value"
    r"|of required type .* was not provided|of non-null type .* must not be null)"
)
# graphql-core's hints at names the schema has ("Did you mean 'first'?"), kept for demo mode only
SUGGESTION = re.compile(r" ?Did you mean [^?]*\?")


class ApiSchema(strawberry.Schema):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.row_guards = guard_rows(self._schema)

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        self.shape_errors(errors, execution_context.context if execution_context else None)

    def shape_errors(self, errors: list[GraphQLError], context: Any) -> None:
        """Localise and tag `errors` for the request of `context` (None outside one); also for errors
        raised before execution, which have no execution context."""
        language = getattr(context, "language", DEFAULT_LANGUAGE)
        request_id = getattr(context, "request_id", "-")
        suggest = bool(getattr(getattr(context, "settings", None), "demo", False))
        for error in errors:
            if not suggest:  # no schema hints outside demo mode
                self.remove_field_suggestion(error)
                error.message = SUGGESTION.sub("", error.message)
            _shape(error, language, request_id)


def _shape(error: GraphQLError, language: str, request_id: str) -> None:
    original = error.original_error
    if (error.extensions or {}).get("code"):
        return  # made by us with its code and a message already in the caller's language
    if isinstance(original, DomainError):
        code, message = original.code, original.message(language)
    elif error.path is None and (bad_variable := BAD_VARIABLE.match(error.message)):
        name = bad_variable["name"]
        code = ErrorCode.BAD_USER_INPUT
        message = render("invalid_variable", language, name=name, detail=error.message)
        error.extensions = {**(error.extensions or {}), "variable": name}
    elif original is None and TOO_MANY_TOKENS in error.message:
        code, message = ErrorCode.QUERY_TOO_COMPLEX, render("too_many_tokens", language)
    elif original is None:
        code, message = ErrorCode.BAD_USER_INPUT, render("invalid_query", language, detail=error.message)
    else:
        logger.error("unhandled error in %s (request %s)", error.path, request_id, exc_info=original)
        code, message = ErrorCode.INTERNAL, render("internal", language, request_id=request_id)
    error.message = message
    error.extensions = {**(error.extensions or {}), "code": code.value}


def build_schema() -> ApiSchema:
    return ApiSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        scalar_overrides=SCALAR_OVERRIDES,
        execution_context_class=CompilingExecutor,
        # a document's parse and validation are kept (bounded) and reused by every request sending it
        extensions=[
            OperationMetrics,
            VisibilityReport,
            QueryLimits,
            ParsedDocuments,
            ValidDocuments,
        ],
    )


schema = build_schema()
