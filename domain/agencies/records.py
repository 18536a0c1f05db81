"""Loading agencies for a change, and recording every change: its history entry and its domain event.

`change` is the one step every action on an existing agency goes through: who (the caller is the role
the table names), when (the table allows the action in the agency's status), and the record of the
agency as it was and as the action left it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal
from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.domain.agencies.lifecycle import AGENCY_LIFECYCLE, AgencyActor
from zhongjie.domain.agencies.permissions import authorise
from zhongjie.domain.agencies.vocabulary import AgencyAction, AgencyStatus
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


@dataclass
class Change:
    """An action under way: the agency as it was, and what its record will say beyond that."""

    before: dict[str, Any]
    reasons: Sequence[str] = ()
    comment: str | None = None
    after: dict[str, Any] | None = None  # what the change will make it, when not applied yet (a review)


@asynccontextmanager
async def change(
    session: AsyncSession,
    actor: Principal | None,
    agency: Agency,
    action: AgencyAction,
    role: AgencyActor,
    now: datetime,
    *,
    sector: str = "",
    reasons: Sequence[str] = (),
    comment: str | None = None,
) -> AsyncIterator[Change]:
    """Take `action` on `agency` as `role`, if the caller is that role and the table allows it in the
    agency's status; the body makes the change, and on leaving it the agency takes the table's status and
    the change is recorded (not when the body refuses)."""
    authorise(actor, agency, action, role, sector=sector)
    target = AGENCY_LIFECYCLE.target(AgencyStatus(agency.status), action, role)
    step = Change(snapshot(agency), reasons, comment)
    yield step
    agency.status = target.value
    await record(
        session,
        agency,
        action,
        actor=actor,
        role=role.value,
        now=now,
        before=step.before,
        after=step.after,
        reasons=list(step.reasons),
        comment=step.comment,
    )


async def take(
    session: AsyncSession,
    actor: Principal | None,
    agency: Agency,
    action: AgencyAction,
    role: AgencyActor,
    now: datetime,
    *,
    sector: str = "",
    reasons: Sequence[str] = (),
    comment: str | None = None,
) -> None:
    """An action that is nothing but its move in the table, recorded."""
    async with change(
        session, actor, agency, action, role, now, sector=sector, reasons=reasons, comment=comment
    ):
        pass
