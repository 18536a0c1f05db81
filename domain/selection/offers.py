"""Offer-based selection: sealed offers during sign-up, opened after the close (均价选取).

Offers stay sealed — hidden from everyone, owner and operator included, but the agency that made it — until
the result is announced; then all of them are public. Opening ranks them by the method's rule; the first
eligible offer wins, and should the winner withdraw, reopening takes the next-ranked.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal, Role
from zhongjie.domain.errors import RuleViolation, UserErrorCode
from zhongjie.domain.projects.service import (
    Thresholds,
    announce_award,
    eligible_signups,
    load_project,
    transition,
)
from zhongjie.domain.projects.vocabulary import ProjectAction, ProjectStatus, SelectionMethod
from zhongjie.domain.selection import rules
from zhongjie.domain.selection.sealed import SEALED_ROUND, with_offers
from zhongjie.models import Agency, Project, ProjectOffer, ProjectSignup

CENTS = Decimal("0.01")
OFFER_METHODS = frozenset({SelectionMethod.AVERAGE_PRICE})


def _price(value: Decimal, project: Project) -> Decimal:
    if not value.is_finite() or value <= 0 or value != value.quantize(CENTS):
        raise RuleViolation(
            UserErrorCode.INVALID, "invalid_amount", field="input.price", value=str(value)[:30]
        )
    if value > project.price_ceiling or (project.price_floor is not None and value < project.price_floor):
        raise RuleViolation(UserErrorCode.INVALID, "price_out_of_range", field="input.price")
    return value


async def _own_signup(session: AsyncSession, principal: Principal, project: Project) -> ProjectSignup:
    signup = None
    if principal.has_role(Role.AGENCY, Role.AGENCY_ADMIN) and principal.organisation_id is not None:
        signup = await session.scalar(
            select(ProjectSignup)
            .join(Agency, Agency.id == ProjectSignup.agency_id)
            .where(
                ProjectSignup.project_id == project.id,
                ProjectSignup.withdrawn_at.is_(None),
                Agency.organisation_id == principal.organisation_id,
            )
        )
    if signup is None:
        raise RuleViolation(UserErrorCode.FORBIDDEN, "signed_up_agencies_only", field="input.projectId")
    return signup


async def submit(
    session: AsyncSession, principal: Principal, project_id: int, price: Decimal, now: datetime
) -> ProjectOffer:
    """An agency that signed up seals its offer, and may replace it until the sign-up deadline."""
    project = await load_project(session, principal, project_id)
    if SelectionMethod(project.selection_method) not in OFFER_METHODS:
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, "offers_not_used", field="input.projectId")
    open_for_offers = ProjectStatus(project.status) is ProjectStatus.PUBLISHED and (
        project.signup_deadline is None or now < project.signup_deadline
    )
    if not open_for_offers:
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, "offers_closed", field="input.projectId")
    signup = await _own_signup(session, principal, project)
    price = _price(price, project)
    offer = await session.scalar(
        select(ProjectOffer)
        .where(
            ProjectOffer.project_id == project.id,
            ProjectOffer.agency_id == signup.agency_id,
            ProjectOffer.round == SEALED_ROUND,
        )
        .with_for_update()
    )
    if offer is None:
        offer = ProjectOffer(project_id=project.id, agency_id=signup.agency_id, round=SEALED_ROUND)
        session.add(offer)
    offer.price, offer.submitted_by, offer.submitted_at = price, principal.user_id, now
    await session.flush()
    return offer


async def open_offers(
    session: AsyncSession, principal: Principal, project_id: int, thresholds: Thresholds, now: datetime
) -> Project:
    """开标: rank the sealed offers of the eligible sign-ups and announce the first (the next-ranked after a
    withdrawn or disqualified winner, whose offer still counts for the average)."""
    project = await load_project(session, principal, project_id)
    if SelectionMethod(project.selection_method) not in OFFER_METHODS:
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, "offers_not_used", field="input.projectId")
    await transition(session, project, ProjectAction.OPEN_OFFERS, principal, now)
    offered = list(
        await session.execute(
            select(ProjectOffer, Agency.credit_code)
            .join(Agency, Agency.id == ProjectOffer.agency_id)
            .where(ProjectOffer.project_id == project.id, ProjectOffer.round == SEALED_ROUND)
        )
    )
    ranking = rules.average_price_ranking(
        [rules.Offer(code, offer.price, offer.submitted_at) for offer, code in offered]
    )
    still_eligible = {
        signup.agency_id
        for signup in await with_offers(session, project, await eligible_signups(session, project, now))
    }
    agency_of = {code: offer.agency_id for offer, code in offered}
    winner = next((offer for offer in ranking if agency_of[offer.agency] in still_eligible), None)
    if winner is None:
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, "no_valid_offer", field="input.projectId")
    mean = rules.average_price_mean(
        [rules.Offer(code, offer.price, offer.submitted_at) for offer, code in offered]
    )
    reason = f"均价选取：有效报价均值 {mean:.2f} 元，中选报价 {winner.price:.2f} 元"
    announce_award(session, project, agency_of[winner.agency], reason, thresholds, now)
    return project
