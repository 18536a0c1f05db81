"""One reader of the outbox per process for all live subscriptions.

Without it, every subscriber woken by a commit read the outbox and loaded the changed subject on its
own: one event to 1,000 subscribers cost 2,000 statements. The live feed reads what follows its
position once per wake-up (or per poll interval), keeps the latest events in memory, and serves every
subscriber whose position it still holds from there; a subscriber further behind (a replay from an old
cursor) reads the outbox itself, as before. The feed's reads are the outbox's feed order with its
horizon (`domain.outbox.feed.read_events`), so what it serves is exactly what a reader of its own would get.

It also hands out one set of loaders per refresh, shared by the subscribers presenting those events:
loaders hold rows, never decisions (visibility is judged per subscriber on the rows), so sharing them
batches the subjects of one change into one statement for all.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable, Collection
from typing import Any

from zhongjie.domain.outbox.feed import Position, end_of_feed, read_events
from zhongjie.models import DomainEvent
from zhongjie.models.database import Database

REFRESH_BATCH = 500


class LiveFeed:
    def __init__(
        self,
        database: Database,
        generation: Callable[[], int],
        poll_seconds: float,
        new_loaders: Callable[[], Any],
        keep: int = 2000,
    ) -> None:
        self.database = database
        self.generation = generation
        self.poll_seconds = poll_seconds
        self.new_loaders = new_loaders
        self.events: deque[DomainEvent] = deque(maxlen=keep)
        self.start: Position | None = None  # memory holds every event after it, up to `self.position`
        self.position: Position | None = None
        self.loaders: Any = None
        self._refreshed_generation: int | None = None
        self._refreshed_at = 0.0
        self._lock = asyncio.Lock()

    async def read(
        self, after: Position, limit: int, types: Collection[str] | None
    ) -> tuple[list[DomainEvent], Any]:
        """Up to `limit` events after `after` (of `types`), as the outbox gives them, and the loaders to
        present them with."""
        await self._refresh()
        if self.start is None or self.position is None or after < self.start or after > self.position:
            async with self.database.session() as session:
                return await read_events(session, after, limit, types), self.new_loaders()
        found = [
            event
            for event in self.events
            if Position.of(event) > after and (types is None or event.event_type in types)
        ]
        return found[:limit], self.loaders

    async def _refresh(self) -> None:
        if not self._stale():
            return
        async with self._lock:
            if not self._stale():  # another subscriber refreshed while this one waited
                return
            generation = self.generation()
            async with self.database.session() as session:
                if self.position is None:
                    self.position = self.start = await end_of_feed(session)
                while True:
                    batch = await read_events(session, self.position, REFRESH_BATCH)
                    if batch:
                        self._keep(batch)
                    if len(batch) < REFRESH_BATCH:
                        break
            self.loaders = self.new_loaders()  # what the subscribers show is current
            self._refreshed_generation, self._refreshed_at = generation, time.monotonic()

    def _stale(self) -> bool:
        return (
            self._refreshed_generation != self.generation()
            or time.monotonic() - self._refreshed_at >= self.poll_seconds
        )

    def _keep(self, batch: list[DomainEvent]) -> None:
        if len(self.events) + len(batch) > (self.events.maxlen or 0):
            overflow = len(self.events) + len(batch) - (self.events.maxlen or 0)
            dropped = [self.events[index] for index in range(min(overflow, len(self.events)))]
            if dropped:
                self.start = Position.of(dropped[-1])
            if overflow > len(dropped):  # the batch alone exceeds memory: keep its tail
                self.start = Position.of(batch[overflow - len(dropped) - 1])
        self.events.extend(batch)
        self.position = Position.of(batch[-1])
