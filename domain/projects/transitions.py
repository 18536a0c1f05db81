"""Taking a step of the project lifecycle: the project loaded as the caller may see it, the step checked
against the lifecycle table for the caller's role, and recorded in the history and the outbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal
from zhongjie.auth.visibility import VISIBILITY
from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.domain.outbox.record import record_event
from zhongjie.domain.projects import events
from zhongjie.domain.projects.access import PROJECT_ROWS, actors_for
from zhongjie.domain.projects.lifecycle import PROJECT_LIFECYCLE, Actor
from zhongjie.domain.projects.vocabulary import ProjectAction, ProjectStatus
from zhongjie.models import Project, ProjectHistoryEntry


async def load_project(session: AsyncSession, principal: Principal | None, project_id: int) -> Project:
    """The project, locked; one the caller may not see is reported as absent."""
    project = await session.scalar(select(Project).where(Project.id == project_id).with_for_update())
    if project is None or (
        principal is not None and not VISIBILITY.sees_row(principal, PROJECT_ROWS, project)
    ):
        raise RuleViolation(UserErrorCode.NOT_FOUND, "project_not_found", field="input.projectId")
    return project


async def record(
    session: AsyncSession,
    project: Project,
    action: ProjectAction,
    actor: Principal | None,
    role: Actor,
    now: datetime,
    before: str | None,
    reasons: list[str] | None = None,
    comment: str | None = None,
    announcement: dict[str, Any] | None = None,
) -> None:
    """The history entry and the event of `action`, which took the project from `before` to its status."""
    actor_id = actor.user_id if actor else None
    session.add(
        ProjectHistoryEntry(
            project_id=project.id,
            action=action.value,
            actor_user_id=actor_id,
            actor_role=role.value,
            from_status=before,
            to_status=project.status,
            reasons=reasons or [],
            comment=comment,
            created_at=now,
        )
    )
    await record_event(
        session,
        aggregate_type=events.AGGREGATE,
        aggregate_key=str(project.id),
        event_type=events.EVENT_TYPE_OF_ACTION[action],
        payload={
            "code": project.code,
            "from": before,
            "to": project.status,
            "action": action.value,
            **(announcement or {}),
        },
        actor_user_id=actor_id,
        actor_role=role.value,
        now=now,
    )
    project.updated_at = now


def allowed_role(
    project: Project,
    action: ProjectAction,
    principal: Principal | None,
    winner_organisation_id: int | None = None,
) -> tuple[ProjectStatus, Actor]:
    """The status `action` leads to and the role the caller takes it in, if the table allows it from the
    project's status for one of the caller's roles (`principal` None: the platform itself)."""
    acting_as = (
        {Actor.SYSTEM} if principal is None else actors_for(principal, project, winner_organisation_id)
    )
    return PROJECT_LIFECYCLE.actor(
        ProjectStatus(project.status),
        action,
        acting_as,
        lambda: RuleViolation(UserErrorCode.FORBIDDEN, "project_forbidden", field="input.projectId"),
    )


async def transition(
    session: AsyncSession,
    project: Project,
    action: ProjectAction,
    principal: Principal | None,
    now: datetime,
    *,
    reasons: list[str] | None = None,
    comment: str | None = None,
    winner_organisation_id: int | None = None,
    announcement: dict[str, Any] | None = None,
) -> Actor:
    """Take `action` if the table allows it. A move to a result or a failure carries its `announcement`
    (what subscribers are told), which only `domain.projects.results` makes."""
    target, role = allowed_role(project, action, principal, winner_organisation_id)
    if (target in events.ANNOUNCEMENTS) != (announcement is not None):
        raise TypeError(f"{action.value} to {target.value}: announcements come from domain.projects.results")
    before = project.status
    project.status = target.value
    await record(session, project, action, principal, role, now, before, reasons, comment, announcement)
    return role
