"""Documents validated once: front ends send the same few documents over and over."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from typing import ClassVar

from strawberry.extensions import SchemaExtension

KEPT = 1024


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
