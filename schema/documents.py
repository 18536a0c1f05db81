"""Documents parsed once and validated once: front ends send the same few documents over and over.

Parsing a document at the token limit, or validating a large one, takes tens of milliseconds: the
server prepares each new text in a worker thread (`prepare_off_the_loop`) before the operation starts —
it parses it and, unless the limits will refuse it for what validation would cost, validates it — so
the event loop finds it kept.
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, ClassVar

from graphql import DocumentNode, GraphQLError, GraphQLSchema, parse, specified_rules
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from zhongjie.schema.document_analysis import overlaps

KEPT = 1024


@lru_cache(maxsize=KEPT)
def parsed(text: str, max_tokens: int | None) -> DocumentNode:
    """The document of `text`; a `GraphQLError` for a syntax error or past `max_tokens`."""
    return parse(text, max_tokens=max_tokens)


def _prepare(schema: GraphQLSchema, text: str, max_tokens: int, max_overlaps: int) -> None:
    document = parsed(text, max_tokens)
    if overlaps(schema, document) > max_overlaps:
        return  # refused before validation, on the loop, at the cost of one linear walk
    if not validate_document(schema, document, tuple(specified_rules)):  # the rules strawberry runs
        ValidDocuments.remember(text)


async def prepare_off_the_loop(
    schema: GraphQLSchema, text: Any, max_tokens: int, max_overlaps: int
) -> GraphQLError | None:
    """Parse and validate a new `text` in a worker thread, keeping both for the operation; the syntax
    error, if any."""
    if not isinstance(text, str) or ValidDocuments.known(text):
        return None
    try:
        await asyncio.to_thread(_prepare, schema, text, max_tokens, max_overlaps)
    except GraphQLError as error:
        return error
    return None


class ParsedDocuments(SchemaExtension):
    """Takes the operation's document from `parsed`, the cache the worker threads fill."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        context.graphql_document = parsed(context.query or "", context.parse_options.get("max_tokens"))
        yield


class ValidDocuments(SchemaExtension):
    """A document that validated without errors is remembered by its text (the latest `KEPT` of them)
    and not validated again. One with errors is validated every time: its errors are rewritten for each
    caller (language, suggestions), so they are never shared. A document the limits refused before
    validation (`pre_execution_errors` already set) stays refused."""

    valid: ClassVar[OrderedDict[str, None]] = OrderedDict()  # shared by every request and worker thread
    lock: ClassVar[threading.Lock] = threading.Lock()

    @classmethod
    def known(cls, text: str) -> bool:
        with cls.lock:
            if text not in cls.valid:
                return False
            cls.valid.move_to_end(text)
            return True

    @classmethod
    def remember(cls, text: str) -> None:
        with cls.lock:
            cls.valid[text] = None
            if len(cls.valid) > KEPT:
                cls.valid.popitem(last=False)

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        text = context.query
        if text is not None and context.pre_execution_errors is None and self.known(text):
            context.pre_execution_errors = []  # what validating it found before
            yield
            return
        yield
        if text is not None and context.pre_execution_errors == []:
            self.remember(text)
