"""Sign-ups (报名): an active agency signs up while a published project is open, alone or leading a
consortium (联合体), and may withdraw until the deadline; `eligible_signups` are those still eligible."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal, Role
from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.domain.agencies import credit_code
from zhongjie.domain.agencies.vocabulary import AgencyStatus
from zhongjie.domain.awards.vocabulary import AwardStatus
from zhongjie.domain.projects import events
from zhongjie.domain.projects.access import visible_agencies
from zhongjie.domain.projects.eligibility import ineligibility
from zhongjie.domain.projects.lifecycle import Actor
from zhongjie.domain.projects.transitions import load_project
from zhongjie.domain.projects.vocabulary import ProjectStatus, TradeMode
from zhongjie.models import Agency, Project, ProjectAward, ProjectSignup


async def _own_agency(session: AsyncSession, actor: Principal) -> Agency:
    if not actor.has_role(Role.AGENCY, Role.AGENCY_ADMIN) or actor.organisation_id is None:
        raise RuleViolation(UserErrorCode.FORBIDDEN, "no_active_agency")
    agency = await session.scalar(
        select(Agency).where(
            Agency.organisation_id == actor.organisation_id, Agency.status == AgencyStatus.ACTIVE.value
        )
    )
    if agency is None:
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, "no_active_agency")
    return agency


def _require_open(project: Project, now: datetime) -> None:
    if (
        project.status != ProjectStatus.PUBLISHED.value
        or project.signup_deadline is None
        or now >= project.signup_deadline
    ):
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, "signup_closed", field="input.projectId")


MAX_CONSORTIUM_MEMBERS = 4


async def _consortium_members(
    session: AsyncSession, actor: Principal, project: Project, lead: Agency, codes: list[str]
) -> list[Agency]:
    """The members a lead names (联合体): only for consortium projects, registered, distinct, not the lead."""
    if not codes:
        if project.trade_mode == TradeMode.CONSORTIUM.value:
            raise RuleViolation(
                UserErrorCode.REQUIRED, "consortium_members_required", field="input.memberCreditCodes"
            )
        return []
    if project.trade_mode != TradeMode.CONSORTIUM.value:
        raise RuleViolation(
            UserErrorCode.INVALID, "not_a_consortium_project", field="input.memberCreditCodes"
        )
    wanted = {credit_code.normalise(code) for code in codes}
    if len(wanted) > MAX_CONSORTIUM_MEMBERS or lead.credit_code in wanted:
        raise RuleViolation(
            UserErrorCode.INVALID, "too_many", field="input.memberCreditCodes", maximum=MAX_CONSORTIUM_MEMBERS
        )
    members = list(
        await session.scalars(
            select(Agency).where(Agency.credit_code.in_(sorted(wanted)), visible_agencies(actor))
        )
    )
    if len(members) != len(wanted):
        raise RuleViolation(UserErrorCode.NOT_FOUND, "agency_not_found", field="input.memberCreditCodes")
    return sorted(members, key=lambda member: member.credit_code)


async def sign_up(
    session: AsyncSession,
    actor: Principal,
    project_id: int,
    now: datetime,
    member_credit_codes: list[str] | None = None,
) -> ProjectSignup:
    project = await load_project(session, actor, project_id)
    _require_open(project, now)
    agency = await _own_agency(session, actor)
    members = await _consortium_members(session, actor, project, agency, member_credit_codes or [])
    reason = await ineligibility(session, project, agency, now.date(), members)
    if reason is not None:
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, reason, field="input.projectId")
    signup = await session.scalar(
        select(ProjectSignup).where(
            ProjectSignup.project_id == project.id, ProjectSignup.agency_id == agency.id
        )
    )
    if signup is not None and signup.withdrawn_at is None:
        raise RuleViolation(UserErrorCode.DUPLICATE, "already_signed_up", field="input.projectId")
    if signup is None:
        signup = ProjectSignup(
            project_id=project.id,
            agency_id=agency.id,
            signed_up_by=actor.user_id,
            signed_up_at=now,
            member_agency_ids=[member.id for member in members],
        )
        session.add(signup)
        try:
            await session.flush()
        except IntegrityError as error:  # a concurrent sign-up of the same agency won
            raise RuleViolation(
                UserErrorCode.DUPLICATE, "already_signed_up", field="input.projectId"
            ) from error
    else:
        assert actor.user_id is not None, "mutations run for signed-in principals only"
        signup.withdrawn_at, signup.signed_up_at, signup.signed_up_by = None, now, actor.user_id
        signup.member_agency_ids = [member.id for member in members]
    await events.record_project_event(
        session, project, events.ProjectEvent.SIGNED_UP, actor, Actor.AGENCY.value, now, party=agency
    )
    return signup


async def withdraw(session: AsyncSession, actor: Principal, project_id: int, now: datetime) -> ProjectSignup:
    project = await load_project(session, actor, project_id)
    _require_open(project, now)
    agency = await _own_agency(session, actor)
    signup = await session.scalar(
        select(ProjectSignup)
        .where(ProjectSignup.project_id == project.id, ProjectSignup.agency_id == agency.id)
        .with_for_update()
    )
    if signup is None or signup.withdrawn_at is not None:
        raise RuleViolation(UserErrorCode.NOT_FOUND, "not_signed_up", field="input.projectId")
    signup.withdrawn_at = now
    await events.record_project_event(
        session, project, events.ProjectEvent.SIGNUP_WITHDRAWN, actor, Actor.AGENCY.value, now, party=agency
    )
    return signup


async def eligible_signups(session: AsyncSession, project: Project, now: datetime) -> list[ProjectSignup]:
    ended_awards = select(ProjectAward.agency_id).where(
        ProjectAward.project_id == project.id, ProjectAward.status != AwardStatus.ACTIVE.value
    )
    signups = list(
        await session.scalars(
            select(ProjectSignup).where(
                ProjectSignup.project_id == project.id,
                ProjectSignup.withdrawn_at.is_(None),
                ProjectSignup.agency_id.not_in(ended_awards),  # a winner that withdrew or was disqualified
            )
        )
    )
    eligible = []
    for signup in signups:
        agency = await session.get(Agency, signup.agency_id)
        found = [await session.get(Agency, member) for member in signup.member_agency_ids or []]
        members = [member for member in found if member is not None]
        if agency is None or len(members) != len(found):  # a party is gone
            continue
        if await ineligibility(session, project, agency, now.date(), members) is None:
            eligible.append(signup)
    return eligible
