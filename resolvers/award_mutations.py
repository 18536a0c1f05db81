"""Mutation resolvers after the award: confirmation, contract, service, evaluation, enquiries."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy import select

from zhongjie.base.global_ids import key_of
from zhongjie.domain.awards import awards, contracts, enquiries, performance
from zhongjie.domain.awards.vocabulary import DeliveryDecision, EnquiryKind
from zhongjie.domain.projects.vocabulary import ProjectAction, ProjectStatus
from zhongjie.domain.selection import bidding, merit, offers, random_draw
from zhongjie.models import Agency as AgencyRow
from zhongjie.models import Project as ProjectRow
from zhongjie.models import ProjectAward as AwardRow
from zhongjie.resolvers.mutations import perform_legacy as perform
from zhongjie.schema import award_inputs as inputs
from zhongjie.schema.award_inputs import EnquiryPayload
from zhongjie.schema.awards import ProjectEnquiry, ProjectOffer
from zhongjie.schema.project_inputs import ProjectActionInput, ProjectPayload
from zhongjie.schema.projects import Project


def _project_id(global_id: str) -> int:
    return key_of(global_id, "Project", "input.projectId")


async def _payload(info: strawberry.Info, work: Any) -> ProjectPayload:
    """Run `work`, then answer with its project as it is after the change."""

    async def with_project(session: Any, actor: Any, now: Any) -> ProjectRow:
        changed = await work(session, actor, now)
        return changed if isinstance(changed, ProjectRow) else await session.get(ProjectRow, changed)

    row, errors = await perform(info, with_project)
    return ProjectPayload(project=Project.from_row(row) if row is not None else None, errors=errors)


async def _enquiry_payload(info: strawberry.Info, work: Any) -> EnquiryPayload:
    async def with_owner(session: Any, actor: Any, now: Any) -> tuple[Any, int]:
        enquiry = await work(session, actor, now)
        owner = await session.scalar(
            select(ProjectRow.owner_organisation_id).where(ProjectRow.id == enquiry.project_id)
        )
        return enquiry, owner

    result, errors = await perform(info, with_owner)
    return EnquiryPayload(enquiry=ProjectEnquiry.from_row(*result) if result else None, errors=errors)


async def confirm_award(info: strawberry.Info, input: ProjectActionInput) -> ProjectPayload:
    project_id = _project_id(input.project_id)
    return await _payload(info, lambda s, actor, now: awards.confirm(s, actor, project_id, now))


async def withdraw_from_award(info: strawberry.Info, input: inputs.EndAwardInput) -> ProjectPayload:
    project_id = _project_id(input.project_id)
    return await _payload(
        info,
        lambda s, actor, now: awards.end_award(
            s, actor, project_id, input.reason, ProjectAction.WITHDRAW_AWARD, now
        ),
    )


async def disqualify_award(info: strawberry.Info, input: inputs.EndAwardInput) -> ProjectPayload:
    project_id = _project_id(input.project_id)
    return await _payload(
        info,
        lambda s, actor, now: awards.end_award(
            s, actor, project_id, input.reason, ProjectAction.DISQUALIFY, now
        ),
    )


async def draw_project_agency(info: strawberry.Info, input: inputs.DrawProjectAgencyInput) -> ProjectPayload:
    project_id = _project_id(input.project_id)
    thresholds = info.context.settings.project_thresholds()
    return await _payload(
        info, lambda s, actor, now: random_draw.draw(s, actor, project_id, input.witness, thresholds, now)
    )


async def _offer_payload(info: strawberry.Info, work: Any, status: ProjectStatus) -> inputs.OfferPayload:
    """Run `work` (making an offer) and show the offer to the agency that made it."""

    async def shown(s: Any, actor: Any, now: Any) -> ProjectOffer:
        offer = await work(s, actor, now)
        agency = await s.get(AgencyRow, offer.agency_id)
        return ProjectOffer(
            agency_id=offer.agency_id,
            organisation_id=agency.organisation_id,
            project_status=status,
            price=offer.price,
            submitted_at=offer.submitted_at,
        )

    offer, errors = await perform(info, shown)
    return inputs.OfferPayload(offer=offer, errors=errors)


async def submit_offer(info: strawberry.Info, input: inputs.SubmitOfferInput) -> inputs.OfferPayload:
    project_id = _project_id(input.project_id)
    return await _offer_payload(
        info,
        lambda s, actor, now: offers.submit(s, actor, project_id, input.price, now),
        ProjectStatus.PUBLISHED,
    )


async def submit_bid(info: strawberry.Info, input: inputs.SubmitBidInput) -> inputs.OfferPayload:
    project_id = _project_id(input.project_id)
    return await _offer_payload(
        info,
        lambda s, actor, now: bidding.bid(s, actor, project_id, input.price, now),
        ProjectStatus.SELECTION,
    )


async def assign_scorers(info: strawberry.Info, input: inputs.AssignScorersInput) -> ProjectPayload:
    project_id = _project_id(input.project_id)
    user_ids = [key_of(scorer, "User", "input.scorerIds") for scorer in input.scorer_ids]
    return await _payload(
        info, lambda s, actor, now: merit.assign_scorers(s, actor, project_id, user_ids, now)
    )


async def score_bidder(info: strawberry.Info, input: inputs.ScoreBidderInput) -> ProjectPayload:
    project_id = _project_id(input.project_id)
    agency_id = key_of(input.agency_id, "Agency", "input.agencyId")
    scores = {item.criterion.value: item.score for item in input.scores}

    async def work(s: Any, actor: Any, now: Any) -> int:
        await merit.score(s, actor, project_id, agency_id, scores, now)
        return project_id

    return await _payload(info, work)


async def rank_bidders(info: strawberry.Info, input: ProjectActionInput) -> ProjectPayload:
    project_id = _project_id(input.project_id)
    thresholds = info.context.settings.project_thresholds()
    return await _payload(info, lambda s, actor, now: merit.rank(s, actor, project_id, thresholds, now))


async def open_offers(info: strawberry.Info, input: ProjectActionInput) -> ProjectPayload:
    project_id = _project_id(input.project_id)
    thresholds = info.context.settings.project_thresholds()
    return await _payload(
        info, lambda s, actor, now: offers.open_offers(s, actor, project_id, thresholds, now)
    )


async def prepare_contract(info: strawberry.Info, input: inputs.PrepareContractInput) -> ProjectPayload:
    project_id = _project_id(input.project_id)
    return await _payload(
        info, lambda s, actor, now: contracts.prepare(s, actor, project_id, input.price, now)
    )


async def sign_contract(info: strawberry.Info, input: inputs.SignContractInput) -> ProjectPayload:
    project_id = _project_id(input.project_id)
    return await _payload(
        info, lambda s, actor, now: contracts.sign(s, actor, project_id, input.document_hash, now)
    )


async def request_service_extension(
    info: strawberry.Info, input: inputs.RequestServiceExtensionInput
) -> ProjectPayload:
    project_id = _project_id(input.project_id)

    async def work(s: Any, actor: Any, now: Any) -> int:
        await contracts.request_extension(s, actor, project_id, input.working_days, input.reason, now)
        return project_id

    return await _payload(info, work)


async def decide_service_extension(
    info: strawberry.Info, input: inputs.DecideServiceExtensionInput
) -> ProjectPayload:
    extension_id = key_of(input.extension_id, "ServiceExtension", "input.extensionId")

    async def work(s: Any, actor: Any, now: Any) -> int:
        extension = await contracts.decide_extension(s, actor, extension_id, input.consent, now)
        award = await s.get(AwardRow, extension.award_id)
        return award.project_id

    return await _payload(info, work)


async def deliver_service(info: strawberry.Info, input: inputs.DeliverServiceInput) -> ProjectPayload:
    project_id = _project_id(input.project_id)
    return await _payload(
        info, lambda s, actor, now: performance.deliver(s, actor, project_id, input.summary, now)
    )


async def accept_service(info: strawberry.Info, input: ProjectActionInput) -> ProjectPayload:
    project_id = _project_id(input.project_id)
    return await _payload(
        info,
        lambda s, actor, now: performance.decide_delivery(
            s, actor, project_id, DeliveryDecision.ACCEPTED, None, now
        ),
    )


async def return_service(info: strawberry.Info, input: inputs.ReturnServiceInput) -> ProjectPayload:
    project_id = _project_id(input.project_id)
    return await _payload(
        info,
        lambda s, actor, now: performance.decide_delivery(
            s, actor, project_id, DeliveryDecision.RETURNED, input.reasons, now
        ),
    )


async def evaluate_service(info: strawberry.Info, input: inputs.EvaluateServiceInput) -> ProjectPayload:
    project_id = _project_id(input.project_id)
    scores = {
        "quality": input.quality,
        "timeliness": input.timeliness,
        "attitude": input.attitude,
        "feeReasonableness": input.fee_reasonableness,
        "standardisation": input.standardisation,
    }

    async def work(s: Any, actor: Any, now: Any) -> int:
        await performance.evaluate(s, actor, project_id, scores, input.comment, now)
        return project_id

    return await _payload(info, work)


def _filing(kind: EnquiryKind) -> Any:
    async def resolve(info: strawberry.Info, input: inputs.FileEnquiryInput) -> EnquiryPayload:
        project_id = _project_id(input.project_id)
        return await _enquiry_payload(
            info, lambda s, actor, now: enquiries.file(s, actor, project_id, kind, input.content, now)
        )

    return resolve


ask_question = _filing(EnquiryKind.QUESTION)
file_objection = _filing(EnquiryKind.OBJECTION)
file_complaint = _filing(EnquiryKind.COMPLAINT)


async def answer_enquiry(info: strawberry.Info, input: inputs.AnswerEnquiryInput) -> EnquiryPayload:
    enquiry_id = key_of(input.enquiry_id, "ProjectEnquiry", "input.enquiryId")
    return await _enquiry_payload(
        info, lambda s, actor, now: enquiries.answer(s, actor, enquiry_id, input.answer, now)
    )


async def decide_complaint(info: strawberry.Info, input: inputs.DecideComplaintInput) -> EnquiryPayload:
    enquiry_id = key_of(input.enquiry_id, "ProjectEnquiry", "input.enquiryId")
    return await _enquiry_payload(
        info,
        lambda s, actor, now: enquiries.decide_complaint(
            s, actor, enquiry_id, input.upheld, input.decision, now
        ),
    )
