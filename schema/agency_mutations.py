"""The agency mutations: decode the input, call the resolver, show the agency or the refusal."""

from __future__ import annotations

import strawberry

from zhongjie.base.global_ids import key_of
from zhongjie.domain.agencies.applications import ProfileFields
from zhongjie.resolvers import agency_mutations as agencies
from zhongjie.schema.agency_inputs import (
    AddAgencyBranchInput,
    AddAgencyPractitionerInput,
    AddAgencyQualificationInput,
    AgencyActionInput,
    AgencyChangeRequestPayload,
    AgencyPayload,
    BranchRefInput,
    CreateAgencyApplicationInput,
    ExtendAgencyQualificationInput,
    OfferAgencyServiceInput,
    PractitionerRefInput,
    QualificationRefInput,
    RemoveAgencyInput,
    RequestAgencyChangeInput,
    ReturnAgencyApplicationInput,
    ReviewAgencyChangeInput,
    ReviewAgencyQualificationInput,
    SetAgencyContactInput,
    UpdateAgencyApplicationInput,
    UpdateAgencyProfileInput,
    WithdrawAgencyServiceInput,
)


def _agency_key(global_id: str) -> int:
    return key_of(global_id, "Agency", "input.agencyId")


def _qualification_key(global_id: str) -> int:
    return key_of(global_id, "AgencyQualification", "input.qualificationId")


def _profile_of(data: object) -> ProfileFields:
    """The profile fields an input carries; fields it does not have stay unset."""
    return ProfileFields(**{name: getattr(data, name, None) for name in ProfileFields.__dataclass_fields__})


async def create_agency_application(
    info: strawberry.Info, input: CreateAgencyApplicationInput
) -> AgencyPayload:
    outcome = await agencies.create_agency_application(info, input.credit_code, _profile_of(input))
    return AgencyPayload.of(outcome, info.context.language)


async def update_agency_application(
    info: strawberry.Info, input: UpdateAgencyApplicationInput
) -> AgencyPayload:
    agency_id, profile = _agency_key(input.agency_id), _profile_of(input)
    outcome = await agencies.update_agency_application(info, agency_id, profile)
    return AgencyPayload.of(outcome, info.context.language)


async def update_agency_profile(info: strawberry.Info, input: UpdateAgencyProfileInput) -> AgencyPayload:
    agency_id, profile = _agency_key(input.agency_id), _profile_of(input)
    outcome = await agencies.update_agency_profile(info, agency_id, profile)
    return AgencyPayload.of(outcome, info.context.language)


async def submit_agency_application(info: strawberry.Info, input: AgencyActionInput) -> AgencyPayload:
    outcome = await agencies.submit_agency_application(info, _agency_key(input.agency_id))
    return AgencyPayload.of(outcome, info.context.language)


async def confirm_agency_application_complete(
    info: strawberry.Info, input: AgencyActionInput
) -> AgencyPayload:
    agency_id = _agency_key(input.agency_id)
    outcome = await agencies.confirm_agency_application_complete(info, agency_id, input.comment)
    return AgencyPayload.of(outcome, info.context.language)


async def return_agency_application(
    info: strawberry.Info, input: ReturnAgencyApplicationInput
) -> AgencyPayload:
    agency_id = _agency_key(input.agency_id)
    outcome = await agencies.return_agency_application(info, agency_id, list(input.reasons), input.comment)
    return AgencyPayload.of(outcome, info.context.language)


async def add_agency_qualification(
    info: strawberry.Info, input: AddAgencyQualificationInput
) -> AgencyPayload:
    agency_id = _agency_key(input.agency_id)
    outcome = await agencies.add_agency_qualification(info, agency_id, input.to_domain())
    return AgencyPayload.of(outcome, info.context.language)


async def remove_agency_qualification(info: strawberry.Info, input: QualificationRefInput) -> AgencyPayload:
    outcome = await agencies.remove_agency_qualification(info, _qualification_key(input.qualification_id))
    return AgencyPayload.of(outcome, info.context.language)


async def review_agency_qualification(
    info: strawberry.Info, input: ReviewAgencyQualificationInput
) -> AgencyPayload:
    qualification_id = _qualification_key(input.qualification_id)
    outcome = await agencies.review_agency_qualification(
        info, qualification_id, input.verified, list(input.reasons), input.comment
    )
    return AgencyPayload.of(outcome, info.context.language)


async def extend_agency_qualification(
    info: strawberry.Info, input: ExtendAgencyQualificationInput
) -> AgencyPayload:
    qualification_id = _qualification_key(input.qualification_id)
    outcome = await agencies.extend_agency_qualification(
        info, qualification_id, input.valid_until, input.e_license_id
    )
    return AgencyPayload.of(outcome, info.context.language)


async def offer_agency_service(info: strawberry.Info, input: OfferAgencyServiceInput) -> AgencyPayload:
    outcome = await agencies.offer_agency_service(
        info, _agency_key(input.agency_id), input.service_item_code, input.price_quote, input.fee_reference
    )
    return AgencyPayload.of(outcome, info.context.language)


async def withdraw_agency_service(info: strawberry.Info, input: WithdrawAgencyServiceInput) -> AgencyPayload:
    agency_id = _agency_key(input.agency_id)
    outcome = await agencies.withdraw_agency_service(info, agency_id, input.service_item_code)
    return AgencyPayload.of(outcome, info.context.language)


async def add_agency_practitioner(info: strawberry.Info, input: AddAgencyPractitionerInput) -> AgencyPayload:
    agency_id = _agency_key(input.agency_id)
    outcome = await agencies.add_agency_practitioner(info, agency_id, input.to_domain())
    return AgencyPayload.of(outcome, info.context.language)


async def remove_agency_practitioner(info: strawberry.Info, input: PractitionerRefInput) -> AgencyPayload:
    practitioner_id = key_of(input.practitioner_id, "Practitioner", "input.practitionerId")
    outcome = await agencies.remove_agency_practitioner(info, practitioner_id)
    return AgencyPayload.of(outcome, info.context.language)


async def add_agency_branch(info: strawberry.Info, input: AddAgencyBranchInput) -> AgencyPayload:
    outcome = await agencies.add_agency_branch(
        info,
        _agency_key(input.agency_id),
        input.name,
        input.address,
        input.region_code,
        list(input.service_region_codes),
    )
    return AgencyPayload.of(outcome, info.context.language)


async def remove_agency_branch(info: strawberry.Info, input: BranchRefInput) -> AgencyPayload:
    branch_id = key_of(input.branch_id, "AgencyBranch", "input.branchId")
    outcome = await agencies.remove_agency_branch(info, branch_id)
    return AgencyPayload.of(outcome, info.context.language)


async def set_agency_contact(info: strawberry.Info, input: SetAgencyContactInput) -> AgencyPayload:
    agency_id = _agency_key(input.agency_id)
    user_id = key_of(input.user_id, "User", "input.userId")
    outcome = await agencies.set_agency_contact(info, agency_id, user_id, input.authorised)
    return AgencyPayload.of(outcome, info.context.language)


async def remove_agency(info: strawberry.Info, input: RemoveAgencyInput) -> AgencyPayload:
    agency_id = _agency_key(input.agency_id)
    outcome = await agencies.remove_agency(info, agency_id, input.reason, input.comment)
    return AgencyPayload.of(outcome, info.context.language)


async def request_agency_change(
    info: strawberry.Info, input: RequestAgencyChangeInput
) -> AgencyChangeRequestPayload:
    agency_id, profile = _agency_key(input.agency_id), _profile_of(input)
    outcome = await agencies.request_agency_change(info, agency_id, profile, input.reason)
    return AgencyChangeRequestPayload.of(outcome, info.context.language)


async def review_agency_change(
    info: strawberry.Info, input: ReviewAgencyChangeInput
) -> AgencyChangeRequestPayload:
    request_id = key_of(input.change_request_id, "AgencyChangeRequest", "input.changeRequestId")
    outcome = await agencies.review_agency_change(
        info, request_id, input.approve, list(input.reasons), input.comment
    )
    return AgencyChangeRequestPayload.of(outcome, info.context.language)
