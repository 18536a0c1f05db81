"""Offer-based selection: sealed offers during sign-up, opened after the close (均价选取, 竞价选取).

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
from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.base.settings import Thresholds
from zhongjie.domain.projects.events import ProjectEvent, record_project_event
from zhongjie.domain.projects.results import Winner, announce_result
from zhongjie.domain.projects.signups import eligible_signups
from zhongjie.domain.projects.transitions import allowed_role, load_project
from zhongjie.domain.projects.vocabulary import ProjectAction, ProjectStatus, SelectionMethod
from zhongjie.domain.selection import rules
from zhongjie.domain.selection.methods import OFFER_METHODS
from zhongjie.domain.selection.sealed import SEALED_ROUND, with_offers
from zhongjie.domain.values import checked_price
from zhongjie.models import Agency, BiddingRoom, Project, ProjectOffer, ProjectSignup


async def bidder_signup(session: AsyncSession, principal: Principal, project: Project) -> ProjectSignup:
    """The caller's agency's current sign-up for `project`; only its staff act as that bidder."""
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
    signup = await bidder_signup(session, principal, project)
    price = checked_price(price, project.price_ceiling, project.price_floor)
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
    assert principal.user_id is not None, "mutations run for signed-in principals only"
    offer.price, offer.submitted_by, offer.submitted_at = price, principal.user_id, now
    await session.flush()
    agency = await session.get(Agency, signup.agency_id)
    await record_project_event(
        session, project, ProjectEvent.OFFER_SEALED, principal, "agency", now, party=agency
    )
    return offer


async def open_offers(
    session: AsyncSession, principal: Principal, project_id: int, thresholds: Thresholds, now: datetime
) -> Project:
    """开标: rank the offers by the method's rule and announce the first eligible (the next-ranked after a
    withdrawn or disqualified winner, whose offers still count for the ranking)."""
    project = await load_project(session, principal, project_id)
    method = SelectionMethod(project.selection_method)
    if method not in OFFER_METHODS:
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, "offers_not_used", field="input.projectId")
    room = await session.get(BiddingRoom, project.id)
    if method is SelectionMethod.BIDDING and (room is None or now < room.closes_at):
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, "bidding_still_open", field="input.projectId")
    allowed_role(project, ProjectAction.OPEN_OFFERS, principal)
    counted = (
        select(ProjectOffer, Agency.credit_code)
        .join(Agency, Agency.id == ProjectOffer.agency_id)
        .where(ProjectOffer.project_id == project.id)
    )
    if method is SelectionMethod.AVERAGE_PRICE:
        counted = counted.where(ProjectOffer.round == SEALED_ROUND)
    offered = list(await session.execute(counted))
    candidates = [rules.Offer(code, offer.price, offer.submitted_at) for offer, code in offered]
    if method is SelectionMethod.AVERAGE_PRICE:
        ranking = rules.average_price_ranking(candidates)
    else:
        ranking = rules.bidding_ranking(candidates)
    eligible = await with_offers(session, project, await eligible_signups(session, project, now))
    still_eligible = {signup.agency_id for signup in eligible}
    agency_of = {code: offer.agency_id for offer, code in offered}
    winner = next((offer for offer in ranking if agency_of[offer.agency] in still_eligible), None)
    if winner is None:
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, "no_valid_offer", field="input.projectId")
    if method is SelectionMethod.AVERAGE_PRICE:
        mean = rules.average_price_mean(candidates)
        reason = f"均价选取：有效报价均值 {mean:.2f} 元，中选报价 {winner.price:.2f} 元"
    else:
        reason = f"竞价选取：最低有效报价 {winner.price:.2f} 元"
    chosen = Winner(agency_of[winner.agency], reason, price=winner.price)
    await announce_result(session, project, ProjectAction.OPEN_OFFERS, principal, chosen, thresholds, now)
    return project
