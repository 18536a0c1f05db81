"""Mutations after the award (confirmation, contract, service, evaluation, enquiries) and of the
selection methods that announce one: the domain rule in `perform`'s transaction, answered with rows."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal
from zhongjie.domain.awards import awards, contracts, corrections, enquiries, performance
from zhongjie.domain.awards.vocabulary import DeliveryDecision, EnquiryKind
from zhongjie.domain.projects.vocabulary import ProjectAction
from zhongjie.domain.selection import bidding, merit, offers, random_draw
from zhongjie.models import Agency as AgencyRow
from zhongjie.models import Project as ProjectRow
from zhongjie.models import ProjectAward as AwardRow
from zhongjie.models import ProjectEnquiry as EnquiryRow
from zhongjie.models import ProjectOffer as OfferRow
from zhongjie.resolvers.mutations import Outcome, perform

ProjectWork = Callable[[AsyncSession, Principal, datetime], Awaitable[ProjectRow | int]]


@dataclass(frozen=True)
class OfferMade:
    """An offer and the organisation of the agency that made it."""

    offer: OfferRow
    organisation_id: int


@dataclass(frozen=True)
class EnquiryChange:
    """An enquiry and the organisation owning its project."""

    enquiry: EnquiryRow
    owner_organisation_id: int


async def _project_after(info: strawberry.Info, work: ProjectWork) -> Outcome[ProjectRow]:
    """Run `work`, then answer with its project (returned, or named by its key) as it is after."""

    async def with_project(session: AsyncSession, actor: Principal, now: datetime) -> ProjectRow:
        changed = await work(session, actor, now)
        return changed if isinstance(changed, ProjectRow) else await session.get_one(ProjectRow, changed)

    return await perform(info, with_project)


async def confirm_award(info: strawberry.Info, project_id: int) -> Outcome[ProjectRow]:
    return await _project_after(info, lambda s, actor, now: awards.confirm(s, actor, project_id, now))


async def end_award(
    info: strawberry.Info, project_id: int, reason: str, action: ProjectAction
) -> Outcome[ProjectRow]:
    """The winner withdraws, or the operator disqualifies it."""
    return await _project_after(
        info, lambda s, actor, now: awards.end_award(s, actor, project_id, reason, action, now)
    )


async def correct_award(
    info: strawberry.Info, project_id: int, price: Decimal, rationale: str
) -> Outcome[ProjectRow]:
    """The operator corrects the published award's value (更正)."""
    return await _project_after(
        info, lambda s, actor, now: corrections.correct_award(s, actor, project_id, price, rationale, now)
    )


async def draw_project_agency(info: strawberry.Info, project_id: int, witness: str) -> Outcome[ProjectRow]:
    thresholds = info.context.settings.project_thresholds()
    return await _project_after(
        info, lambda s, actor, now: random_draw.draw(s, actor, project_id, witness, thresholds, now)
    )


async def _offer_made(
    info: strawberry.Info, make: Callable[[AsyncSession, Principal, datetime], Awaitable[OfferRow]]
) -> Outcome[OfferMade]:
    async def with_organisation(s: AsyncSession, actor: Principal, now: datetime) -> OfferMade:
        offer = await make(s, actor, now)
        agency = await s.get_one(AgencyRow, offer.agency_id)
        return OfferMade(offer, agency.organisation_id)

    return await perform(info, with_organisation)


async def submit_offer(info: strawberry.Info, project_id: int, price: Decimal) -> Outcome[OfferMade]:
    return await _offer_made(info, lambda s, actor, now: offers.submit(s, actor, project_id, price, now))


async def submit_bid(info: strawberry.Info, project_id: int, price: Decimal) -> Outcome[OfferMade]:
    return await _offer_made(info, lambda s, actor, now: bidding.bid(s, actor, project_id, price, now))


async def assign_scorers(info: strawberry.Info, project_id: int, user_ids: list[int]) -> Outcome[ProjectRow]:
    return await _project_after(
        info, lambda s, actor, now: merit.assign_scorers(s, actor, project_id, user_ids, now)
    )


async def score_bidder(
    info: strawberry.Info, project_id: int, agency_id: int, scores: dict[str, int]
) -> Outcome[ProjectRow]:
    async def work(s: AsyncSession, actor: Principal, now: datetime) -> int:
        await merit.score(s, actor, project_id, agency_id, scores, now)
        return project_id

    return await _project_after(info, work)


async def rank_bidders(info: strawberry.Info, project_id: int) -> Outcome[ProjectRow]:
    thresholds = info.context.settings.project_thresholds()
    return await _project_after(info, lambda s, actor, now: merit.rank(s, actor, project_id, thresholds, now))


async def open_offers(info: strawberry.Info, project_id: int) -> Outcome[ProjectRow]:
    thresholds = info.context.settings.project_thresholds()
    return await _project_after(
        info, lambda s, actor, now: offers.open_offers(s, actor, project_id, thresholds, now)
    )


async def prepare_contract(info: strawberry.Info, project_id: int, price: Decimal) -> Outcome[ProjectRow]:
    return await _project_after(
        info, lambda s, actor, now: contracts.prepare(s, actor, project_id, price, now)
    )


async def sign_contract(info: strawberry.Info, project_id: int, document_hash: str) -> Outcome[ProjectRow]:
    return await _project_after(
        info, lambda s, actor, now: contracts.sign(s, actor, project_id, document_hash, now)
    )


async def request_service_extension(
    info: strawberry.Info, project_id: int, working_days: int, reason: str
) -> Outcome[ProjectRow]:
    async def work(s: AsyncSession, actor: Principal, now: datetime) -> int:
        await contracts.request_extension(s, actor, project_id, working_days, reason, now)
        return project_id

    return await _project_after(info, work)


async def decide_service_extension(
    info: strawberry.Info, extension_id: int, consent: bool
) -> Outcome[ProjectRow]:
    async def work(s: AsyncSession, actor: Principal, now: datetime) -> int:
        extension = await contracts.decide_extension(s, actor, extension_id, consent, now)
        award = await s.get_one(AwardRow, extension.award_id)
        return award.project_id

    return await _project_after(info, work)


async def deliver_service(info: strawberry.Info, project_id: int, summary: str) -> Outcome[ProjectRow]:
    return await _project_after(
        info, lambda s, actor, now: performance.deliver(s, actor, project_id, summary, now)
    )


async def decide_delivery(
    info: strawberry.Info, project_id: int, decision: DeliveryDecision, reasons: str | None
) -> Outcome[ProjectRow]:
    """The owner accepts the delivered result, or returns it with reasons."""
    return await _project_after(
        info, lambda s, actor, now: performance.decide_delivery(s, actor, project_id, decision, reasons, now)
    )


async def evaluate_service(
    info: strawberry.Info, project_id: int, scores: dict[str, int], comment: str | None
) -> Outcome[ProjectRow]:
    async def work(s: AsyncSession, actor: Principal, now: datetime) -> int:
        await performance.evaluate(s, actor, project_id, scores, comment, now)
        return project_id

    return await _project_after(info, work)


async def _enquiry_after(
    info: strawberry.Info, work: Callable[[AsyncSession, Principal, datetime], Awaitable[EnquiryRow]]
) -> Outcome[EnquiryChange]:
    async def with_owner(session: AsyncSession, actor: Principal, now: datetime) -> EnquiryChange:
        enquiry = await work(session, actor, now)
        owner = (
            await session.execute(
                select(ProjectRow.owner_organisation_id).where(ProjectRow.id == enquiry.project_id)
            )
        ).scalar_one()
        return EnquiryChange(enquiry, owner)

    return await perform(info, with_owner)


async def file_enquiry(
    info: strawberry.Info, project_id: int, kind: EnquiryKind, content: str
) -> Outcome[EnquiryChange]:
    """A question, an objection or a complaint."""
    return await _enquiry_after(
        info, lambda s, actor, now: enquiries.file(s, actor, project_id, kind, content, now)
    )


async def answer_enquiry(info: strawberry.Info, enquiry_id: int, answer: str) -> Outcome[EnquiryChange]:
    return await _enquiry_after(
        info, lambda s, actor, now: enquiries.answer(s, actor, enquiry_id, answer, now)
    )


async def decide_complaint(
    info: strawberry.Info, enquiry_id: int, upheld: bool, decision: str
) -> Outcome[EnquiryChange]:
    return await _enquiry_after(
        info, lambda s, actor, now: enquiries.decide_complaint(s, actor, enquiry_id, upheld, decision, now)
    )
