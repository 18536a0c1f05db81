"""Every transition the table does not allow, for every status and every kind of caller, is refused
with a `UserError` and changes nothing. The cases are generated from `TRANSITIONS` itself."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select, update

from tests.agency_flow import actors, admitted_agency
from tests.project_flow import create, new_owner, operator_token, run
from zhongjie.domain.projects.lifecycle import TRANSITIONS, Actor
from zhongjie.domain.projects.vocabulary import ProjectAction, ProjectStatus
from zhongjie.models import Project

MUTATIONS = {
    ProjectAction.SUBMIT: ("submitProject", "ProjectActionInput", {}),
    ProjectAction.APPROVE: ("approveProject", "ProjectActionInput", {}),
    ProjectAction.RETURN: ("returnProject", "ReturnProjectInput", {"reasons": ["MATERIALS_INCOMPLETE"]}),
    ProjectAction.PUBLISH: ("publishProject", "ProjectActionInput", {}),
    ProjectAction.REPUBLISH: ("republishProject", "ProjectActionInput", {}),
    ProjectAction.CANCEL: ("cancelProject", "ProjectActionInput", {}),
    ProjectAction.SELECT: ("selectProjectAgency", "SelectProjectAgencyInput", {}),
    ProjectAction.DRAW: ("drawProjectAgency", "DrawProjectAgencyInput", {"witness": "见证人数值"}),
    ProjectAction.OPEN_OFFERS: ("openOffers", "ProjectActionInput", {}),
    ProjectAction.RANK: ("rankBidders", "ProjectActionInput", {}),
    ProjectAction.CONFIRM: ("confirmAward", "ProjectActionInput", {}),
    ProjectAction.SIGN_CONTRACT: ("signContract", "SignContractInput", {"documentHash": "0" * 64}),
    ProjectAction.DELIVER: ("deliverService", "DeliverServiceInput", {"summary": "成果"}),
    ProjectAction.RETURN_DELIVERY: ("returnService", "ReturnServiceInput", {"reasons": "缺页"}),
    ProjectAction.ACCEPT: ("acceptService", "ProjectActionInput", {}),
    ProjectAction.EVALUATE: (
        "evaluateService",
        "EvaluateServiceInput",
        {"quality": 5, "timeliness": 5, "attitude": 5, "feeReasonableness": 5, "standardisation": 5},
    ),
    ProjectAction.WITHDRAW_AWARD: ("withdrawFromAward", "EndAwardInput", {"reason": "放弃"}),
    ProjectAction.DISQUALIFY: ("disqualifyAward", "EndAwardInput", {"reason": "取消"}),
}
CALLERS = ("owner", "other owner", "operator", "far operator", "agency")
ACTS_AS = {"owner": Actor.OWNER, "operator": Actor.OPERATOR}


def test_every_action_of_the_table_is_a_mutation_or_the_platforms() -> None:
    for (_, action), (_, actors_allowed) in TRANSITIONS.items():
        assert action in MUTATIONS or actors_allowed == {Actor.SYSTEM}, action


def _allowed(status: ProjectStatus, action: ProjectAction, caller: str) -> bool:
    rule = TRANSITIONS.get((status, action))
    return rule is not None and ACTS_AS.get(caller) in rule[1]


@pytest.mark.parametrize("status", list(ProjectStatus), ids=lambda s: s.value)
async def test_illegal_transitions_are_user_errors_and_change_nothing(
    client, database, test_issuer, status
) -> None:
    people = actors(test_issuer, f"ORG{uuid.uuid4().hex[:8].upper()}", f"admin-{uuid.uuid4().hex[:8]}")
    agency = await admitted_agency(client, database, people)
    owner = new_owner(test_issuer)
    tokens = {
        "owner": owner.token,
        "other owner": new_owner(test_issuer).token,
        "operator": operator_token(test_issuer, "370000"),
        "far operator": operator_token(test_issuer, "440000"),
        "agency": people.admin,
    }
    project = await create(client, owner)
    async with database.transaction() as session:
        await session.execute(
            update(Project).where(Project.code == project["code"]).values(status=status.value)
        )
    for action, (name, input_type, extra) in MUTATIONS.items():
        for caller in CALLERS:
            if _allowed(status, action, caller):
                continue  # legal moves are exercised by the lifecycle tests
            async with database.session() as session:
                before = (
                    await session.execute(select(Project).where(Project.code == project["code"]))
                ).scalar_one()
                snapshot = (
                    before.status,
                    before.updated_at,
                    before.selected_agency_id,
                    before.published_at,
                )
            variables = {"projectId": project["id"], **extra}
            if action is ProjectAction.SELECT:
                variables["agencyId"] = agency["id"]
            payload = await run(client, tokens[caller], name, input_type, variables)
            context = f"{action.value} by {caller} in {status.value}"
            assert payload["project"] is None, context
            assert payload["errors"][0]["code"] in {"NOT_ALLOWED", "FORBIDDEN", "NOT_FOUND"}, context
            async with database.session() as session:
                after = (
                    await session.execute(select(Project).where(Project.code == project["code"]))
                ).scalar_one()
                assert (
                    after.status,
                    after.updated_at,
                    after.selected_agency_id,
                    after.published_at,
                ) == snapshot, context
