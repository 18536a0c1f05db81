"""Domain events, written in the same transaction as the change they report (the outbox).

An event's position in the change feed is `(transaction_id, id)`. On PostgreSQL
`transaction_id` is the writing transaction's 64-bit id: a reader only takes events of
transactions older than every transaction still running, so an event whose transaction
took its id first but committed last is never skipped. SQLite has one writer at a
time, so ids already follow commit order there and `transaction_id` stays 0.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from zhongjie.models.base import Base, UTCDateTime, utcnow


class current_transaction_id(FunctionElement[int]):
    """The writing transaction's id: `pg_current_xact_id()` on PostgreSQL, 0 elsewhere."""

    type = BigInteger()
    inherit_cache = True


@compiles(current_transaction_id)
def _transaction_id_default(element: current_transaction_id, compiler: SQLCompiler, **kw: Any) -> str:
    return "0"


@compiles(current_transaction_id, "postgresql")
def _transaction_id_postgresql(element: current_transaction_id, compiler: SQLCompiler, **kw: Any) -> str:
    return "pg_current_xact_id()::text::bigint"


class oldest_running_transaction_id(FunctionElement[int]):
    """Every transaction below this id has ended: events below it can no longer appear."""

    type = BigInteger()
    inherit_cache = True


@compiles(oldest_running_transaction_id)
def _horizon_default(element: oldest_running_transaction_id, compiler: SQLCompiler, **kw: Any) -> str:
    return "1"  # above SQLite's constant 0: every committed event


@compiles(oldest_running_transaction_id, "postgresql")
def _horizon_postgresql(element: oldest_running_transaction_id, compiler: SQLCompiler, **kw: Any) -> str:
    return "pg_snapshot_xmin(pg_current_snapshot())::text::bigint"


class DomainEvent(Base):
    __tablename__ = "domain_events"
    __table_args__ = (
        UniqueConstraint("aggregate_type", "aggregate_key", "sequence"),
        Index("ix_domain_events_position", "transaction_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    transaction_id: Mapped[int] = mapped_column(
        BigInteger, default=current_transaction_id(), server_default=text("0")
    )
    aggregate_type: Mapped[str] = mapped_column(String(40))
    aggregate_key: Mapped[str] = mapped_column(String(64), index=True)
    sequence: Mapped[int] = mapped_column(Integer, doc="Position among the events of its aggregate, from 1.")
    event_type: Mapped[str] = mapped_column(String(60), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON().with_variant(JSONB(), "postgresql"))
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_role: Mapped[str] = mapped_column(String(24))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
