"""Mutation resolvers of agencies: decode the input, run the domain rule, shape the payload."""

from __future__ import annotations

from typing import Any

import strawberry

from zhongjie.base.global_ids import key_of
from zhongjie.domain.agencies import applications, maintenance, qualifications
from zhongjie.domain.agencies.applications import ProfileFields
from zhongjie.domain.agencies.licenses import HttpVerifier, LicenseVerifier, RegistryVerifier
from zhongjie.domain.agencies.maintenance import PractitionerInput
from zhongjie.domain.agencies.qualifications import QualificationInput
from zhongjie.models import Agency as AgencyRow
from zhongjie.resolvers.mutations import perform_legacy as perform
from zhongjie.schema import agency_inputs as inputs
from zhongjie.schema.agencies import Agency, AgencyChangeRequest, AgencyRef
from zhongjie.schema.agency_inputs import AgencyChangeRequestPayload, AgencyPayload


def _verifier(info: strawberry.Info) -> LicenseVerifier:
    url = info.context.settings.elicense_url
    return HttpVerifier(url) if url else RegistryVerifier()


def _agency_id(global_id: str) -> int:
    return key_of(global_id, "Agency", "input.agencyId")


async def _agency_payload(info: strawberry.Info, work: Any) -> AgencyPayload:
    row, errors = await perform(info, work)
    return AgencyPayload(agency=Agency.from_row(row) if isinstance(row, AgencyRow) else None, errors=errors)


async def _agency_of_row(session: Any, row: Any) -> AgencyRow:
    return await session.get(AgencyRow, row.agency_id)


def _profile_of(data: object) -> ProfileFields:
    """The profile fields an input carries; fields it does not have stay unset."""
    return ProfileFields(**{name: getattr(data, name, None) for name in ProfileFields.__dataclass_fields__})


async def create_agency_application(
    info: strawberry.Info, input: inputs.CreateAgencyApplicationInput
) -> AgencyPayload:
    profile = _profile_of(input)
    return await _agency_payload(
        info, lambda s, actor, now: applications.create_application(s, actor, input.credit_code, profile, now)
    )


async def update_agency_application(
    info: strawberry.Info, input: inputs.UpdateAgencyApplicationInput
) -> AgencyPayload:
    agency_id, profile = _agency_id(input.agency_id), _profile_of(input)
    return await _agency_payload(
        info, lambda s, actor, now: applications.edit_application(s, actor, agency_id, profile, now)
    )


async def update_agency_profile(
    info: strawberry.Info, input: inputs.UpdateAgencyProfileInput
) -> AgencyPayload:
    agency_id, profile = _agency_id(input.agency_id), _profile_of(input)
    return await _agency_payload(
        info, lambda s, actor, now: maintenance.update_profile(s, actor, agency_id, profile, now)
    )


async def submit_agency_application(info: strawberry.Info, input: inputs.AgencyActionInput) -> AgencyPayload:
    agency_id = _agency_id(input.agency_id)
    return await _agency_payload(
        info, lambda s, actor, now: applications.submit_application(s, actor, agency_id, now)
    )


async def confirm_agency_application_complete(
    info: strawberry.Info, input: inputs.AgencyActionInput
) -> AgencyPayload:
    agency_id = _agency_id(input.agency_id)
    return await _agency_payload(
        info, lambda s, actor, now: applications.confirm_complete(s, actor, agency_id, input.comment, now)
    )


async def return_agency_application(
    info: strawberry.Info, input: inputs.ReturnAgencyApplicationInput
) -> AgencyPayload:
    agency_id = _agency_id(input.agency_id)
    return await _agency_payload(
        info,
        lambda s, actor, now: applications.return_application(
            s, actor, agency_id, list(input.reasons), input.comment, now
        ),
    )


async def add_agency_qualification(
    info: strawberry.Info, input: inputs.AddAgencyQualificationInput
) -> AgencyPayload:
    agency_id = _agency_id(input.agency_id)
    data = QualificationInput(
        type_code=input.qualification_type_code.strip().upper(),
        level=input.level,
        certificate_number=input.certificate_number,
        issuer=input.issuer,
        valid_from=input.valid_from,
        valid_until=input.valid_until,
        e_license_id=input.e_license_id,
    )
    verifier = _verifier(info)

    async def work(s: Any, actor: Any, now: Any) -> AgencyRow:
        added = await qualifications.add_qualification(s, actor, agency_id, data, verifier, now)
        return await _agency_of_row(s, added)

    return await _agency_payload(info, work)


def _qualification_id(global_id: str) -> int:
    return key_of(global_id, "AgencyQualification", "input.qualificationId")


async def remove_agency_qualification(
    info: strawberry.Info, input: inputs.QualificationRefInput
) -> AgencyPayload:
    qualification_id = _qualification_id(input.qualification_id)
    return await _agency_payload(
        info, lambda s, actor, now: qualifications.remove_qualification(s, actor, qualification_id, now)
    )


async def review_agency_qualification(
    info: strawberry.Info, input: inputs.ReviewAgencyQualificationInput
) -> AgencyPayload:
    qualification_id = _qualification_id(input.qualification_id)
    return await _agency_payload(
        info,
        lambda s, actor, now: qualifications.review_qualification(
            s,
            actor,
            qualification_id,
            verified=input.verified,
            reasons=list(input.reasons),
            comment=input.comment,
            now=now,
        ),
    )


async def extend_agency_qualification(
    info: strawberry.Info, input: inputs.ExtendAgencyQualificationInput
) -> AgencyPayload:
    qualification_id = _qualification_id(input.qualification_id)
    verifier = _verifier(info)
    return await _agency_payload(
        info,
        lambda s, actor, now: qualifications.extend_qualification(
            s, actor, qualification_id, input.valid_until, input.e_license_id, verifier, now
        ),
    )


async def offer_agency_service(info: strawberry.Info, input: inputs.OfferAgencyServiceInput) -> AgencyPayload:
    agency_id = _agency_id(input.agency_id)
    return await _agency_payload(
        info,
        lambda s, actor, now: maintenance.offer_service(
            s, actor, agency_id, input.service_item_code, input.price_quote, input.fee_reference, now
        ),
    )


async def withdraw_agency_service(
    info: strawberry.Info, input: inputs.WithdrawAgencyServiceInput
) -> AgencyPayload:
    agency_id = _agency_id(input.agency_id)
    return await _agency_payload(
        info,
        lambda s, actor, now: maintenance.withdraw_service(s, actor, agency_id, input.service_item_code, now),
    )


async def add_agency_practitioner(
    info: strawberry.Info, input: inputs.AddAgencyPractitionerInput
) -> AgencyPayload:
    agency_id = _agency_id(input.agency_id)
    data = PractitionerInput(input.name, input.id_card_number, input.phone, input.certificate)
    return await _agency_payload(
        info, lambda s, actor, now: maintenance.add_practitioner(s, actor, agency_id, data, now)
    )


async def remove_agency_practitioner(
    info: strawberry.Info, input: inputs.PractitionerRefInput
) -> AgencyPayload:
    practitioner_id = key_of(input.practitioner_id, "Practitioner", "input.practitionerId")
    return await _agency_payload(
        info, lambda s, actor, now: maintenance.remove_practitioner(s, actor, practitioner_id, now)
    )


async def add_agency_branch(info: strawberry.Info, input: inputs.AddAgencyBranchInput) -> AgencyPayload:
    agency_id = _agency_id(input.agency_id)
    return await _agency_payload(
        info,
        lambda s, actor, now: maintenance.add_branch(
            s,
            actor,
            agency_id,
            input.name,
            input.address,
            input.region_code,
            list(input.service_region_codes),
            now,
        ),
    )


async def remove_agency_branch(info: strawberry.Info, input: inputs.BranchRefInput) -> AgencyPayload:
    branch_id = key_of(input.branch_id, "AgencyBranch", "input.branchId")
    return await _agency_payload(
        info, lambda s, actor, now: maintenance.remove_branch(s, actor, branch_id, now)
    )


async def set_agency_contact(info: strawberry.Info, input: inputs.SetAgencyContactInput) -> AgencyPayload:
    agency_id = _agency_id(input.agency_id)
    user_id = key_of(input.user_id, "User", "input.userId")
    return await _agency_payload(
        info,
        lambda s, actor, now: maintenance.set_contact(
            s, actor, agency_id, user_id, authorised=input.authorised, now=now
        ),
    )


async def remove_agency(info: strawberry.Info, input: inputs.RemoveAgencyInput) -> AgencyPayload:
    agency_id = _agency_id(input.agency_id)
    return await _agency_payload(
        info,
        lambda s, actor, now: maintenance.remove_agency(
            s, actor, agency_id, input.reason, input.comment, now
        ),
    )


async def _change_payload(info: strawberry.Info, work: Any) -> AgencyChangeRequestPayload:
    async def with_organisation(s: Any, actor: Any, now: Any) -> tuple[Any, AgencyRef]:
        request = await work(s, actor, now)
        return request, AgencyRef.of(await s.get(AgencyRow, request.agency_id))

    result, errors = await perform(info, with_organisation)
    change = AgencyChangeRequest.from_row(*result) if result else None
    return AgencyChangeRequestPayload(change_request=change, errors=errors)


async def request_agency_change(
    info: strawberry.Info, input: inputs.RequestAgencyChangeInput
) -> AgencyChangeRequestPayload:
    agency_id = _agency_id(input.agency_id)
    profile = _profile_of(input)
    return await _change_payload(
        info,
        lambda s, actor, now: maintenance.request_change(s, actor, agency_id, profile, input.reason, now),
    )


async def review_agency_change(
    info: strawberry.Info, input: inputs.ReviewAgencyChangeInput
) -> AgencyChangeRequestPayload:
    request_id = key_of(input.change_request_id, "AgencyChangeRequest", "input.changeRequestId")
    return await _change_payload(
        info,
        lambda s, actor, now: maintenance.review_change(
            s,
            actor,
            request_id,
            approve=input.approve,
            reasons=list(input.reasons),
            comment=input.comment,
            now=now,
        ),
    )
