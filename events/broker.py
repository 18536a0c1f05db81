"""Waking subscribers when events commit: in process, and across processes on PostgreSQL.

A wake-up is only a hint to read the outbox again; readers also poll, so a lost
notification delays an event by at most one poll interval and never loses it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

import asyncpg
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from zhongjie.events.live import LiveFeed
from zhongjie.models import DomainEvent
from zhongjie.models.database import Database

logger = logging.getLogger("zhongjie.events")
CHANNEL = "zhongjie_events"
WROTE_EVENTS = "zhongjie.wrote_events"


class EventSignal:
    """A generation counter readers wait on: `wake` moves it on and releases every waiter."""

    def __init__(self) -> None:
        self.generation = 0
        self._changed = asyncio.Event()

    def wake(self) -> None:
        self.generation += 1
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    async def wait(self, seen: int, patience: float) -> None:
        """Return once the generation differs from `seen`, or after `patience` seconds."""
        if self.generation != seen:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._changed.wait(), patience)


class EventBroker:
    """Wakes `signal` after every local commit that wrote events and, on PostgreSQL, on every
    notification of the outbox trigger, whichever process committed; `feed` reads the outbox once
    for all live subscribers of the process (`new_loaders` makes the loaders they present events with)."""

    def __init__(
        self, database: Database, poll_seconds: float, new_loaders: Callable[[], Any] = lambda: None
    ) -> None:
        self.database = database
        self.poll_seconds = poll_seconds
        self.signal = EventSignal()
        self.feed = LiveFeed(database, lambda: self.signal.generation, poll_seconds, new_loaders)
        self._listener: asyncio.Task[None] | None = None
        self.started = False  # commits move the signal only while started

    def start(self) -> None:
        self.started = True
        session_class = self.database.sync_session_class
        event.listen(session_class, "after_flush", _note_events)
        event.listen(session_class, "after_commit", self._after_commit)
        event.listen(session_class, "after_rollback", _forget_events)
        if self.database.backend == "postgresql":
            self._listener = asyncio.get_running_loop().create_task(self._listen())

    async def stop(self) -> None:
        self.started = False
        session_class = self.database.sync_session_class
        event.remove(session_class, "after_flush", _note_events)
        event.remove(session_class, "after_commit", self._after_commit)
        event.remove(session_class, "after_rollback", _forget_events)
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener

    async def wait(self, seen: int) -> None:
        await self.signal.wait(seen, self.poll_seconds)

    def _after_commit(self, session: Session) -> None:
        if session.info.pop(WROTE_EVENTS, False):
            self.signal.wake()

    async def _listen(self) -> None:
        """LISTEN on the outbox channel, reconnecting after failures; each (re)connection wakes
        readers, since notifications sent while disconnected are gone."""
        url = make_url(self.database.engine.url).set(drivername="postgresql")
        dsn = url.render_as_string(hide_password=False)
        while True:
            connection: Any = None
            try:
                connection = await asyncpg.connect(dsn)
                await self._serve_notifications(connection)
            except (OSError, asyncpg.PostgresError) as error:
                logger.warning("event listener disconnected: %s", type(error).__name__)
            finally:
                if connection is not None and not connection.is_closed():
                    await connection.close()
            await asyncio.sleep(self.poll_seconds)

    async def _serve_notifications(self, connection: Any) -> None:
        closed = asyncio.Event()
        connection.add_termination_listener(lambda _connection: closed.set())
        await connection.add_listener(CHANNEL, lambda *_args: self.signal.wake())
        self.signal.wake()
        await closed.wait()


def _note_events(session: Session, _flush_context: Any) -> None:
    if any(isinstance(row, DomainEvent) for row in session.new):
        session.info[WROTE_EVENTS] = True


def _forget_events(session: Session) -> None:
    session.info.pop(WROTE_EVENTS, None)
