"""Inputs and payloads of the agency mutations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Self

import strawberry

from zhongjie.domain.agencies.access import AgencyRef
from zhongjie.domain.agencies.maintenance import PractitionerInput
from zhongjie.domain.agencies.qualifications import QualificationInput
from zhongjie.models import Agency as AgencyRow
from zhongjie.resolvers.agency_mutations import ChangeRequested
from zhongjie.resolvers.mutations import Outcome
from zhongjie.schema.agencies import Agency, AgencyChangeRequest, RemovalReasonEnum, ReturnReasonEnum
from zhongjie.schema.errors import UserError, user_errors

ERRORS = "Refused parts of the input; empty on success."


@strawberry.type(description="Result of an agency mutation: the agency as it is now, or why nothing changed.")
class AgencyPayload:
    agency: Agency | None = strawberry.field(description="The agency after the change; null when refused.")
    errors: list[UserError] = strawberry.field(description=ERRORS)

    @classmethod
    def of(cls, outcome: Outcome[AgencyRow], language: str) -> Self:
        row = outcome.value
        return cls(
            agency=Agency.from_row(row) if row is not None else None,
            errors=user_errors(outcome.refusal, language),
        )


@strawberry.type(description="Result of a change-request mutation.")
class AgencyChangeRequestPayload:
    change_request: AgencyChangeRequest | None = strawberry.field(
        description="The change request; null when refused."
    )
    errors: list[UserError] = strawberry.field(description=ERRORS)

    @classmethod
    def of(cls, outcome: Outcome[ChangeRequested], language: str) -> Self:
        change = outcome.value
        shown = None
        if change is not None:
            shown = AgencyChangeRequest.from_row(change.request, AgencyRef.of(change.agency))
        return cls(change_request=shown, errors=user_errors(outcome.refusal, language))


@strawberry.input(description="Apply for entry (入驻申请): creates a draft for the caller's organisation.")
class CreateAgencyApplicationInput:
    credit_code: str = strawberry.field(
        description="Unified social credit code (统一社会信用代码), 18 characters."
    )
    name: str = strawberry.field(description="Name (机构名称).")
    legal_representative: str = strawberry.field(description="Legal representative (法定代表人).")
    region_code: str = strawberry.field(description="Registered region (注册地区划代码).")
    address: str = strawberry.field(description="Address (地址).")
    business_phone: str = strawberry.field(description="Business phone (业务电话).")
    email: str | None = strawberry.field(default=None, description="Business e-mail.")
    introduction: str | None = strawberry.field(default=None, description="Introduction (机构简介).")


@strawberry.input(description="Edit a draft or returned application; omitted fields stay.")
class UpdateAgencyApplicationInput:
    agency_id: strawberry.ID = strawberry.field(description="The agency.")
    name: str | None = strawberry.field(default=None, description="Name.")
    legal_representative: str | None = strawberry.field(default=None, description="Legal representative.")
    region_code: str | None = strawberry.field(default=None, description="Registered region.")
    address: str | None = strawberry.field(default=None, description="Address.")
    business_phone: str | None = strawberry.field(default=None, description="Business phone.")
    email: str | None = strawberry.field(default=None, description="Business e-mail.")
    introduction: str | None = strawberry.field(default=None, description="Introduction.")


@strawberry.input(description="Edit an admitted agency's non-key fields directly.")
class UpdateAgencyProfileInput:
    agency_id: strawberry.ID = strawberry.field(description="The agency.")
    business_phone: str | None = strawberry.field(default=None, description="Business phone.")
    email: str | None = strawberry.field(default=None, description="Business e-mail.")
    introduction: str | None = strawberry.field(default=None, description="Introduction.")


@strawberry.input(description="An action on one agency.")
class AgencyActionInput:
    agency_id: strawberry.ID = strawberry.field(description="The agency.")
    comment: str | None = strawberry.field(default=None, description="Internal comment (staff only).")


@strawberry.input(description="Return a submitted application (退回) with reasons from the fixed list.")
class ReturnAgencyApplicationInput:
    agency_id: strawberry.ID = strawberry.field(description="The agency.")
    reasons: list[ReturnReasonEnum] = strawberry.field(description="At least one reason.")
    comment: str | None = strawberry.field(default=None, description="Internal comment (staff only).")


@strawberry.input(
    description="Record a qualification certificate; it is checked against the e-license registry."
)
class AddAgencyQualificationInput:
    agency_id: strawberry.ID = strawberry.field(description="The agency.")
    qualification_type_code: str = strawberry.field(description="Qualification type code, e.g. SURVEYING.")
    level: str | None = strawberry.field(default=None, description="Level, for levelled types.")
    certificate_number: str = strawberry.field(description="Certificate number.")
    issuer: str = strawberry.field(description="Issuing authority.")
    valid_from: date = strawberry.field(description="Valid from.")
    valid_until: date = strawberry.field(description="Valid until.")
    e_license_id: str | None = strawberry.field(
        default=None, description="E-license id, for automatic checking."
    )

    def to_domain(self) -> QualificationInput:
        return QualificationInput(
            type_code=self.qualification_type_code.strip().upper(),
            level=self.level,
            certificate_number=self.certificate_number,
            issuer=self.issuer,
            valid_from=self.valid_from,
            valid_until=self.valid_until,
            e_license_id=self.e_license_id,
        )


@strawberry.input(description="One qualification certificate.")
class QualificationRefInput:
    qualification_id: strawberry.ID = strawberry.field(description="The certificate.")


@strawberry.input(description="A sector authority's verdict on a certificate (联合审查).")
class ReviewAgencyQualificationInput:
    qualification_id: strawberry.ID = strawberry.field(description="The certificate.")
    verified: bool = strawberry.field(description="True: verified; false: rejected.")
    reasons: list[ReturnReasonEnum] = strawberry.field(
        default_factory=list, description="Reasons, required for a rejection."
    )
    comment: str | None = strawberry.field(default=None, description="Internal comment (staff only).")


@strawberry.input(description="Extend a certificate's validity (延期); it is verified again.")
class ExtendAgencyQualificationInput:
    qualification_id: strawberry.ID = strawberry.field(description="The certificate.")
    valid_until: date = strawberry.field(description="New end of validity.")
    e_license_id: str | None = strawberry.field(default=None, description="New e-license id, if it changed.")


@strawberry.input(description="Offer a catalog item, or update its quote.")
class OfferAgencyServiceInput:
    agency_id: strawberry.ID = strawberry.field(description="The agency.")
    service_item_code: str = strawberry.field(description="Catalog item code.")
    price_quote: Decimal | None = strawberry.field(default=None, description="Price quote in CNY.")
    fee_reference: str | None = strawberry.field(
        default=None, description="Fee reference, when no fixed quote."
    )


@strawberry.input(description="Stop offering a catalog item.")
class WithdrawAgencyServiceInput:
    agency_id: strawberry.ID = strawberry.field(description="The agency.")
    service_item_code: str = strawberry.field(description="Catalog item code.")


@strawberry.input(description="Register a practitioner (从业人员).")
class AddAgencyPractitionerInput:
    agency_id: strawberry.ID = strawberry.field(description="The agency.")
    name: str = strawberry.field(description="Name.")
    id_card_number: str = strawberry.field(description="Resident ID-card number (18 characters).")
    phone: str | None = strawberry.field(default=None, description="Personal phone.")
    certificate: str | None = strawberry.field(default=None, description="Professional certificate.")

    def to_domain(self) -> PractitionerInput:
        return PractitionerInput(self.name, self.id_card_number, self.phone, self.certificate)


@strawberry.input(description="One practitioner.")
class PractitionerRefInput:
    practitioner_id: strawberry.ID = strawberry.field(description="The practitioner.")


@strawberry.input(description="Register a branch (分支机构) and the regions it serves.")
class AddAgencyBranchInput:
    agency_id: strawberry.ID = strawberry.field(description="The agency.")
    name: str = strawberry.field(description="Branch name.")
    address: str = strawberry.field(description="Address.")
    region_code: str = strawberry.field(description="Where the branch is.")
    service_region_codes: list[str] = strawberry.field(default_factory=list, description="Regions it serves.")


@strawberry.input(description="One branch.")
class BranchRefInput:
    branch_id: strawberry.ID = strawberry.field(description="The branch.")


@strawberry.input(description="Authorise or revoke a colleague as business contact (业务联系人授权).")
class SetAgencyContactInput:
    agency_id: strawberry.ID = strawberry.field(description="The agency.")
    user_id: strawberry.ID = strawberry.field(
        description="The colleague (a `User` of the same organisation)."
    )
    authorised: bool = strawberry.field(description="True to authorise, false to revoke.")


@strawberry.input(description="Request a change of key fields (变更申请) of an admitted agency.")
class RequestAgencyChangeInput:
    agency_id: strawberry.ID = strawberry.field(description="The agency.")
    name: str | None = strawberry.field(default=None, description="New name.")
    legal_representative: str | None = strawberry.field(default=None, description="New legal representative.")
    region_code: str | None = strawberry.field(default=None, description="New registered region.")
    address: str | None = strawberry.field(default=None, description="New address.")
    reason: str = strawberry.field(description="Why (变更理由).")


@strawberry.input(description="The operator's decision on a change request.")
class ReviewAgencyChangeInput:
    change_request_id: strawberry.ID = strawberry.field(description="The change request.")
    approve: bool = strawberry.field(description="True applies the change.")
    reasons: list[ReturnReasonEnum] = strawberry.field(
        default_factory=list, description="Reasons, required for a refusal."
    )
    comment: str | None = strawberry.field(default=None, description="Internal comment (staff only).")


@strawberry.input(description="Remove an agency from the market (清退).")
class RemoveAgencyInput:
    agency_id: strawberry.ID = strawberry.field(description="The agency.")
    reason: RemovalReasonEnum = strawberry.field(description="Ground for removal.")
    comment: str | None = strawberry.field(default=None, description="Internal comment (staff only).")
