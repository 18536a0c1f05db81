"""Documents parsed once and validated once: front ends send the same few documents over and over.

Parsing a document at the token limit takes tens of milliseconds; the server parses each new text in
a worker thread (`parse_off_the_loop`) before the operation starts, so the event loop finds it kept.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, ClassVar

from graphql import DocumentNode, GraphQLError, parse
from strawberry.extensions import SchemaExtension

KEPT = 1024


@lru_cache(maxsize=KEPT)
def parsed(text: str, max_tokens: int | None) -> DocumentNode:
    """The document of `text`; a `GraphQLError` for a syntax error or past `max_tokens`."""
    return parse(text, max_tokens=max_tokens)


async def parse_off_the_loop(text: Any, max_tokens: int) -> GraphQLError | None:
    """Parse `text` in a worker thread and keep it for the operation; the syntax error, if any."""
    if not isinstance(text, str) or text in ValidDocuments.valid:  # a known document is parsed already
        return None
    try:
        await asyncio.to_thread(parsed, text, max_tokens)
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

    valid: ClassVar[OrderedDict[str, None]] = OrderedDict()  # shared by every request's instance

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        text = context.query
        if text is not None and text in self.valid and context.pre_execution_errors is None:
            self.valid.move_to_end(text)
            context.pre_execution_errors = []  # what validating it found before
            yield
            return
        yield
        if text is not None and context.pre_execution_errors == []:
            self.valid[text] = None
            if len(self.valid) > KEPT:
                self.valid.popitem(last=False)
