"""Engine and session setup for the embedded SQLite default and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Protocol, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Session

T = TypeVar("T")

# unique_violation, serialization_failure, deadlock_detected
RETRYABLE_SQLSTATES = {"23505", "40001", "40P01"}
RETRYABLE_SQLITE_MESSAGES = ("UNIQUE constraint failed", "database is locked")


def is_write_conflict(error: DBAPIError) -> bool:
    """A failure caused by a concurrent transaction, which a fresh attempt may not meet again."""
    if not isinstance(error, IntegrityError | OperationalError):
        return False
    if getattr(error.orig, "sqlstate", None) in RETRYABLE_SQLSTATES:
        return True
    return any(message in str(error.orig) for message in RETRYABLE_SQLITE_MESSAGES)


def _enable_sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    # SQLAlchemy, not the driver, begins transactions (see `_begin_sqlite`)
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


WRITE_TRANSACTION = "zhongjie_write"


def _begin_sqlite(connection: Any) -> None:
    """Reads begin a deferred transaction (one snapshot for the whole unit of work); writes take the write
    lock at once (`BEGIN IMMEDIATE`), so what a write transaction read stays true until it commits — SQLite's
    stand-in for PostgreSQL's row locks. The driver's own implicit transactions would read outside them."""
    write = connection.get_execution_options().get(WRITE_TRANSACTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    """An async engine for `url`; SQLite gets its folder created and foreign keys enforced."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, echo=echo)
        event.listen(engine.sync_engine, "connect", _enable_sqlite_foreign_keys)
        event.listen(engine.sync_engine, "begin", _begin_sqlite)
        return engine
    return create_async_engine(url, echo=echo, pool_pre_ping=True)


KEPT_ROWS = "zhongjie_kept_rows"
Finisher = Callable[[AsyncSession], Awaitable[None]]
FINISHERS: list[Finisher] = []


def finishing(work: Finisher) -> Finisher:
    """Register `work` to run at the end of every write transaction, after its last statement and before
    its commit (a decorator). It sees everything the transaction did and may add to it (the OCDS releases
    of the stages it recorded); it must return at once when there is nothing for it to do."""
    FINISHERS.append(work)
    return work


def _kept_for_the_session(session: Session, instance: object) -> None:
    """A loaded row stays in the session's identity map until the session ends. The map holds rows weakly:
    a row a rule loaded and let go of was read again by the next rule asking for it (`session.get`), two
    to four statements of a sign-up (bench/)."""
    session.info.setdefault(KEPT_ROWS, []).append(instance)


class Database:
    """The engine and session factories. Each unit of work opens its own short session: `transaction()`
    to write, `session()` to read."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        # a class of its own, so session events listened for on it concern this database only
        self.sync_session_class: type[Session] = type("DatabaseSession", (Session,), {})
        event.listen(self.sync_session_class, "loaded_as_persistent", _kept_for_the_session)
        self.info: dict[str, Any] = {}  # copied into each write session's `info`: the deployment's settings
        self.sessions = async_sessionmaker(
            engine, expire_on_commit=False, sync_session_class=self.sync_session_class
        )
        # Reads on PostgreSQL run outside an explicit transaction: under READ COMMITTED each statement
        # sees what was committed when it started either way, and the BEGIN/ROLLBACK round trips around
        # every read were a quarter of an agency profile's time (bench/). SQLite keeps its own reads.
        self.readable = (
            engine.execution_options(isolation_level="AUTOCOMMIT") if self.backend == "postgresql" else engine
        )
        self.read_sessions = async_sessionmaker(
            self.readable, expire_on_commit=False, sync_session_class=self.sync_session_class
        )

    @classmethod
    def from_url(cls, url: str) -> Database:
        return cls(create_engine(url))

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A session to read with (on PostgreSQL outside a transaction: never write with it)."""
        async with self.read_sessions() as session:
            yield session

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[AsyncConnection]:
        """A bare connection to read plain records with (no ORM session: creating and closing sessions
        for the loaders was about a fifth of an agency profile's time, bench/)."""
        async with self.readable.connect() as connection:
            yield connection

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session whose work commits at the end of the block, or rolls back on error."""
        async with self.sessions() as session, session.begin():
            session.info.update(self.info)
            await session.connection(execution_options={WRITE_TRANSACTION: True})
            yield session
            for work in FINISHERS:
                await work(session)

    async def run_transaction(self, work: Callable[[AsyncSession], Awaitable[T]], attempts: int = 3) -> T:
        """Run `work` in a transaction; if a concurrent writer got in the way, run it afresh.

        `work` must read what it decides on inside the transaction, so a retry
        decides again on the state the other writer left.
        """
        for attempt in range(1, attempts + 1):
            try:
                async with self.transaction() as session:
                    return await work(session)
            except DBAPIError as error:
                if attempt == attempts or not is_write_conflict(error):
                    raise
        raise AssertionError("unreachable")

    async def dispose(self) -> None:
        await self.engine.dispose()


class Readable(Protocol):
    """What runs reads: a `Database`, or one request's `Reads`."""

    def reading(self) -> Any:
        """An async context manager giving a connection to read with."""
        ...


class Reads:
    """Where one request's reads run. Within `held()` (one query operation) they share one connection on
    PostgreSQL, checked out at the first read and given back at the end, one statement at a time: a
    checkout with its ping cost more than a small statement itself (bench/). Outside it, and on SQLite
    (whose reads are transactions that would hold off writers), each read takes a connection of its own."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.shares = database.backend == "postgresql"
        self.depth = 0
        self.connection: AsyncConnection | None = None
        self.lock = asyncio.Lock()

    @asynccontextmanager
    async def held(self) -> AsyncIterator[None]:
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1
            if self.depth == 0:
                async with self.lock:  # after a read still running (one an error left behind)
                    await self._give_back()

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[AsyncConnection]:
        if self.shares and self.depth:
            async with self.lock:
                if self.depth:  # (still: the operation may have ended while this read waited)
                    if self.connection is None:
                        self.connection = await self.database.readable.connect()
                    try:
                        yield self.connection
                    except BaseException:
                        # a failed or cancelled read gives it back; the next read takes another
                        await self._give_back()
                        raise
                    return
        async with self.database.reading() as own:
            yield own

    async def _give_back(self) -> None:
        connection, self.connection = self.connection, None
        if connection is not None:
            await connection.close()
