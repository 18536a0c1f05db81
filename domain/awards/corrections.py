"""更正: the operator corrects a published award's value, with the rationale on record.

The award keeps every correction, oldest first; its OCDS award shows the latest value with each
correction as an amendment, published as an `awardUpdate` release (`domain.ocds.publication`), and the
`project.award_corrected` event tells subscribers and webhooks. Nothing published before changes.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal
from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.domain.agencies import validation
from zhongjie.domain.awards.awards import load_awarded
from zhongjie.domain.projects.events import ProjectEvent, record_project_event
from zhongjie.domain.projects.lifecycle import Actor
from zhongjie.domain.values import checked_price
from zhongjie.models import Project


async def correct_award(
    session: AsyncSession,
    principal: Principal,
    project_id: int,
    price: Decimal,
    rationale: str,
    now: datetime,
) -> Project:
    """The award in force now reads `price` (within the project's floor and ceiling), for `rationale`."""
    awarded = await load_awarded(session, principal, project_id)
    if Actor.OPERATOR not in awarded.actors(principal):
        raise RuleViolation(UserErrorCode.FORBIDDEN, "project_forbidden", field="input.projectId")
    project, award = awarded.project, awarded.award
    checked = checked_price(price, project.price_ceiling, project.price_floor)
    rationale = validation.text(rationale, "input.rationale", 1000)
    correction = {
        "price": f"{checked:.2f}",
        "rationale": rationale,
        "at": now.isoformat(),
        "by": principal.user_id,
    }
    award.corrections = [*award.corrections, correction]
    project.updated_at = now
    await record_project_event(
        session,
        project,
        ProjectEvent.AWARD_CORRECTED,
        principal,
        Actor.OPERATOR.value,
        now,
        party=awarded.agency,
        price=correction["price"],
        correction=len(award.corrections),
    )
    return project
