"""Loading agencies for a change, and recording every change: its history entry and its domain event."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal
from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.domain.agencies.vocabulary import AgencyAction
from zhongjie.domain.outbox.record import record_event
from zhongjie.models import Agency, AgencyHistoryEntry

SNAPSHOT_FIELDS = (
    "credit_code",
    "name",
    "legal_representative",
    "region_code",
    "address",
    "business_phone",
    "email",
    "introduction",
    "status",
)


async def load_agency(session: AsyncSession, agency_id: int, *, field: str = "agencyId") -> Agency:
    """The agency, locked for this transaction; a `RuleViolation` naming `field` if there is none."""
    agency = await session.scalar(select(Agency).where(Agency.id == agency_id).with_for_update())
    if agency is None:
        raise RuleViolation(UserErrorCode.NOT_FOUND, "agency_not_found", field=field)
    return agency


def snapshot(agency: Agency) -> dict[str, Any]:
    return {name: getattr(agency, name) for name in SNAPSHOT_FIELDS}


async def record(
    session: AsyncSession,
    agency: Agency,
    action: AgencyAction,
    *,
    actor: Principal | None,
    role: str,
    now: datetime,
    before: dict[str, Any],
    after: dict[str, Any] | None = None,
    reasons: list[str] | None = None,
    comment: str | None = None,
) -> None:
    """One history entry and one domain event, in the caller's transaction."""
    after = snapshot(agency) if after is None else after
    actor_id = actor.user_id if actor is not None else None
    session.add(
        AgencyHistoryEntry(
            agency_id=agency.id,
            action=action.value,
            actor_user_id=actor_id,
            actor_role=role,
            reasons=reasons or [],
            comment=comment,
            before=before,
            after=after,
            created_at=now,
        )
    )
    await record_event(
        session,
        aggregate_type="Agency",
        aggregate_key=str(agency.id),
        event_type=f"agency.{action.value.lower()}",
        payload={
            "creditCode": agency.credit_code,
            "from": before.get("status"),
            "to": agency.status,
        },
        actor_user_id=actor_id,
        actor_role=role,
        now=now,
    )
    agency.updated_at = now
