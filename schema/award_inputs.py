"""Inputs and payloads of the mutations after the award."""

from __future__ import annotations

from decimal import Decimal
from typing import Self

import strawberry

from zhongjie.domain.projects.vocabulary import ProjectStatus
from zhongjie.resolvers.award_mutations import EnquiryChange, OfferMade
from zhongjie.resolvers.mutations import Outcome
from zhongjie.schema.awards import ProjectEnquiry, ProjectOffer
from zhongjie.schema.errors import UserError, user_errors
from zhongjie.schema.projects import MeritCriterionEnum

ERRORS = "Refused parts of the input; empty on success."


@strawberry.input(description="The winner withdraws (放弃) or the operator disqualifies it, with the reason.")
class EndAwardInput:
    project_id: strawberry.ID = strawberry.field(description="The project.")
    reason: str = strawberry.field(description="Why (recorded and public).")


@strawberry.input(
    description="Correct the published award's value (更正公告), with the reason: the correction is "
    "published as a new OCDS release (`awardUpdate`) and a `project.award_corrected` event; what was "
    "published stays."
)
class CorrectAwardInput:
    project_id: strawberry.ID = strawberry.field(description="The project, with an award in force.")
    price: Decimal = strawberry.field(
        description="The award's correct value in CNY, within floor and ceiling."
    )
    rationale: str = strawberry.field(description="Why (recorded and public).")


@strawberry.input(description="Draw the winner of a random selection with public entropy (公开熵值).")
class DrawProjectAgencyInput:
    project_id: strawberry.ID = strawberry.field(description="The project, in selection.")
    witness: str = strawberry.field(
        description="Public entropy: a witness's value or a beacon round, given after sign-up closed."
    )


@strawberry.input(description="A sealed price offer (密封报价), replaceable until the sign-up deadline.")
class SubmitOfferInput:
    project_id: strawberry.ID = strawberry.field(description="The project you signed up for.")
    price: Decimal = strawberry.field(description="Price in CNY, within the floor and the ceiling.")


@strawberry.input(description="A bid in an open round (竞价): below the best price so far.")
class SubmitBidInput:
    project_id: strawberry.ID = strawberry.field(description="The project in bidding.")
    price: Decimal = strawberry.field(description="Price in CNY, within the floor and the ceiling.")


@strawberry.input(description="The operator names the scorers (评审人员) of a best-merit selection.")
class AssignScorersInput:
    project_id: strawberry.ID = strawberry.field(description="The project.")
    scorer_ids: list[strawberry.ID] = strawberry.field(description="Users (global IDs), 1 to 9.")


@strawberry.input(description="A score of one criterion, 0 to 100.")
class CriterionScoreInput:
    criterion: MeritCriterionEnum = strawberry.field(description="The criterion.")
    score: int = strawberry.field(description="0 to 100.")


@strawberry.input(description="An assigned scorer's scores of one bidder, on every published criterion.")
class ScoreBidderInput:
    project_id: strawberry.ID = strawberry.field(description="The project.")
    agency_id: strawberry.ID = strawberry.field(description="The bidder.")
    scores: list[CriterionScoreInput] = strawberry.field(description="One score per criterion.")


@strawberry.type(description="Result of an offer.")
class OfferPayload:
    offer: ProjectOffer | None = strawberry.field(description="Your offer, sealed; null when refused.")
    errors: list[UserError] = strawberry.field(description=ERRORS)

    @classmethod
    def of(cls, outcome: Outcome[OfferMade], status: ProjectStatus, language: str) -> Self:
        """The offer, shown to the agency that made it while its project is in `status`."""
        made = outcome.value
        offer = None
        if made is not None:
            offer = ProjectOffer(
                agency_id=made.offer.agency_id,
                organisation_id=made.organisation_id,
                project_status=status,
                price=made.offer.price,
                submitted_at=made.offer.submitted_at,
            )
        return cls(offer=offer, errors=user_errors(outcome.refusal, language))


@strawberry.input(description="The owner drafts the contract from the template at the agreed price.")
class PrepareContractInput:
    project_id: strawberry.ID = strawberry.field(description="The project.")
    price: Decimal = strawberry.field(description="Contract price in CNY, within the floor and the ceiling.")


@strawberry.input(description="Sign the contract whose document hash you reviewed.")
class SignContractInput:
    project_id: strawberry.ID = strawberry.field(description="The project.")
    document_hash: str = strawberry.field(description="`contract.documentHash` of the text you reviewed.")


@strawberry.input(description="The agency asks for more working days (延期), with a reason.")
class RequestServiceExtensionInput:
    project_id: strawberry.ID = strawberry.field(description="The project.")
    working_days: int = strawberry.field(description="Working days, 1 to 60.")
    reason: str = strawberry.field(description="Why (延期理由).")


@strawberry.input(description="The owner consents to an extension, or refuses it.")
class DecideServiceExtensionInput:
    extension_id: strawberry.ID = strawberry.field(description="The extension.")
    consent: bool = strawberry.field(description="True to consent.")


@strawberry.input(description="The agency delivers the service result (成果提交).")
class DeliverServiceInput:
    project_id: strawberry.ID = strawberry.field(description="The project.")
    summary: str = strawberry.field(description="What is delivered.")


@strawberry.input(description="The owner returns the delivered result (退回) for re-delivery.")
class ReturnServiceInput:
    project_id: strawberry.ID = strawberry.field(description="The project.")
    reasons: str = strawberry.field(description="What must change.")


@strawberry.input(description="An evaluation (服务评价): each score 1 (poor) to 5 (excellent).")
class EvaluateServiceInput:
    project_id: strawberry.ID = strawberry.field(description="The project.")
    quality: int = strawberry.field(description="Quality (服务质量).")
    timeliness: int = strawberry.field(description="Timeliness (服务时效).")
    attitude: int = strawberry.field(description="Attitude (服务态度).")
    fee_reasonableness: int = strawberry.field(description="Fee reasonableness (收费合理性).")
    standardisation: int = strawberry.field(description="Standardisation (规范性).")
    comment: str | None = strawberry.field(default=None, description="Comment (评价意见).")


@strawberry.input(description="A question, an objection or a complaint on a project.")
class FileEnquiryInput:
    project_id: strawberry.ID = strawberry.field(description="The project.")
    content: str = strawberry.field(description="What you ask or raise.")


@strawberry.input(description="The owner's answer to a question or an objection.")
class AnswerEnquiryInput:
    enquiry_id: strawberry.ID = strawberry.field(description="The question or objection.")
    answer: str = strawberry.field(description="The answer (答复).")


@strawberry.input(description="The operator's decision on a complaint.")
class DecideComplaintInput:
    enquiry_id: strawberry.ID = strawberry.field(description="The complaint.")
    upheld: bool = strawberry.field(
        description="True: the complaint is founded (投诉成立) and the winner disqualified."
    )
    decision: str = strawberry.field(description="The decision and its grounds (处理决定).")


@strawberry.type(description="Result of an enquiry mutation.")
class EnquiryPayload:
    enquiry: ProjectEnquiry | None = strawberry.field(description="The enquiry; null when refused.")
    errors: list[UserError] = strawberry.field(description=ERRORS)

    @classmethod
    def of(cls, outcome: Outcome[EnquiryChange], language: str) -> Self:
        change = outcome.value
        enquiry = None
        if change is not None:
            enquiry = ProjectEnquiry.from_row(change.enquiry, change.owner_organisation_id)
        return cls(enquiry=enquiry, errors=user_errors(outcome.refusal, language))
