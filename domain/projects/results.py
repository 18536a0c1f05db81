"""Announcing a result (中选公告) or a failure (流标): the one way to either.

Every way of reaching a result — direct selection, a draw, opening offers (average price, bidding), ranking
(best merit), a batch follow-on, and each of these again after a winner withdrew or was disqualified —
goes through `announce_result`; every failure — too few competitors at the close, none left after a winner
ended — through `announce_failure`. The lifecycle refuses a move to either status without an announcement,
so a new selection method cannot skip it. Each writes the announcement event that result pushes, webhooks
and the OCDS award releases are made of: the method, the winner with its consortium members, the winning
offer and, for a draw, the round whose published record verifies it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal
from zhongjie.base.settings import Thresholds
from zhongjie.domain import calendar_store
from zhongjie.domain.awards.vocabulary import AwardStatus
from zhongjie.domain.projects.signups import eligible_signups
from zhongjie.domain.projects.transitions import transition
from zhongjie.domain.projects.vocabulary import ProjectAction, ProjectStatus, SelectionMethod
from zhongjie.domain.selection import sealed
from zhongjie.domain.selection.methods import METHODS
from zhongjie.models import Project, ProjectAward, ProjectSignup


@dataclass(frozen=True)
class Winner:
    """Whom a result names, and why."""

    agency_id: int
    reason: str | None
    price: Decimal | None = None  # the winning offer, where the method takes offers
    draw_round: int | None = None  # the round of a random selection


async def competitors(session: AsyncSession, project: Project, now: datetime) -> list[ProjectSignup]:
    """The sign-ups that take part in the selection: the eligible ones, with a sealed offer where the
    method takes offers, without a winner that withdrew or was disqualified."""
    eligible = await eligible_signups(session, project, now)
    if METHODS[SelectionMethod(project.selection_method)].sealed_offers:
        eligible = await sealed.with_offers(session, project, eligible)
    return eligible


async def announce_result(
    session: AsyncSession,
    project: Project,
    action: ProjectAction,
    principal: Principal | None,
    winner: Winner,
    thresholds: Thresholds,
    now: datetime,
    *,
    comment: str | None = None,
) -> None:
    """The award to the winner, announced now with its publicity period (公示期); in a batch (批量), on
    every other project of the batch in selection where that agency is eligible too."""
    await _announce(session, project, action, principal, winner, thresholds, now, comment=comment)
    if project.batch_code is None:
        return
    siblings = await session.scalars(
        select(Project)
        .where(
            Project.batch_code == project.batch_code,
            Project.id != project.id,
            Project.status == ProjectStatus.SELECTION.value,
        )
        .with_for_update()
    )
    follow_on = Winner(winner.agency_id, f"批量选取：随项目 {project.code} 中选")
    for sibling in siblings:
        if winner.agency_id in {signup.agency_id for signup in await eligible_signups(session, sibling, now)}:
            await _announce(
                session,
                sibling,
                ProjectAction.BATCH_SELECT,
                None,
                follow_on,
                thresholds,
                now,
                comment=project.code,
                batch_of=project.code,
            )


async def _announce(
    session: AsyncSession,
    project: Project,
    action: ProjectAction,
    principal: Principal | None,
    winner: Winner,
    thresholds: Thresholds,
    now: datetime,
    *,
    comment: str | None,
    batch_of: str | None = None,
) -> None:
    members = await session.scalar(
        select(ProjectSignup.member_agency_ids).where(
            ProjectSignup.project_id == project.id, ProjectSignup.agency_id == winner.agency_id
        )
    )
    earlier = await session.scalar(
        select(func.count()).select_from(ProjectAward).where(ProjectAward.project_id == project.id)
    )
    announcement = {
        "method": project.selection_method,
        "winner": winner.agency_id,
        "members": list(members or []),
        "result": (earlier or 0) + 1,
        "price": None if winner.price is None else f"{winner.price:.2f}",
        "drawRound": winner.draw_round,
        "batchOf": batch_of,
    }
    await transition(session, project, action, principal, now, comment=comment, announcement=announcement)
    session.add(
        ProjectAward(
            project_id=project.id, agency_id=winner.agency_id, status=AwardStatus.ACTIVE.value, created_at=now
        )
    )
    project.selected_agency_id = winner.agency_id
    project.selection_reason = winner.reason
    project.result_announced_at = now
    project.publicity_ends_at = await calendar_store.deadline(
        session, now, thresholds.publicity_working_days, field="input.projectId"
    )


async def announce_failure(session: AsyncSession, project: Project, now: datetime, competing: int) -> None:
    """流标: too few competitors at the close, or none left once a winner withdrew or was disqualified."""
    minimum = METHODS[SelectionMethod(project.selection_method)].min_competitors
    await transition(
        session,
        project,
        ProjectAction.FAIL,
        None,
        now,
        announcement={"method": project.selection_method, "competitors": competing, "minimum": minimum},
    )
