"""Answers to the public kept for a moment.

Anonymous callers ask the same queries over and over (a portal's catalog, its project lists), and
their answers are the same for all of them: everything in them passed the public's visibility rules.
An answer is kept by document text, operation name, variables and language together with the event
generation it was computed at (`EventSignal.generation`, moved by every commit that wrote events, in
this process or — through PostgreSQL `NOTIFY` — in any other). It is given again only while no such
commit happened since, and for at most `ZHONGJIE_PUBLIC_CACHE_SECONDS`, which bounds what no event
reports (the clock, writes without events, other processes on SQLite). Only queries that ran without
errors are kept; a caller served a kept answer is charged its cost like any other.
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from prometheus_client import Counter
from strawberry.http import GraphQLRequestData

HITS = Counter("zhongjie_public_answers_served", "Anonymous queries answered from the kept answers")
MAX_QUERY_CHARACTERS, MAX_VARIABLE_CHARACTERS = 20_000, 4_096


@dataclass(frozen=True)
class Kept:
    data: Any
    extensions: dict[str, Any]  # the caller-independent ones: cost, visibility
    cost: int
    generation: int
    stored_at: float


class PublicAnswers:
    def __init__(self, seconds: float, size: int) -> None:
        self.seconds = seconds
        self.size = size
        self.entries: OrderedDict[tuple[Any, ...], Kept] = OrderedDict()

    def key(self, context: Any, request: GraphQLRequestData) -> tuple[Any, ...] | None:
        """What identifies the answer, or None when it may not be kept (a signed-in caller, a huge
        document or variables, keeping switched off)."""
        if self.seconds <= 0 or context.principal.is_authenticated or not request.query:
            return None
        variables = json.dumps(request.variables or {}, sort_keys=True, ensure_ascii=False, default=str)
        if len(request.query) > MAX_QUERY_CHARACTERS or len(variables) > MAX_VARIABLE_CHARACTERS:
            return None
        return (request.query, request.operation_name, variables, context.language)

    def get(self, key: tuple[Any, ...], generation: int) -> Kept | None:
        kept = self.entries.get(key)
        if kept is None:
            return None
        if kept.generation != generation or time.monotonic() - kept.stored_at > self.seconds:
            del self.entries[key]
            return None
        self.entries.move_to_end(key)
        HITS.inc()
        return kept

    def put(self, key: tuple[Any, ...], result: Any, context: Any, generation: int) -> None:
        """Keep `result` if it answered a query without errors; `generation` is the one before it ran."""
        if result.errors or context.operation_type != "query" or context.cost is None:
            return
        extensions = {name: value for name, value in (result.extensions or {}).items() if name != "throttle"}
        self.entries[key] = Kept(result.data, extensions, context.cost, generation, time.monotonic())
        self.entries.move_to_end(key)
        if len(self.entries) > self.size:
            self.entries.popitem(last=False)
