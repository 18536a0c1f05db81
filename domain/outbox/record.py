"""Writing to the outbox: one `DomainEvent` per state change, in the change's own transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.models import DomainEvent

RECORDED_EVENTS = "zhongjie.recorded_events"  # this session's events, for the audit entry of its mutation


async def record_event(
    session: AsyncSession,
    *,
    aggregate_type: str,
    aggregate_key: str,
    event_type: str,
    payload: dict[str, Any],
    actor_user_id: int | None,
    actor_role: str,
    now: datetime,
) -> DomainEvent:
    """Add the event with the next sequence number of its aggregate, counted by its INSERT itself (one
    statement, not two; the ORM inserts a row with a SQL value on its own, so events of one flush count
    each other, and returns the number).

    The caller holds the aggregate's row lock, so no other transaction numbers its
    events meanwhile; the unique constraint on the sequence stops one that tried.
    """
    next_sequence = (
        select(func.coalesce(func.max(DomainEvent.sequence), 0) + 1)
        .where(DomainEvent.aggregate_type == aggregate_type, DomainEvent.aggregate_key == aggregate_key)
        .scalar_subquery()
    )
    event = DomainEvent(
        aggregate_type=aggregate_type,
        aggregate_key=aggregate_key,
        sequence=next_sequence,
        event_type=event_type,
        payload=payload,
        actor_user_id=actor_user_id,
        actor_role=actor_role,
        created_at=now,
    )
    session.add(event)
    session.info.setdefault(RECORDED_EVENTS, []).append(event)
    return event
