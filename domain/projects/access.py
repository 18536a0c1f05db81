"""Who sees a project, and who acts on it: one row rule, the actor a principal is for a project, and the
agencies a principal may name in one."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, or_, true

from zhongjie.auth.principal import Principal, Role
from zhongjie.auth.visibility import OWN_ORGANISATION, VISIBILITY, Audience, Relation, RowRule
from zhongjie.domain.agencies.access import AGENCY_ROWS
from zhongjie.domain.projects.lifecycle import PUBLIC, Actor
from zhongjie.domain.projects.vocabulary import ProjectStatus
from zhongjie.models import Project

OWNER_ORGANISATION = Relation(
    "own organisation",
    lambda p, row: (
        p.organisation_id is not None and getattr(row, "owner_organisation_id", None) == p.organisation_id
    ),
)


def _rows_for(principal: Principal) -> Any:
    if principal.has_role(Role.OPERATOR):
        return true()
    conditions: list[ColumnElement[bool]] = [Project.status.in_([status.value for status in PUBLIC])]
    if principal.organisation_id is not None:
        conditions.append(Project.owner_organisation_id == principal.organisation_id)
    return or_(*conditions)


# drafts and applications: the owner organisation and the reviewing operators only
PROJECT_ROWS = RowRule(
    Audience(roles=frozenset({Role.OPERATOR}), relations=(OWNER_ORGANISATION,)),
    public_when=lambda project: ProjectStatus(project.status) in PUBLIC,
    sql=_rows_for,
)

OWNER_AND_OPERATOR = Audience(roles=frozenset({Role.OPERATOR}), relations=(OWNER_ORGANISATION,))
# a project's history: its owner organisation and the operators
PROJECT_HISTORY_ROWS = RowRule(OWNER_AND_OPERATOR)
# who signed up: the operator always, the agency its own, everyone once sign-up has closed (anti-collusion)
SIGNUP_ROWS = RowRule(
    Audience(roles=frozenset({Role.OPERATOR}), relations=(OWN_ORGANISATION,)),
    public_when=lambda signup: signup.project_status is not ProjectStatus.PUBLISHED,
)


def actors_for(
    principal: Principal, project: Project, winner_organisation_id: int | None = None
) -> set[Actor]:
    """The actor kinds the caller acts as on `project`; `winner_organisation_id` is the organisation of the
    agency holding the active award, if any."""
    actors = set()
    if (
        principal.has_role(Role.AGENCY, Role.AGENCY_ADMIN)
        and winner_organisation_id is not None
        and principal.organisation_id == winner_organisation_id
    ):
        actors.add(Actor.AGENCY)
    if principal.has_role(Role.OWNER) and principal.organisation_id == project.owner_organisation_id:
        actors.add(Actor.OWNER)
    if principal.has_role(Role.OPERATOR) and principal.covers_region(project.region_code):
        actors.add(Actor.OPERATOR)
    return actors


def visible_agencies(principal: Principal) -> Any:
    """The SQL condition on agencies the caller may see: one named by credit code (a recusal, a consortium
    member) that it may not see is not found, like a missing one."""
    return VISIBILITY.row_filter(principal, AGENCY_ROWS)
