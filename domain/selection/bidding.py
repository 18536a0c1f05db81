"""Bidding (竞价选取): after the sealed first offers, timed open rounds of descending bids on server time.

A bid must stay within the floor and the ceiling and beat the best price so far; the project row is locked
while a bid is judged, so concurrent bids are taken one after another and the best price only improves.
Nothing is accepted at or after the last round's end. Each bidder may see its own rank and the best price,
never who holds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal
from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.domain.projects.events import ProjectEvent, record_project_event
from zhongjie.domain.projects.transitions import load_project
from zhongjie.domain.projects.vocabulary import ProjectStatus, SelectionMethod
from zhongjie.domain.selection import rules
from zhongjie.domain.selection.offers import bidder_signup
from zhongjie.domain.values import checked_price
from zhongjie.models import Agency, BiddingRoom, Project, ProjectOffer


def round_at(room: BiddingRoom, now: datetime) -> int | None:
    """The open round at `now` (from 1), or None outside the rounds."""
    if not room.opens_at <= now < room.closes_at:
        return None
    return int((now - room.opens_at).total_seconds() // room.round_seconds) + 1


def round_ends_at(room: BiddingRoom, number: int) -> datetime:
    return room.opens_at + timedelta(seconds=number * room.round_seconds)


async def bid(
    session: AsyncSession, principal: Principal, project_id: int, price: Decimal, now: datetime
) -> ProjectOffer:
    project = await load_project(session, principal, project_id)  # locked: bids are judged one at a time
    room = await session.get(BiddingRoom, project.id)
    if project.selection_method != SelectionMethod.BIDDING.value or room is None:
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, "bidding_not_open", field="input.projectId")
    number = round_at(room, now) if ProjectStatus(project.status) is ProjectStatus.SELECTION else None
    if number is None:
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, "bidding_not_open", field="input.projectId")
    signup = await bidder_signup(session, principal, project)
    price = checked_price(price, project.price_ceiling, project.price_floor)
    best = await session.scalar(
        select(func.min(ProjectOffer.price)).where(ProjectOffer.project_id == project.id)
    )
    if best is not None and price >= best:
        raise RuleViolation(UserErrorCode.INVALID, "bid_not_lower", field="input.price", value=f"{best:.2f}")
    offer = ProjectOffer(
        project_id=project.id,
        agency_id=signup.agency_id,
        round=number,
        price=price,
        submitted_by=principal.user_id,
        submitted_at=now,
    )
    session.add(offer)
    # wakes the bidding rooms; names neither bidder nor price
    await record_project_event(session, project, ProjectEvent.BID, None, "system", now, round=number)
    await session.flush()
    return offer


@dataclass(frozen=True)
class Standing:
    """What one bidder may know: the round, the best price, its own best offer and rank."""

    round: int | None
    round_ends_at: datetime | None
    closes_at: datetime
    best_price: Decimal | None
    own_price: Decimal | None
    own_rank: int | None
    bidders: int


async def standing(session: AsyncSession, principal: Principal, project: Project, now: datetime) -> Standing:
    room = await session.get(BiddingRoom, project.id)
    if room is None:
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, "bidding_not_open", field="projectCode")
    signup = await bidder_signup(session, principal, project)
    rows = await session.execute(
        select(ProjectOffer, Agency.credit_code)
        .join(Agency, Agency.id == ProjectOffer.agency_id)
        .where(ProjectOffer.project_id == project.id)
    )
    codes = {}
    offers = []
    for offer, code in rows:
        codes[offer.agency_id] = code
        offers.append(rules.Offer(code, offer.price, offer.submitted_at))
    ranking = rules.bidding_ranking(offers)
    own_code = codes.get(signup.agency_id)
    own = next(((rank, offer) for rank, offer in enumerate(ranking, 1) if offer.agency == own_code), None)
    number = round_at(room, now)
    return Standing(
        round=number,
        round_ends_at=round_ends_at(room, number) if number else None,
        closes_at=room.closes_at,
        best_price=ranking[0].price if ranking else None,
        own_price=own[1].price if own else None,
        own_rank=own[0] if own else None,
        bidders=len(ranking),
    )
