"""Best merit (择优选取): the operator assigns scorers, each scores every eligible bidder on the project's
published criteria (0–100), and the highest weighted total wins. Scores stay with their scorer until the
result; then every score and total is published with it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal
from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.base.settings import Thresholds
from zhongjie.domain.projects.access import actors_for
from zhongjie.domain.projects.events import ProjectEvent, record_project_event
from zhongjie.domain.projects.lifecycle import Actor
from zhongjie.domain.projects.results import Winner, announce_result
from zhongjie.domain.projects.signups import eligible_signups
from zhongjie.domain.projects.transitions import allowed_role, load_project
from zhongjie.domain.projects.vocabulary import ProjectAction, ProjectStatus, SelectionMethod
from zhongjie.domain.selection import rules
from zhongjie.models import Agency, MeritScore, Project, ProjectScorer, User

MAX_SCORERS = 9


def _merit_project(project: Project) -> dict[str, int]:
    if project.selection_method != SelectionMethod.BEST_MERIT.value or not project.merit_criteria:
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, "merit_not_used", field="input.projectId")
    return {item["criterion"]: item["weight"] for item in project.merit_criteria}


async def assign_scorers(
    session: AsyncSession, principal: Principal, project_id: int, user_ids: list[int], now: datetime
) -> Project:
    """The operator names the scorers (评审人员) before scoring starts."""
    project = await load_project(session, principal, project_id)
    _merit_project(project)
    if Actor.OPERATOR not in actors_for(principal, project):
        raise RuleViolation(UserErrorCode.FORBIDDEN, "project_forbidden", field="input.projectId")
    if ProjectStatus(project.status) not in {ProjectStatus.PUBLISHED, ProjectStatus.SELECTION}:
        raise RuleViolation(
            UserErrorCode.NOT_ALLOWED, "project_action_not_allowed_now", field="input.projectId"
        )
    chosen = sorted(set(user_ids))
    if not 1 <= len(chosen) <= MAX_SCORERS:
        raise RuleViolation(UserErrorCode.INVALID, "too_many", field="input.scorerIds", maximum=MAX_SCORERS)
    found = set(await session.scalars(select(User.id).where(User.id.in_(chosen))))
    if found != set(chosen):
        raise RuleViolation(UserErrorCode.NOT_FOUND, "scorer_unknown", field="input.scorerIds")
    already = await session.scalar(select(MeritScore.id).where(MeritScore.project_id == project.id).limit(1))
    if already is not None:
        raise RuleViolation(
            UserErrorCode.NOT_ALLOWED, "project_action_not_allowed_now", field="input.projectId"
        )
    await session.execute(delete(ProjectScorer).where(ProjectScorer.project_id == project.id))
    session.add_all(ProjectScorer(project_id=project.id, user_id=user_id) for user_id in chosen)
    await record_project_event(
        session, project, ProjectEvent.SCORERS_ASSIGNED, principal, "operator", now, scorers=len(chosen)
    )
    return project


async def score(
    session: AsyncSession,
    principal: Principal,
    project_id: int,
    agency_id: int,
    scores: dict[str, int],
    now: datetime,
) -> MeritScore:
    """An assigned scorer scores one eligible bidder on every criterion; scoring again replaces it."""
    project = await load_project(session, principal, project_id)
    weights = _merit_project(project)
    assigned = await session.get(ProjectScorer, (project.id, principal.user_id))
    if assigned is None:
        raise RuleViolation(UserErrorCode.FORBIDDEN, "scorers_only", field="input.projectId")
    if ProjectStatus(project.status) is not ProjectStatus.SELECTION:
        raise RuleViolation(
            UserErrorCode.NOT_ALLOWED, "project_action_not_allowed_now", field="input.projectId"
        )
    bidders = {signup.agency_id for signup in await eligible_signups(session, project, now)}
    agency = await session.get(Agency, agency_id)
    if agency is None or agency_id not in bidders:
        raise RuleViolation(UserErrorCode.NOT_FOUND, "record_not_found", field="input.agencyId")
    if principal.organisation_id is not None and agency.organisation_id == principal.organisation_id:
        raise RuleViolation(UserErrorCode.FORBIDDEN, "scorer_conflict", field="input.agencyId")
    if set(scores) != set(weights) or any(not 0 <= value <= 100 for value in scores.values()):
        raise RuleViolation(UserErrorCode.INVALID, "scores_invalid", field="input.scores")
    row = await session.scalar(
        select(MeritScore).where(
            MeritScore.project_id == project.id,
            MeritScore.scorer_user_id == principal.user_id,
            MeritScore.agency_id == agency_id,
        )
    )
    if row is None:
        row = MeritScore(project_id=project.id, scorer_user_id=principal.user_id, agency_id=agency_id)
        session.add(row)
    row.scores, row.scored_at = dict(scores), now
    await session.flush()
    await record_project_event(
        session, project, ProjectEvent.SCORE_RECORDED, principal, "scorer", now, party=agency
    )
    return row


async def rank(
    session: AsyncSession, principal: Principal, project_id: int, thresholds: Thresholds, now: datetime
) -> Project:
    """评审排名: once every scorer scored every eligible bidder, the highest total wins (the next-ranked after
    a withdrawn or disqualified winner)."""
    project = await load_project(session, principal, project_id)
    weights = _merit_project(project)
    allowed_role(project, ProjectAction.RANK, principal)
    signups = sorted(await eligible_signups(session, project, now), key=lambda s: (s.signed_up_at, s.id))
    scorers = list(
        await session.scalars(select(ProjectScorer.user_id).where(ProjectScorer.project_id == project.id))
    )
    by_agency: dict[int, list[dict[str, int]]] = {signup.agency_id: [] for signup in signups}
    for row in await session.scalars(select(MeritScore).where(MeritScore.project_id == project.id)):
        if row.agency_id in by_agency and row.scorer_user_id in scorers:
            by_agency[row.agency_id].append(row.scores)
    if not scorers or not by_agency or any(len(scored) != len(scorers) for scored in by_agency.values()):
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, "scores_incomplete", field="input.projectId")
    totals = {str(agency): rules.merit_totals(weights, scored) for agency, scored in by_agency.items()}
    winner = rules.merit_ranking(totals, [str(signup.agency_id) for signup in signups])[0]
    chosen = Winner(int(winner), f"择优选取：综合得分 {totals[winner]} 分")
    await announce_result(session, project, ProjectAction.RANK, principal, chosen, thresholds, now)
    return project
