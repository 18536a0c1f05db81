"""The open deadlines a new calendar moves (`apply_calendar`: a State Council notice replaces a provisional
year, say): sign-up deadlines, publicity periods and service clocks, each counted in working days. Sign-up
closes at its deadline in `domain.selection.closing`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.domain import calendar_store
from zhongjie.domain.awards.vocabulary import AwardStatus
from zhongjie.domain.calendar import CalendarYear, WorkingCalendar
from zhongjie.domain.projects.vocabulary import ProjectStatus
from zhongjie.domain.values import local_day
from zhongjie.models import Project, ProjectAward


@dataclass(frozen=True)
class MovedDeadline:
    project_code: str
    deadline: str  # signup_deadline, publicity_ends_at or service_due_at
    before: datetime
    after: datetime


@dataclass(frozen=True)
class CalendarChange:
    years: list[int]  # the years whose arrangement changed
    moved: list[MovedDeadline]


async def apply_calendar(
    session: AsyncSession, years: list[CalendarYear], source: str, now: datetime, *, shipped: bool = False
) -> CalendarChange:
    """Store `years` (see `calendar_store.store`) and move every open deadline they change: sign-ups still
    open, publicity periods still running, services not yet accepted."""
    stored = await calendar_store.store(session, years, source, now, shipped=shipped)
    if not stored.changed:
        return CalendarChange([], [])
    return CalendarChange(stored.changed, await _move_open_deadlines(session, stored.before, stored.after))


async def _move_open_deadlines(
    session: AsyncSession, before: WorkingCalendar, after: WorkingCalendar
) -> list[MovedDeadline]:
    old, new = before.leniently(), after.leniently()
    moved: list[MovedDeadline] = []

    def move(project: Project, holder: object, name: str, value: datetime) -> None:
        current = getattr(holder, name)
        if current != value:
            moved.append(MovedDeadline(project.code, name, current, value))
            setattr(holder, name, value)

    open_projects = await session.scalars(
        select(Project)
        .where(Project.status.in_([ProjectStatus.PUBLISHED.value, ProjectStatus.RESULT_ANNOUNCED.value]))
        .order_by(Project.id)
        .with_for_update()
    )
    for project in open_projects:
        if (
            project.status == ProjectStatus.PUBLISHED.value
            and project.published_at
            and project.signup_deadline
        ):
            move(
                project,
                project,
                "signup_deadline",
                new.deadline(project.published_at, project.signup_working_days),
            )
        elif project.result_announced_at and project.publicity_ends_at:
            days = old.working_days_between(
                local_day(project.result_announced_at), local_day(project.publicity_ends_at)
            )
            move(project, project, "publicity_ends_at", new.deadline(project.result_announced_at, days))
    in_service = await session.execute(
        select(ProjectAward, Project)
        .join(Project, Project.id == ProjectAward.project_id)
        .where(
            ProjectAward.status == AwardStatus.ACTIVE.value,
            ProjectAward.service_started_at.is_not(None),
            ProjectAward.accepted_at.is_(None),
        )
        .order_by(ProjectAward.id)
        .with_for_update()
    )
    for award, project in in_service:
        assert award.service_started_at is not None
        due = new.deadline(award.service_started_at, project.time_limit_days + award.extension_days)
        move(project, award, "service_due_at", due)
    return moved
