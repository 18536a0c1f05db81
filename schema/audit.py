"""The audit log (审计日志) as operators see it."""

from __future__ import annotations

from datetime import datetime
from typing import Self

import strawberry
from strawberry.scalars import JSON

from zhongjie.models import AuditEntry as EntryRow


@strawberry.type(
    description="One mutation in the audit log (审计日志), chained by hash to the one before it on its chain "
    "(the log is several chains side by side, their heads sealed together from time to time)."
)
class AuditEntry:
    chain: int = strawberry.field(description="The chain it is on (审计链), from 1.")
    position: int = strawberry.field(description="Position on its chain, from 1, without gaps.")
    occurred_at: datetime = strawberry.field(description="When (server time).")
    request_id: str = strawberry.field(description="The request's id (X-Request-ID).")
    actor_user_id: int | None = strawberry.field(description="Who: the user's id.")
    actor_roles: list[str] = strawberry.field(description="The roles the caller held.")
    action: str = strawberry.field(description="The mutation.")
    target: str | None = strawberry.field(description="What it was about, as Type:key.")
    outcome: str = strawberry.field(description="ok, or refused.")
    details: JSON = strawberry.field(description="Input (secrets dropped), the error, and the changes made.")
    previous_hash: str = strawberry.field(description="Hash of the entry before it on its chain.")
    entry_hash: str = strawberry.field(description="SHA-256 over the previous hash and this entry.")

    @classmethod
    def from_row(cls, row: EntryRow) -> Self:
        return cls(
            chain=row.chain,
            position=row.position,
            occurred_at=row.occurred_at,
            request_id=row.request_id,
            actor_user_id=row.actor_user_id,
            actor_roles=list(row.actor_roles),
            action=row.action,
            target=row.target,
            outcome=row.outcome,
            details=JSON(row.details),
            previous_hash=row.previous_hash,
            entry_hash=row.entry_hash,
        )
