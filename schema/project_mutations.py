"""The project mutations: decode the input, call the resolver, show the project or the refusal."""

from __future__ import annotations

from typing import Any

import strawberry

from zhongjie.base.global_ids import key_of
from zhongjie.domain.projects.vocabulary import ProjectAction
from zhongjie.resolvers import project_mutations as projects
from zhongjie.schema.project_inputs import (
    CreateProjectInput,
    ProjectActionInput,
    ProjectPayload,
    ProjectSignupInput,
    ProjectSignupPayload,
    ReturnProjectInput,
    SelectProjectAgencyInput,
    UpdateProjectInput,
    project_key,
)


async def create_project(info: strawberry.Info, input: CreateProjectInput) -> ProjectPayload:
    outcome = await projects.create_project(info, input.project.to_domain())
    return ProjectPayload.of(outcome, info.context.language)


async def update_project(info: strawberry.Info, input: UpdateProjectInput) -> ProjectPayload:
    project_id = project_key(input.project_id)
    outcome = await projects.update_project(info, project_id, input.project.to_domain())
    return ProjectPayload.of(outcome, info.context.language)


def _action(action: ProjectAction) -> Any:
    async def resolve(info: strawberry.Info, input: ProjectActionInput) -> ProjectPayload:
        outcome = await projects.act(info, project_key(input.project_id), action, comment=input.comment)
        return ProjectPayload.of(outcome, info.context.language)

    return resolve


submit_project = _action(ProjectAction.SUBMIT)
approve_project = _action(ProjectAction.APPROVE)
publish_project = _action(ProjectAction.PUBLISH)
republish_project = _action(ProjectAction.REPUBLISH)
cancel_project = _action(ProjectAction.CANCEL)


async def return_project(info: strawberry.Info, input: ReturnProjectInput) -> ProjectPayload:
    outcome = await projects.act(
        info,
        project_key(input.project_id),
        ProjectAction.RETURN,
        reasons=list(input.reasons),
        comment=input.comment,
    )
    return ProjectPayload.of(outcome, info.context.language)


async def select_project_agency(info: strawberry.Info, input: SelectProjectAgencyInput) -> ProjectPayload:
    project_id = project_key(input.project_id)
    agency_id = key_of(input.agency_id, "Agency", "input.agencyId")
    outcome = await projects.select_project_agency(info, project_id, agency_id, input.reason)
    return ProjectPayload.of(outcome, info.context.language)


async def sign_up_for_project(info: strawberry.Info, input: ProjectSignupInput) -> ProjectSignupPayload:
    outcome = await projects.sign_up_for_project(
        info, project_key(input.project_id), input.member_credit_codes
    )
    return ProjectSignupPayload.of(outcome, info.context.language)


async def withdraw_project_signup(info: strawberry.Info, input: ProjectSignupInput) -> ProjectSignupPayload:
    outcome = await projects.withdraw_project_signup(info, project_key(input.project_id))
    return ProjectSignupPayload.of(outcome, info.context.language)
