"""Performance (履约): delivery of the service result, acceptance or return with reasons, and evaluation
(服务评价) by the owner and by authorities, which feeds the credit profile."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal
from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.domain.agencies import validation
from zhongjie.domain.awards.awards import load_awarded
from zhongjie.domain.awards.vocabulary import EVALUATION_ASPECTS, DeliveryDecision, EvaluatorKind
from zhongjie.domain.credit.records import CreditFacts, record_by_platform
from zhongjie.domain.credit.vocabulary import CreditCategory, Severity
from zhongjie.domain.projects.events import ProjectEvent, record_project_event
from zhongjie.domain.projects.lifecycle import Actor
from zhongjie.domain.projects.transitions import transition
from zhongjie.domain.projects.vocabulary import ProjectAction, ProjectStatus
from zhongjie.models import Project, ServiceDelivery, ServiceEvaluation

# an evaluation averaging below this becomes a platform credit record (服务评价差); docs/credit-scoring.md
POOR_AVERAGE = 2.5


async def deliver(
    session: AsyncSession, principal: Principal, project_id: int, summary: str, now: datetime
) -> Project:
    awarded = await load_awarded(session, principal, project_id)
    summary = validation.text(summary, "input.summary", 4000)
    await transition(
        session,
        awarded.project,
        ProjectAction.DELIVER,
        principal,
        now,
        winner_organisation_id=awarded.agency.organisation_id,
    )
    number = await session.scalar(
        select(func.count()).select_from(ServiceDelivery).where(ServiceDelivery.award_id == awarded.award.id)
    )
    session.add(
        ServiceDelivery(
            award_id=awarded.award.id,
            number=(number or 0) + 1,
            summary=summary,
            delivered_by=principal.user_id,
            delivered_at=now,
        )
    )
    return awarded.project


async def decide_delivery(
    session: AsyncSession,
    principal: Principal,
    project_id: int,
    decision: DeliveryDecision,
    reasons: str | None,
    now: datetime,
) -> Project:
    """The owner accepts the delivered result (the clock stops) or returns it with reasons for re-delivery."""
    awarded = await load_awarded(session, principal, project_id)
    if decision is DeliveryDecision.RETURNED:
        reasons = validation.text(reasons, "input.reasons", 2000)
    action = ProjectAction.ACCEPT if decision is DeliveryDecision.ACCEPTED else ProjectAction.RETURN_DELIVERY
    await transition(
        session,
        awarded.project,
        action,
        principal,
        now,
        comment=reasons,
        winner_organisation_id=awarded.agency.organisation_id,
    )
    latest = await session.scalar(
        select(ServiceDelivery)
        .where(ServiceDelivery.award_id == awarded.award.id)
        .order_by(ServiceDelivery.number.desc())
        .limit(1)
    )
    assert latest is not None  # DELIVERED has a delivery
    latest.decision, latest.reasons, latest.decided_at = decision.value, reasons, now
    if decision is DeliveryDecision.ACCEPTED:
        awarded.award.accepted_at = now
    return awarded.project


def _scores(scores: dict[str, int]) -> dict[str, int]:
    if set(scores) != set(EVALUATION_ASPECTS):
        raise RuleViolation(UserErrorCode.INVALID, "evaluation_aspects", field="input.scores")
    for aspect, score in scores.items():
        if not 1 <= score <= 5:
            raise RuleViolation(UserErrorCode.INVALID, "score_out_of_range", field=f"input.scores.{aspect}")
    return scores


async def evaluate(
    session: AsyncSession,
    principal: Principal,
    project_id: int,
    scores: dict[str, int],
    comment: str | None,
    now: datetime,
) -> ServiceEvaluation:
    """The owner evaluates once after acceptance (completing the project); an authority of the project's
    region may add its own. A poor average becomes a credit record of the agency."""
    awarded = await load_awarded(session, principal, project_id, authorities_may_act=True)
    project = awarded.project
    checked = _scores(scores)
    comment = validation.text(comment, "input.comment", 2000, required=False)
    if Actor.OWNER in awarded.actors(principal):
        kind = EvaluatorKind.OWNER
        await transition(
            session,
            project,
            ProjectAction.EVALUATE,
            principal,
            now,
            winner_organisation_id=awarded.agency.organisation_id,
        )
    elif ProjectStatus(project.status) in {ProjectStatus.ACCEPTED, ProjectStatus.COMPLETED}:
        kind = EvaluatorKind.AUTHORITY
    else:
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, "not_accepted_yet", field="input.projectId")
    duplicate = await session.scalar(
        select(ServiceEvaluation.id).where(
            ServiceEvaluation.award_id == awarded.award.id,
            ServiceEvaluation.evaluator_organisation_id == principal.organisation_id,
        )
    )
    if duplicate is not None:
        raise RuleViolation(UserErrorCode.DUPLICATE, "already_evaluated", field="input.projectId")
    evaluation = ServiceEvaluation(
        project_id=project.id,
        award_id=awarded.award.id,
        agency_id=awarded.agency.id,
        evaluator_kind=kind.value,
        evaluator_organisation_id=principal.organisation_id,
        evaluator_user_id=principal.user_id,
        scores=checked,
        comment=comment,
        created_at=now,
    )
    session.add(evaluation)
    await session.flush()
    await record_project_event(
        session,
        project,
        ProjectEvent.EVALUATED,
        principal,
        kind.value.lower(),
        now,
        party=awarded.agency,
        evaluation=evaluation.id,
        evaluator=kind.value,
    )
    average = sum(checked.values()) / len(checked)
    if average < POOR_AVERAGE:
        facts = CreditFacts(
            credit_code=awarded.agency.credit_code,
            category=CreditCategory.POOR_EVALUATION,
            severity=Severity.MINOR,
            basis=f"项目 {project.code} 服务评价平均 {average:.1f} 分（{kind.label}）",
            decision_number=None,
            region_code=project.region_code,
            valid_from=now.date(),
            valid_until=None,
            public=True,
        )
        await record_by_platform(session, facts, f"evaluation {evaluation.id} of project {project.code}", now)
    return evaluation
