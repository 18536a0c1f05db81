"""After the award (中选后): the award, its confirmation letter, contract, service clock, deliveries and
extensions; evaluations; questions, objections and complaints; and the stand-still they cause."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Self

import strawberry
from strawberry.scalars import JSON

from zhongjie.auth.principal import Role
from zhongjie.auth.visibility import Audience, FieldRule, Relation, RowRule
from zhongjie.domain.awards.access import ENQUIRY_ROWS, OFFER_ROWS
from zhongjie.domain.awards.contracts import service_clock
from zhongjie.domain.awards.vocabulary import (
    PENDING,
    AwardStatus,
    DeliveryDecision,
    EnquiryKind,
    EnquiryStatus,
    ExtensionStatus,
)
from zhongjie.domain.projects.access import OWNER_ORGANISATION
from zhongjie.domain.projects.vocabulary import ProjectStatus
from zhongjie.domain.selection import bidding
from zhongjie.domain.selection.rules import merit_totals
from zhongjie.models import Agency as AgencyRow
from zhongjie.models import MeritScore as MeritScoreRow
from zhongjie.models import ProjectAward as AwardRow
from zhongjie.models import ProjectEnquiry as EnquiryRow
from zhongjie.models import SelectionDraw as DrawRow
from zhongjie.models import ServiceDelivery as DeliveryRow
from zhongjie.models import ServiceExtension as ExtensionRow
from zhongjie.schema.agencies import Agency
from zhongjie.schema.enums import labelled
from zhongjie.schema.loaded import loaded
from zhongjie.schema.relay import Node
from zhongjie.schema.visibility import restricted
from zhongjie.schema.working_calendar import CalendarStatusEnum

AwardStatusEnum = Annotated[
    AwardStatus, labelled(AwardStatus, name="AwardStatus", description="State of an award (中选).")
]
DeliveryDecisionEnum = Annotated[
    DeliveryDecision, labelled(DeliveryDecision, name="DeliveryDecision", description="The owner's decision.")
]
ExtensionStatusEnum = Annotated[
    ExtensionStatus,
    labelled(ExtensionStatus, name="ServiceExtensionStatus", description="State of an extension."),
]
EnquiryKindEnum = Annotated[
    EnquiryKind, labelled(EnquiryKind, name="EnquiryKind", description="Question, objection or complaint.")
]
EnquiryStatusEnum = Annotated[
    EnquiryStatus, labelled(EnquiryStatus, name="EnquiryStatus", description="State of an enquiry.")
]

WINNER_ORGANISATION = Relation(
    "winning agency",
    lambda p, row: (
        p.organisation_id is not None and getattr(row, "winner_organisation_id", None) == p.organisation_id
    ),
)
# the contract's two sides and the market's operators
PARTIES = FieldRule(
    Audience(roles=frozenset({Role.OPERATOR}), relations=(OWNER_ORGANISATION, WINNER_ORGANISATION))
)


@strawberry.type(
    description="The confirmation letter (中选确认书), sealed by the platform; verify it offline."
)
class ConfirmationLetter:
    number: str = strawberry.field(description="Letter number.")
    issued_at: datetime = strawberry.field(description="When it was issued.")
    key_id: str = strawberry.field(description="The seal key that signed it (see /.well-known/jwks.json).")
    document: JSON = strawberry.field(description="The letter's content.")
    signature: str = strawberry.field(description="Compact JWS (Ed25519) over the letter's canonical JSON.")
    json_url: str = strawberry.field(description="Download to verify with `zhongjie verify-letter`.")
    pdf_url: str = strawberry.field(description="Printable PDF.")

    @classmethod
    def from_row(cls, row: AwardRow, code: str) -> Self | None:
        if row.letter_document is None or row.letter_signature is None or row.letter_issued_at is None:
            return None
        header = json.loads(base64.urlsafe_b64decode(row.letter_signature.split(".")[0] + "=="))
        document = json.loads(row.letter_document)
        return cls(
            number=document["number"],
            issued_at=row.letter_issued_at,
            key_id=header["kid"],
            document=document,
            signature=row.letter_signature,
            json_url=f"/letters/{code}.json",
            pdf_url=f"/letters/{code}.pdf",
        )


@strawberry.type(description="One side's signature on the contract: when, on which document hash.")
class ContractSignature:
    signed_at: datetime = strawberry.field(description="When it was signed.")
    document_hash: str = strawberry.field(description="SHA-256 of the document signed.")


@strawberry.type(description="The service contract (合同) from a template; key terms are public.")
class Contract:
    owner_organisation_id: strawberry.Private[int]
    winner_organisation_id: strawberry.Private[int]
    template_code: str = strawberry.field(description="Template (合同范本) it was made from.")
    price: Decimal = strawberry.field(description="Contract price in CNY (合同金额).")
    document_hash: str = strawberry.field(description="SHA-256 of the canonical document.")
    owner_signature: ContractSignature | None = strawberry.field(description="The owner's signature.")
    agency_signature: ContractSignature | None = strawberry.field(description="The agency's signature.")
    document: JSON | None = restricted(PARTIES, description="The full contract text (合同文本).")


@strawberry.type(description="The service clock (服务时限): signing to acceptance, in working days.")
class ServiceClock:
    started_at: datetime = strawberry.field(description="When the contract was signed by both sides.")
    due_at: datetime = strawberry.field(
        description="17:00 Beijing time of the last working day, extensions included."
    )
    stopped_at: datetime | None = strawberry.field(description="Acceptance, once accepted.")
    overdue: bool = strawberry.field(description="Past the due time (超期).")
    overdue_working_days: int = strawberry.field(
        description="Working days past the due day (holidays excluded)."
    )
    calendar_status: CalendarStatusEnum = strawberry.field(
        description="How the clock's days are known: PROVISIONAL or UNKNOWN (counted Monday to Friday) "
        "when it runs into a year without the State Council's arrangement."
    )


@strawberry.type(description="A delivery of the service result (成果提交) and the owner's decision.")
class ServiceDelivery:
    owner_organisation_id: strawberry.Private[int]
    winner_organisation_id: strawberry.Private[int]
    number: int = strawberry.field(description="1 for the first delivery, then re-deliveries.")
    delivered_at: datetime = strawberry.field(description="When it was delivered.")
    summary: str | None = restricted(PARTIES, description="What was delivered (成果说明).")
    decision: DeliveryDecisionEnum | None = strawberry.field(description="Accepted or returned.")
    reasons: str | None = strawberry.field(description="Why it was returned (退回理由).")
    decided_at: datetime | None = strawberry.field(description="When the owner decided.")

    @classmethod
    def from_row(cls, row: DeliveryRow, owner: int, winner: int) -> Self:
        return cls(
            owner_organisation_id=owner,
            winner_organisation_id=winner,
            number=row.number,
            delivered_at=row.delivered_at,
            summary=row.summary,
            decision=DeliveryDecision(row.decision) if row.decision else None,
            reasons=row.reasons,
            decided_at=row.decided_at,
        )


@strawberry.type(description="An extension of the service time limit (延期), with the owner's consent.")
class ServiceExtension(Node):
    extension_id: strawberry.Private[int]
    working_days: int = strawberry.field(description="Working days asked for.")
    reason: str = strawberry.field(description="Why (延期理由).")
    status: ExtensionStatusEnum = strawberry.field(description="Pending, approved or refused.")
    requested_at: datetime = strawberry.field(description="When it was asked for.")
    decided_at: datetime | None = strawberry.field(description="When the owner decided.")

    def node_key(self) -> object:
        return self.extension_id

    @classmethod
    def from_row(cls, row: ExtensionRow) -> Self:
        return cls(
            extension_id=row.id,
            working_days=row.working_days,
            reason=row.reason,
            status=ExtensionStatus(row.status),
            requested_at=row.requested_at,
            decided_at=row.decided_at,
        )


@strawberry.type(
    description="An award (中选) and what follows it: confirmation, letter, contract and service."
)
class Award:
    row: strawberry.Private[AwardRow]
    project_code: strawberry.Private[str]
    owner_organisation_id: strawberry.Private[int]
    status: AwardStatusEnum = strawberry.field(description="Active, withdrawn or disqualified.")
    ended_reason: str | None = strawberry.field(description="Why the winner withdrew or was disqualified.")
    owner_confirmed_at: datetime | None = strawberry.field(description="The owner's confirmation (业主确认).")
    agency_confirmed_at: datetime | None = strawberry.field(description="The agency's confirmation.")

    @classmethod
    def from_row(cls, row: AwardRow, project_code: str, owner_organisation_id: int) -> Self:
        return cls(
            row=row,
            project_code=project_code,
            owner_organisation_id=owner_organisation_id,
            status=AwardStatus(row.status),
            ended_reason=row.ended_reason,
            owner_confirmed_at=row.owner_confirmed_at,
            agency_confirmed_at=row.agency_confirmed_at,
        )

    async def _winner_organisation(self, info: strawberry.Info) -> int:
        agency = await info.context.loaders.agency.load(self.row.agency_id)
        return agency.organisation_id

    @loaded(
        lambda loaders: loaders.agency,
        key=lambda award: award.row.agency_id,
        description="The agency (中选机构).",
    )
    def agency(self, row: AgencyRow) -> Agency | None:
        return Agency.from_row(row)

    @strawberry.field(description="The sealed confirmation letter, once both sides confirmed.")
    def confirmation_letter(self) -> ConfirmationLetter | None:
        return ConfirmationLetter.from_row(self.row, self.project_code)

    @strawberry.field(description="The contract, once the owner prepared it.")
    async def contract(self, info: strawberry.Info) -> Contract | None:
        row = self.row
        if row.contract_hash is None or row.price is None or row.contract_template is None:
            return None
        return Contract(
            owner_organisation_id=self.owner_organisation_id,
            winner_organisation_id=await self._winner_organisation(info),
            template_code=row.contract_template,
            price=row.price,
            document_hash=row.contract_hash,
            owner_signature=_signature(row.owner_signed_at, row.owner_signed_hash),
            agency_signature=_signature(row.agency_signed_at, row.agency_signed_hash),
            document=json.loads(row.contract_document) if row.contract_document else None,
        )

    @strawberry.field(description="The service clock, once the contract is signed.")
    def service_clock(self, info: strawberry.Info) -> ServiceClock | None:
        clock = service_clock(self.row, info.context.clock())
        if clock is None:
            return None
        return ServiceClock(
            started_at=clock.started_at,
            due_at=clock.due_at,
            stopped_at=clock.stopped_at,
            overdue=clock.overdue,
            overdue_working_days=clock.overdue_working_days,
            calendar_status=clock.calendar,
        )

    @strawberry.field(description="Deliveries of the result, oldest first.")
    async def deliveries(self, info: strawberry.Info) -> list[ServiceDelivery]:
        rows = await info.context.loaders.deliveries_of_award.load(self.row.id)
        winner = await self._winner_organisation(info)
        return [ServiceDelivery.from_row(row, self.owner_organisation_id, winner) for row in rows]

    @loaded(
        lambda loaders: loaders.extensions_of_award,
        key=lambda award: award.row.id,
        description="Extensions asked for, oldest first.",
    )
    def extensions(self, rows: list[ExtensionRow]) -> list[ServiceExtension]:
        return [ServiceExtension.from_row(row) for row in rows]


def _signature(signed_at: datetime | None, document_hash: str | None) -> ContractSignature | None:
    if signed_at is None or document_hash is None:
        return None
    return ContractSignature(signed_at=signed_at, document_hash=document_hash)


@strawberry.type(
    description="A question (咨询), objection (质疑) or complaint (投诉); the filer is never disclosed."
)
class ProjectEnquiry(Node):
    row_rule: ClassVar[RowRule] = ENQUIRY_ROWS
    enquiry_id: strawberry.Private[int]
    organisation_id: strawberry.Private[int | None]  # the filer's, for the visibility rule only
    owner_organisation_id: strawberry.Private[int]
    kind: EnquiryKindEnum = strawberry.field(description="Question, objection or complaint.")
    status: EnquiryStatusEnum = strawberry.field(description="Open, answered, upheld or dismissed.")
    content: str = strawberry.field(description="What was asked or raised.")
    answer: str | None = strawberry.field(description="The owner's answer or the operator's decision.")
    filed_at: datetime = strawberry.field(description="When it was filed.")
    answered_at: datetime | None = strawberry.field(description="When it was answered or decided.")

    def node_key(self) -> object:
        return self.enquiry_id

    @classmethod
    def from_row(cls, row: EnquiryRow, owner_organisation_id: int) -> Self:
        return cls(
            enquiry_id=row.id,
            organisation_id=row.filed_by_organisation_id,
            owner_organisation_id=owner_organisation_id,
            kind=EnquiryKind(row.kind),
            status=EnquiryStatus(row.status),
            content=row.content,
            answer=row.answer,
            filed_at=row.filed_at,
            answered_at=row.answered_at,
        )


@strawberry.type(
    description="Stand-still (暂停): open objections or complaints suspend confirmation; public."
)
class StandStill:
    suspended: bool = strawberry.field(description="Confirmation is suspended.")
    open_objections: int = strawberry.field(description="Objections awaiting the owner's answer.")
    open_complaints: int = strawberry.field(description="Complaints awaiting the operator's decision.")

    @classmethod
    def of(cls, rows: list[EnquiryRow]) -> Self:
        pending = {status.value for status in PENDING}
        objections = sum(r.kind == EnquiryKind.OBJECTION.value and r.status in pending for r in rows)
        complaints = sum(r.kind == EnquiryKind.COMPLAINT.value and r.status in pending for r in rows)
        return cls(
            suspended=bool(objections or complaints), open_objections=objections, open_complaints=complaints
        )


@strawberry.type(
    description="A random selection round (随机选取): commitment first, the draw and its record after."
)
class SelectionDraw:
    round: int = strawberry.field(
        description="1, then a new round after a winner withdrew or was disqualified."
    )
    commitment: str = strawberry.field(description="SHA-256 of the secret seed, published before the draw.")
    candidates: list[str] = strawberry.field(description="Credit codes of the candidates, in sign-up order.")
    candidates_hash: str = strawberry.field(description="SHA-256 of the candidate list (the draw's input).")
    weights: list[int] | None = strawberry.field(
        description="Credit weights per candidate, for a weighted draw."
    )
    committed_at: datetime = strawberry.field(description="When sign-up closed and the seed was committed.")
    drawn_at: datetime | None = strawberry.field(description="When the draw took place.")
    record: JSON | None = strawberry.field(
        description="The published draw record with the revealed seed; check it with `zhongjie verify-draw`."
    )

    @classmethod
    def from_row(cls, row: DrawRow) -> Self:
        return cls(
            round=row.round,
            commitment=row.commitment,
            candidates=list(row.candidates),
            candidates_hash=row.candidates_hash,
            weights=list(row.weights) if row.weights else None,
            committed_at=row.committed_at,
            drawn_at=row.drawn_at,
            record=None if row.record is None else JSON(row.record),
        )


@strawberry.type(description="A price offer (报价): sealed until the result, then public.")
class ProjectOffer:
    row_rule: ClassVar[RowRule] = OFFER_ROWS
    agency_id: strawberry.Private[int]
    organisation_id: strawberry.Private[int]
    project_status: strawberry.Private[ProjectStatus]
    price: Decimal = strawberry.field(description="Price in CNY.")
    submitted_at: datetime = strawberry.field(description="When it was made (server time).")

    @loaded(
        lambda loaders: loaders.agency,
        key=lambda offer: offer.agency_id,
        description="The agency that offered.",
    )
    def agency(self, row: AgencyRow) -> Agency | None:
        return Agency.from_row(row)


@strawberry.type(
    description="Where a bidder stands (竞价): the best price and its own rank, never who holds the best."
)
class BiddingStanding:
    round: int | None = strawberry.field(
        description="The open round (from 1); null before or after the rounds."
    )
    round_ends_at: datetime | None = strawberry.field(description="When the open round ends (server time).")
    closes_at: datetime = strawberry.field(description="When the last round ends.")
    best_price: Decimal | None = strawberry.field(description="The best (lowest) price so far.")
    own_price: Decimal | None = strawberry.field(description="Your best offer.")
    own_rank: int | None = strawberry.field(description="Your rank (1 = best).")
    bidders: int = strawberry.field(description="How many agencies have offered.")

    @classmethod
    def of(cls, standing: bidding.Standing) -> Self:
        return cls(
            round=standing.round,
            round_ends_at=standing.round_ends_at,
            closes_at=standing.closes_at,
            best_price=standing.best_price,
            own_price=standing.own_price,
            own_rank=standing.own_rank,
            bidders=standing.bidders,
        )


@strawberry.type(description="A criterion of best-merit selection and its weight (评审因素及权重).")
class MeritWeight:
    criterion: str = strawberry.field(description="PRICE, QUALIFICATION, EXPERIENCE, PLAN or CREDIT.")
    weight: int = strawberry.field(description="Weight; a project's weights sum to 100.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Self:
        return cls(criterion=row["criterion"], weight=row["weight"])


@strawberry.type(
    description="One scorer's scores of a bidder, 0–100 per criterion; scorers are numbered, not named."
)
class MeritScoreSheet:
    scorer: int = strawberry.field(description="Scorer number (1, 2, …), the same across bidders.")
    scores: JSON = strawberry.field(description="Criterion → score.")


@strawberry.type(description="A bidder's weighted total in a best-merit selection, with every score.")
class MeritTotal:
    agency_id: strawberry.Private[int]
    total: Decimal = strawberry.field(description="Weighted total, 0 to 100.")
    sheets: list[MeritScoreSheet] = strawberry.field(description="Each scorer's scores.")

    @loaded(lambda loaders: loaders.agency, key=lambda total: total.agency_id, description="The bidder.")
    def agency(self, row: AgencyRow) -> Agency | None:
        return Agency.from_row(row)

    @classmethod
    def all_of(cls, criteria: list[dict[str, Any]], rows: list[MeritScoreRow]) -> list[Self]:
        """Totals by the published rule, highest first; scorers numbered in the order of their ids."""
        weights = {item["criterion"]: item["weight"] for item in criteria}
        number = {scorer: n for n, scorer in enumerate(sorted({row.scorer_user_id for row in rows}), 1)}
        by_agency: dict[int, list[MeritScoreRow]] = {}
        for row in rows:
            by_agency.setdefault(row.agency_id, []).append(row)
        totals = [
            cls(
                agency_id=agency,
                total=merit_totals(weights, [row.scores for row in scored]),
                sheets=[
                    MeritScoreSheet(scorer=number[row.scorer_user_id], scores=JSON(row.scores))
                    for row in scored
                ],
            )
            for agency, scored in by_agency.items()
        ]
        return sorted(totals, key=lambda item: -item.total)
