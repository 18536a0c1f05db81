"""Domain events, written in the same transaction as the change they report (the outbox).

An event's position in the change feed is `(commit_number, id)`. The commit number is taken from the one
`outbox_head` row as the last step before the writing transaction commits, and that row stays locked until
the commit is done: transactions that wrote events commit in the order of their numbers, so a reader that
has seen number N has seen every event numbered below it, and nothing can appear behind it later. A
transaction that writes no event never takes the row, so a long import, a migration or another database's
load on the same server holds no one's events back. Rows whose transaction has not committed have no number
and are invisible to readers anyway.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    FetchedValue,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, Session, mapped_column

from zhongjie.base.clock import utcnow
from zhongjie.models.base import Base, UTCDateTime

HEAD_ID = 1
UNNUMBERED = "zhongjie.unnumbered_events"  # ids of this transaction's events, numbered at its commit
NUMBERING_BATCH = 1000


class OutboxHead(Base):
    """The last commit number given to a transaction that wrote events; locked from numbering to commit."""

    __tablename__ = "outbox_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commit_number: Mapped[int] = mapped_column(BigInteger)


class DomainEvent(Base):
    __tablename__ = "domain_events"
    __table_args__ = (
        UniqueConstraint("aggregate_type", "aggregate_key", "sequence"),
        Index("ix_domain_events_position", "commit_number", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commit_number: Mapped[int | None] = mapped_column(
        BigInteger, doc="Order of the writing transaction's commit among those that wrote events."
    )
    aggregate_type: Mapped[str] = mapped_column(String(40))
    aggregate_key: Mapped[str] = mapped_column(String(64), index=True)
    sequence: Mapped[int] = mapped_column(  # counted by the INSERT (`record_event`), given back by RETURNING
        Integer, server_default=FetchedValue(), doc="Position among the events of its aggregate, from 1."
    )
    event_type: Mapped[str] = mapped_column(String(60), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON().with_variant(JSONB(), "postgresql"))
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_role: Mapped[str] = mapped_column(String(24))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    committed_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, doc="When its transaction was numbered for commit: when it was published."
    )


@event.listens_for(Session, "after_flush")
def _note_new_events(session: Session, _context: Any) -> None:
    new = [row.id for row in session.new if isinstance(row, DomainEvent)]
    if new:
        session.info.setdefault(UNNUMBERED, []).extend(new)


@event.listens_for(Session, "before_commit")
def _number_events(session: Session) -> None:
    """Give this transaction's events the next commit number, holding the head row until the commit.

    Transactions that wrote events pass through here one at a time, so it is kept to one statement on
    PostgreSQL (the head's update as a CTE of the events' update); SQLite has one writer anyway.
    """
    session.flush()
    event_ids = session.info.pop(UNNUMBERED, None)
    if not event_ids:
        return
    batches = [
        event_ids[start : start + NUMBERING_BATCH] for start in range(0, len(event_ids), NUMBERING_BATCH)
    ]
    next_number = (
        update(OutboxHead)
        .where(OutboxHead.id == HEAD_ID)
        .values(commit_number=OutboxHead.commit_number + 1)
        .returning(OutboxHead.commit_number)
    )
    postgresql = session.get_bind().dialect.name == "postgresql"
    at = func.clock_timestamp() if postgresql else utcnow()
    if postgresql:
        head = next_number.cte("head")
        number = session.execute(
            _numbering(batches[0], select(head.c.commit_number).scalar_subquery(), at)
            .add_cte(head)
            .returning(DomainEvent.commit_number)
        ).scalar()
    else:
        number = session.execute(next_number).scalar()
        if number is not None:
            session.execute(_numbering(batches[0], number, at))
    if number is None:  # the first events ever; a concurrent first writer fails on the key and retries
        number = 1
        session.execute(insert(OutboxHead).values(id=HEAD_ID, commit_number=number))
        session.execute(_numbering(batches[0], number, at))
    for batch in batches[1:]:
        session.execute(_numbering(batch, number, at))


def _numbering(event_ids: list[int], number: Any, at: Any) -> Any:
    """Number the events and note the moment, taken while the head row is held: commit numbers and
    publication moments rise together, so "published since" is a position in the feed."""
    return (
        update(DomainEvent)
        .where(DomainEvent.id.in_(event_ids))
        .values(commit_number=number, committed_at=at)
        .execution_options(synchronize_session=False)
    )


@event.listens_for(Session, "after_rollback")
def _forget_events(session: Session) -> None:
    session.info.pop(UNNUMBERED, None)
