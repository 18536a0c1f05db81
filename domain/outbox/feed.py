"""Reading the outbox in commit order: positions, opaque cursors and pages of events."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.base.errors import BadInput
from zhongjie.models import DomainEvent

CURSOR_PREFIX = "ev1"


@dataclass(frozen=True, order=True)
class Position:
    """Where an event sits in the feed, which is ordered by commit and then by event id."""

    commit_number: int
    event_id: int

    @classmethod
    def of(cls, event: DomainEvent) -> Position:
        assert event.commit_number is not None, "an event is read only once its transaction committed"
        return cls(event.commit_number, event.id)

    @property
    def cursor(self) -> str:
        text = f"{CURSOR_PREFIX}:{self.commit_number}:{self.event_id}"
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    @classmethod
    def from_cursor(cls, cursor: str | None, field: str = "after") -> Position:
        """The position of `cursor`; the start of the feed for None; `BadInput` for anything else."""
        if cursor is None:
            return START
        try:
            padded = cursor + "=" * (-len(cursor) % 4)
            prefix, commit_number, event_id = (
                base64.urlsafe_b64decode(padded.encode("ascii")).decode().split(":")
            )
            if prefix != CURSOR_PREFIX or not (_is_position(commit_number) and _is_position(event_id)):
                raise ValueError(cursor)
            return cls(int(commit_number), int(event_id))
        except (UnicodeError, ValueError, binascii.Error) as error:
            raise BadInput("malformed_cursor", field=field, argument=field) from error


def _is_position(text: str) -> bool:
    """ASCII digits of a number a BIGINT holds."""
    return text.isascii() and text.isdigit() and len(text) <= 18


START = Position(0, 0)


async def read_events(
    session: AsyncSession,
    after: Position,
    limit: int,
    types: Collection[str] | None = None,
    since: datetime | None = None,
) -> list[DomainEvent]:
    """Up to `limit` events after `after`, of `types` and written at or after `since` if given, in feed
    order.

    Transactions commit in the order of their commit numbers (`models.events`), so nothing can later
    appear before the last event returned: a reader that continues from it never skips one.
    """
    statement = (
        select(DomainEvent)
        .where(
            tuple_(DomainEvent.commit_number, DomainEvent.id) > tuple_(after.commit_number, after.event_id)
        )
        .order_by(DomainEvent.commit_number, DomainEvent.id)
        .limit(limit)
    )
    if types:
        statement = statement.where(DomainEvent.event_type.in_(sorted(types)))
    if since is not None:
        statement = statement.where(DomainEvent.created_at >= since)
    return list(await session.scalars(statement))


async def end_of_feed(session: AsyncSession) -> Position:
    """The position of the last committed event: where a live reader starts."""
    row = (
        await session.execute(
            select(DomainEvent.commit_number, DomainEvent.id)
            .where(DomainEvent.commit_number.is_not(None))
            .order_by(DomainEvent.commit_number.desc(), DomainEvent.id.desc())
            .limit(1)
        )
    ).first()
    if row is None:
        return START
    commit_number, event_id = row
    assert commit_number is not None, "only committed events are selected"
    return Position(commit_number, event_id)
