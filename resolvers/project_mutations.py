"""Mutation resolvers of projects: decode the input, run the domain rule, shape the payload."""

from __future__ import annotations

from typing import Any

import strawberry

from zhongjie.base.global_ids import key_of
from zhongjie.base.settings import Thresholds
from zhongjie.domain.projects import service
from zhongjie.domain.projects.service import ProjectInput
from zhongjie.domain.projects.vocabulary import ProjectAction
from zhongjie.domain.selection import direct
from zhongjie.models import Project as ProjectRow
from zhongjie.resolvers.mutations import perform_legacy as perform
from zhongjie.schema import project_inputs as inputs
from zhongjie.schema.project_inputs import ProjectPayload, ProjectSignupPayload
from zhongjie.schema.projects import Project, ProjectSignup


def _thresholds(info: strawberry.Info) -> Thresholds:
    settings = info.context.settings
    return Thresholds(
        settings.public_tender_threshold, settings.small_amount_threshold, settings.publicity_working_days
    )


def _project_id(global_id: str) -> int:
    return key_of(global_id, "Project", "input.projectId")


def _fields(data: inputs.ProjectFields) -> ProjectInput:
    return ProjectInput(
        title=data.title,
        region_code=data.region_code,
        service_item_code=data.service_item_code,
        administrative_matter_code=data.administrative_matter_code,
        investment_project_code=data.investment_project_code,
        funding_type=data.funding_type,
        trade_mode=data.trade_mode,
        selection_method=data.selection_method,
        budget=data.budget,
        price_ceiling=data.price_ceiling,
        price_floor=data.price_floor,
        scope=data.scope,
        requirements=None
        if data.requirements is None
        else [(r.qualification_type_code, r.min_level) for r in data.requirements],
        time_limit_days=data.time_limit_days,
        signup_working_days=data.signup_working_days,
        recused_credit_codes=list(data.recused_credit_codes),
        credit_weighted_draw=data.credit_weighted_draw,
        batch_code=data.batch_code,
        merit_criteria=None
        if data.merit_criteria is None
        else [(item.criterion, item.weight) for item in data.merit_criteria],
    )


async def _payload(info: strawberry.Info, work: Any) -> ProjectPayload:
    row, errors = await perform(info, work)
    return ProjectPayload(
        project=Project.from_row(row) if isinstance(row, ProjectRow) else None, errors=errors
    )


async def create_project(info: strawberry.Info, input: inputs.CreateProjectInput) -> ProjectPayload:
    data, thresholds = _fields(input.project), _thresholds(info)
    return await _payload(info, lambda s, actor, now: service.create_project(s, actor, data, thresholds, now))


async def update_project(info: strawberry.Info, input: inputs.UpdateProjectInput) -> ProjectPayload:
    project_id, data, thresholds = _project_id(input.project_id), _fields(input.project), _thresholds(info)
    return await _payload(
        info, lambda s, actor, now: service.edit_project(s, actor, project_id, data, thresholds, now)
    )


def _action(action: ProjectAction) -> Any:
    async def resolve(info: strawberry.Info, input: inputs.ProjectActionInput) -> ProjectPayload:
        project_id = _project_id(input.project_id)
        return await _payload(
            info, lambda s, actor, now: service.act(s, actor, project_id, action, now, comment=input.comment)
        )

    return resolve


submit_project = _action(ProjectAction.SUBMIT)
approve_project = _action(ProjectAction.APPROVE)
publish_project = _action(ProjectAction.PUBLISH)
republish_project = _action(ProjectAction.REPUBLISH)
cancel_project = _action(ProjectAction.CANCEL)


async def return_project(info: strawberry.Info, input: inputs.ReturnProjectInput) -> ProjectPayload:
    project_id = _project_id(input.project_id)
    return await _payload(
        info,
        lambda s, actor, now: service.act(
            s,
            actor,
            project_id,
            ProjectAction.RETURN,
            now,
            reasons=list(input.reasons),
            comment=input.comment,
        ),
    )


async def select_project_agency(
    info: strawberry.Info, input: inputs.SelectProjectAgencyInput
) -> ProjectPayload:
    project_id = _project_id(input.project_id)
    agency_id = key_of(input.agency_id, "Agency", "input.agencyId")
    thresholds = _thresholds(info)
    return await _payload(
        info,
        lambda s, actor, now: direct.select_directly(
            s, actor, project_id, agency_id, input.reason, thresholds, now
        ),
    )


async def _signup_payload(info: strawberry.Info, project_id: int, work: Any) -> ProjectSignupPayload:
    async def with_project(s: Any, actor: Any, now: Any) -> tuple[Any, ProjectRow, int]:
        signup = await work(s, actor, now)
        project = await s.get(ProjectRow, project_id)
        agency_organisation = actor.organisation_id
        return signup, project, agency_organisation

    result, errors = await perform(info, with_project)
    if result is None:
        return ProjectSignupPayload(signup=None, project=None, errors=errors)
    signup, project, organisation_id = result
    shown = None
    if signup.withdrawn_at is None:
        shown = ProjectSignup(
            agency_id=signup.agency_id,
            organisation_id=organisation_id,
            project_status=Project.from_row(project).status,
            member_ids=list(signup.member_agency_ids or []),
            signed_up_at=signup.signed_up_at,
        )
    return ProjectSignupPayload(signup=shown, project=Project.from_row(project), errors=errors)


async def sign_up_for_project(
    info: strawberry.Info, input: inputs.ProjectSignupInput
) -> ProjectSignupPayload:
    project_id = _project_id(input.project_id)
    return await _signup_payload(
        info,
        project_id,
        lambda s, actor, now: service.sign_up(s, actor, project_id, now, input.member_credit_codes),
    )


async def withdraw_project_signup(
    info: strawberry.Info, input: inputs.ProjectSignupInput
) -> ProjectSignupPayload:
    project_id = _project_id(input.project_id)
    return await _signup_payload(
        info, project_id, lambda s, actor, now: service.withdraw(s, actor, project_id, now)
    )
