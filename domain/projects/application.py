"""A project's application (申请): created and edited as a draft, then submitted, approved or returned,
published or republished, or cancelled, each step by the lifecycle table (`lifecycle.TRANSITIONS`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal, Role
from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.base.settings import Thresholds
from zhongjie.domain import calendar_store
from zhongjie.domain.projects.access import actors_for, visible_agencies
from zhongjie.domain.projects.lifecycle import EDITABLE, Actor
from zhongjie.domain.projects.terms import ProjectInput, batch_code, checked
from zhongjie.domain.projects.transitions import load_project, record, transition
from zhongjie.domain.projects.vocabulary import ProjectAction, ProjectReturnReason, ProjectStatus
from zhongjie.domain.values import credit_code_key
from zhongjie.models import Agency, Project, ProjectRecusal, ServiceItem


async def _set_recusals(
    session: AsyncSession, actor: Principal, project: Project, credit_codes: list[str]
) -> None:
    await session.execute(delete(ProjectRecusal).where(ProjectRecusal.project_id == project.id))
    recused: set[int] = set()
    for position, code in enumerate(credit_codes[:200]):
        field = f"input.recusedCreditCodes.{position}"
        agency_id = await session.scalar(
            select(Agency.id).where(Agency.credit_code == credit_code_key(code), visible_agencies(actor))
        )
        if agency_id is None:
            raise RuleViolation(UserErrorCode.NOT_FOUND, "agency_not_found", field=field)
        if agency_id in recused:
            raise RuleViolation(UserErrorCode.DUPLICATE, "duplicate_entry", field=field, value=code[:18])
        recused.add(agency_id)
        session.add(ProjectRecusal(project_id=project.id, agency_id=agency_id))


async def create_project(
    session: AsyncSession, actor: Principal, data: ProjectInput, thresholds: Thresholds, now: datetime
) -> Project:
    if not actor.has_role(Role.OWNER) or actor.organisation_id is None:
        raise RuleViolation(UserErrorCode.FORBIDDEN, "owner_required")
    values = await checked(session, data, thresholds)
    values["batch_code"] = await batch_code(session, data, values, actor.organisation_id, None)
    project = Project(
        code=f"TMP-{actor.user_id}-{now.timestamp()}",
        owner_organisation_id=actor.organisation_id,
        created_by=actor.user_id,
        status=ProjectStatus.DRAFT.value,
        created_at=now,
        updated_at=now,
        **values,
    )
    session.add(project)
    await session.flush()
    project.code = f"XM{now:%Y}{project.region_code}{project.id:06d}"
    await _set_recusals(session, actor, project, data.recused_credit_codes)
    await record(session, project, ProjectAction.CREATE, actor, Actor.OWNER, now, None)
    return project


async def edit_project(
    session: AsyncSession,
    actor: Principal,
    project_id: int,
    data: ProjectInput,
    thresholds: Thresholds,
    now: datetime,
) -> Project:
    project = await load_project(session, actor, project_id)
    if Actor.OWNER not in actors_for(actor, project):
        raise RuleViolation(UserErrorCode.FORBIDDEN, "project_forbidden", field="input.projectId")
    if ProjectStatus(project.status) not in EDITABLE:
        raise RuleViolation(
            UserErrorCode.NOT_ALLOWED,
            "project_action_not_allowed",
            field="input.projectId",
            status=ProjectStatus(project.status).label,
            action=ProjectAction.EDIT.label,
        )
    values = await checked(session, data, thresholds)
    values["batch_code"] = await batch_code(session, data, values, project.owner_organisation_id, project.id)
    for name, value in values.items():
        setattr(project, name, value)
    await _set_recusals(session, actor, project, data.recused_credit_codes)
    await record(session, project, ProjectAction.EDIT, actor, Actor.OWNER, now, project.status)
    return project


async def act(
    session: AsyncSession,
    actor: Principal,
    project_id: int,
    action: ProjectAction,
    now: datetime,
    *,
    reasons: list[ProjectReturnReason] | None = None,
    comment: str | None = None,
) -> Project:
    """submit, approve, return, publish, republish or cancel, by the table."""
    project = await load_project(session, actor, project_id)
    if action is ProjectAction.RETURN and not reasons:
        raise RuleViolation(UserErrorCode.REQUIRED, "reasons_required", field="input.reasons")
    if action in {ProjectAction.SUBMIT, ProjectAction.PUBLISH, ProjectAction.REPUBLISH}:
        item = await session.get(ServiceItem, project.service_item_id)
        if item is None or not item.active:
            raise RuleViolation(
                UserErrorCode.NOT_ALLOWED, "inactive_service_item", field="input.projectId", value=""
            )
    await transition(
        session,
        project,
        action,
        actor,
        now,
        reasons=[reason.value for reason in reasons or []],
        comment=comment,
    )
    if action in {ProjectAction.PUBLISH, ProjectAction.REPUBLISH}:
        project.published_at = now
        project.signup_deadline = await calendar_store.deadline(
            session, now, project.signup_working_days, field="input.projectId"
        )
    return project
