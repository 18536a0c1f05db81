"""The mutations of the selection methods and after the award: decode the input, call the
resolver, show the project (or the offer, or the enquiry) or the refusal."""

from __future__ import annotations

from typing import Any

import strawberry

from zhongjie.base.global_ids import key_of
from zhongjie.domain.awards.vocabulary import DeliveryDecision, EnquiryKind
from zhongjie.domain.projects.vocabulary import ProjectAction, ProjectStatus
from zhongjie.resolvers import award_mutations as awards
from zhongjie.schema.award_inputs import (
    AnswerEnquiryInput,
    AssignScorersInput,
    CorrectAwardInput,
    DecideComplaintInput,
    DecideServiceExtensionInput,
    DeliverServiceInput,
    DrawProjectAgencyInput,
    EndAwardInput,
    EnquiryPayload,
    EvaluateServiceInput,
    FileEnquiryInput,
    OfferPayload,
    PrepareContractInput,
    RequestServiceExtensionInput,
    ReturnServiceInput,
    ScoreBidderInput,
    SignContractInput,
    SubmitBidInput,
    SubmitOfferInput,
)
from zhongjie.schema.project_inputs import ProjectActionInput, ProjectPayload, project_key


def _enquiry_key(global_id: str) -> int:
    return key_of(global_id, "ProjectEnquiry", "input.enquiryId")


async def confirm_award(info: strawberry.Info, input: ProjectActionInput) -> ProjectPayload:
    outcome = await awards.confirm_award(info, project_key(input.project_id))
    return ProjectPayload.of(outcome, info.context.language)


def _ending(action: ProjectAction) -> Any:
    async def resolve(info: strawberry.Info, input: EndAwardInput) -> ProjectPayload:
        outcome = await awards.end_award(info, project_key(input.project_id), input.reason, action)
        return ProjectPayload.of(outcome, info.context.language)

    return resolve


withdraw_from_award = _ending(ProjectAction.WITHDRAW_AWARD)
disqualify_award = _ending(ProjectAction.DISQUALIFY)


async def correct_award(info: strawberry.Info, input: CorrectAwardInput) -> ProjectPayload:
    outcome = await awards.correct_award(info, project_key(input.project_id), input.price, input.rationale)
    return ProjectPayload.of(outcome, info.context.language)


async def draw_project_agency(info: strawberry.Info, input: DrawProjectAgencyInput) -> ProjectPayload:
    outcome = await awards.draw_project_agency(info, project_key(input.project_id), input.witness)
    return ProjectPayload.of(outcome, info.context.language)


async def submit_offer(info: strawberry.Info, input: SubmitOfferInput) -> OfferPayload:
    outcome = await awards.submit_offer(info, project_key(input.project_id), input.price)
    return OfferPayload.of(outcome, ProjectStatus.PUBLISHED, info.context.language)


async def submit_bid(info: strawberry.Info, input: SubmitBidInput) -> OfferPayload:
    outcome = await awards.submit_bid(info, project_key(input.project_id), input.price)
    return OfferPayload.of(outcome, ProjectStatus.SELECTION, info.context.language)


async def assign_scorers(info: strawberry.Info, input: AssignScorersInput) -> ProjectPayload:
    project_id = project_key(input.project_id)
    user_ids = [key_of(scorer, "User", "input.scorerIds") for scorer in input.scorer_ids]
    outcome = await awards.assign_scorers(info, project_id, user_ids)
    return ProjectPayload.of(outcome, info.context.language)


async def score_bidder(info: strawberry.Info, input: ScoreBidderInput) -> ProjectPayload:
    project_id = project_key(input.project_id)
    agency_id = key_of(input.agency_id, "Agency", "input.agencyId")
    scores = {item.criterion.value: item.score for item in input.scores}
    outcome = await awards.score_bidder(info, project_id, agency_id, scores)
    return ProjectPayload.of(outcome, info.context.language)


async def rank_bidders(info: strawberry.Info, input: ProjectActionInput) -> ProjectPayload:
    outcome = await awards.rank_bidders(info, project_key(input.project_id))
    return ProjectPayload.of(outcome, info.context.language)


async def open_offers(info: strawberry.Info, input: ProjectActionInput) -> ProjectPayload:
    outcome = await awards.open_offers(info, project_key(input.project_id))
    return ProjectPayload.of(outcome, info.context.language)


async def prepare_contract(info: strawberry.Info, input: PrepareContractInput) -> ProjectPayload:
    outcome = await awards.prepare_contract(info, project_key(input.project_id), input.price)
    return ProjectPayload.of(outcome, info.context.language)


async def sign_contract(info: strawberry.Info, input: SignContractInput) -> ProjectPayload:
    outcome = await awards.sign_contract(info, project_key(input.project_id), input.document_hash)
    return ProjectPayload.of(outcome, info.context.language)


async def request_service_extension(
    info: strawberry.Info, input: RequestServiceExtensionInput
) -> ProjectPayload:
    project_id = project_key(input.project_id)
    outcome = await awards.request_service_extension(info, project_id, input.working_days, input.reason)
    return ProjectPayload.of(outcome, info.context.language)


async def decide_service_extension(
    info: strawberry.Info, input: DecideServiceExtensionInput
) -> ProjectPayload:
    extension_id = key_of(input.extension_id, "ServiceExtension", "input.extensionId")
    outcome = await awards.decide_service_extension(info, extension_id, input.consent)
    return ProjectPayload.of(outcome, info.context.language)


async def deliver_service(info: strawberry.Info, input: DeliverServiceInput) -> ProjectPayload:
    outcome = await awards.deliver_service(info, project_key(input.project_id), input.summary)
    return ProjectPayload.of(outcome, info.context.language)


async def accept_service(info: strawberry.Info, input: ProjectActionInput) -> ProjectPayload:
    project_id = project_key(input.project_id)
    outcome = await awards.decide_delivery(info, project_id, DeliveryDecision.ACCEPTED, None)
    return ProjectPayload.of(outcome, info.context.language)


async def return_service(info: strawberry.Info, input: ReturnServiceInput) -> ProjectPayload:
    project_id = project_key(input.project_id)
    outcome = await awards.decide_delivery(info, project_id, DeliveryDecision.RETURNED, input.reasons)
    return ProjectPayload.of(outcome, info.context.language)


async def evaluate_service(info: strawberry.Info, input: EvaluateServiceInput) -> ProjectPayload:
    project_id = project_key(input.project_id)
    scores = {
        "quality": input.quality,
        "timeliness": input.timeliness,
        "attitude": input.attitude,
        "feeReasonableness": input.fee_reasonableness,
        "standardisation": input.standardisation,
    }
    outcome = await awards.evaluate_service(info, project_id, scores, input.comment)
    return ProjectPayload.of(outcome, info.context.language)


def _filing(kind: EnquiryKind) -> Any:
    async def resolve(info: strawberry.Info, input: FileEnquiryInput) -> EnquiryPayload:
        outcome = await awards.file_enquiry(info, project_key(input.project_id), kind, input.content)
        return EnquiryPayload.of(outcome, info.context.language)

    return resolve


ask_question = _filing(EnquiryKind.QUESTION)
file_objection = _filing(EnquiryKind.OBJECTION)
file_complaint = _filing(EnquiryKind.COMPLAINT)


async def answer_enquiry(info: strawberry.Info, input: AnswerEnquiryInput) -> EnquiryPayload:
    outcome = await awards.answer_enquiry(info, _enquiry_key(input.enquiry_id), input.answer)
    return EnquiryPayload.of(outcome, info.context.language)


async def decide_complaint(info: strawberry.Info, input: DecideComplaintInput) -> EnquiryPayload:
    enquiry_id = _enquiry_key(input.enquiry_id)
    outcome = await awards.decide_complaint(info, enquiry_id, input.upheld, input.decision)
    return EnquiryPayload.of(outcome, info.context.language)
