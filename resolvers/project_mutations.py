"""Mutations of projects: run the domain rule in `perform`'s transaction, answer with the rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal
from zhongjie.base.settings import Thresholds
from zhongjie.domain.projects import application, signups
from zhongjie.domain.projects.terms import ProjectInput
from zhongjie.domain.projects.vocabulary import ProjectAction, ProjectReturnReason
from zhongjie.domain.selection import direct
from zhongjie.models import Agency as AgencyRow
from zhongjie.models import Project as ProjectRow
from zhongjie.models import ProjectSignup as SignupRow
from zhongjie.resolvers.mutations import Outcome, perform


@dataclass(frozen=True)
class SignupChange:
    """A sign-up after a sign-up or withdrawal, its project, and the organisation of the agency."""

    signup: SignupRow
    project: ProjectRow
    organisation_id: int


async def _signup_change(s: AsyncSession, signup: SignupRow) -> SignupChange:
    """The sign-up with its project and its agency's organisation (both rows are in the session already)."""
    project = await s.get_one(ProjectRow, signup.project_id)
    agency = await s.get_one(AgencyRow, signup.agency_id)
    return SignupChange(signup, project, agency.organisation_id)


def _thresholds(info: strawberry.Info) -> Thresholds:
    settings = info.context.settings
    return Thresholds(
        settings.public_tender_threshold, settings.small_amount_threshold, settings.publicity_working_days
    )


async def create_project(info: strawberry.Info, data: ProjectInput) -> Outcome[ProjectRow]:
    thresholds = _thresholds(info)
    return await perform(
        info, lambda s, actor, now: application.create_project(s, actor, data, thresholds, now)
    )


async def update_project(info: strawberry.Info, project_id: int, data: ProjectInput) -> Outcome[ProjectRow]:
    thresholds = _thresholds(info)
    return await perform(
        info, lambda s, actor, now: application.edit_project(s, actor, project_id, data, thresholds, now)
    )


async def act(
    info: strawberry.Info,
    project_id: int,
    action: ProjectAction,
    *,
    reasons: list[ProjectReturnReason] | None = None,
    comment: str | None = None,
) -> Outcome[ProjectRow]:
    """submit, approve, return, publish, republish or cancel."""
    return await perform(
        info,
        lambda s, actor, now: application.act(
            s, actor, project_id, action, now, reasons=reasons, comment=comment
        ),
    )


async def select_project_agency(
    info: strawberry.Info, project_id: int, agency_id: int, reason: str | None
) -> Outcome[ProjectRow]:
    thresholds = _thresholds(info)
    return await perform(
        info,
        lambda s, actor, now: direct.select_directly(
            s, actor, project_id, agency_id, reason, thresholds, now
        ),
    )


async def sign_up_for_project(
    info: strawberry.Info, project_id: int, member_credit_codes: list[str] | None
) -> Outcome[SignupChange]:
    async def work(s: AsyncSession, actor: Principal, now: datetime) -> SignupChange:
        signup = await signups.sign_up(s, actor, project_id, now, member_credit_codes)
        return await _signup_change(s, signup)

    return await perform(info, work)


async def withdraw_project_signup(info: strawberry.Info, project_id: int) -> Outcome[SignupChange]:
    async def work(s: AsyncSession, actor: Principal, now: datetime) -> SignupChange:
        signup = await signups.withdraw(s, actor, project_id, now)
        return await _signup_change(s, signup)

    return await perform(info, work)
