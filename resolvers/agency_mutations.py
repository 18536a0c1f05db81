"""Mutations of agencies: the domain rule in `perform`'s transaction, answered with the agency row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal
from zhongjie.domain.agencies import applications, maintenance, qualifications
from zhongjie.domain.agencies.applications import ProfileFields
from zhongjie.domain.agencies.licenses import HttpVerifier, LicenseVerifier, RegistryVerifier
from zhongjie.domain.agencies.maintenance import PractitionerInput
from zhongjie.domain.agencies.qualifications import QualificationInput
from zhongjie.domain.agencies.vocabulary import RemovalReason, ReturnReason
from zhongjie.models import Agency as AgencyRow
from zhongjie.models import AgencyChangeRequest as ChangeRequestRow
from zhongjie.resolvers.mutations import Outcome, perform


@dataclass(frozen=True)
class ChangeRequested:
    """A change request and its agency as they are after the change."""

    request: ChangeRequestRow
    agency: AgencyRow


def _verifier(info: strawberry.Info) -> LicenseVerifier:
    url = info.context.settings.elicense_url
    return HttpVerifier(url) if url else RegistryVerifier()


async def create_agency_application(
    info: strawberry.Info, credit_code: str, profile: ProfileFields
) -> Outcome[AgencyRow]:
    return await perform(
        info, lambda s, actor, now: applications.create_application(s, actor, credit_code, profile, now)
    )


async def update_agency_application(
    info: strawberry.Info, agency_id: int, profile: ProfileFields
) -> Outcome[AgencyRow]:
    return await perform(
        info, lambda s, actor, now: applications.edit_application(s, actor, agency_id, profile, now)
    )


async def update_agency_profile(
    info: strawberry.Info, agency_id: int, profile: ProfileFields
) -> Outcome[AgencyRow]:
    return await perform(
        info, lambda s, actor, now: maintenance.update_profile(s, actor, agency_id, profile, now)
    )


async def submit_agency_application(info: strawberry.Info, agency_id: int) -> Outcome[AgencyRow]:
    return await perform(
        info, lambda s, actor, now: applications.submit_application(s, actor, agency_id, now)
    )


async def confirm_agency_application_complete(
    info: strawberry.Info, agency_id: int, comment: str | None
) -> Outcome[AgencyRow]:
    return await perform(
        info, lambda s, actor, now: applications.confirm_complete(s, actor, agency_id, comment, now)
    )


async def return_agency_application(
    info: strawberry.Info, agency_id: int, reasons: list[ReturnReason], comment: str | None
) -> Outcome[AgencyRow]:
    return await perform(
        info,
        lambda s, actor, now: applications.return_application(s, actor, agency_id, reasons, comment, now),
    )


async def add_agency_qualification(
    info: strawberry.Info, agency_id: int, data: QualificationInput
) -> Outcome[AgencyRow]:
    verifier = _verifier(info)

    async def work(s: AsyncSession, actor: Principal, now: datetime) -> AgencyRow:
        added = await qualifications.add_qualification(s, actor, agency_id, data, verifier, now)
        return await s.get_one(AgencyRow, added.agency_id)

    return await perform(info, work)


async def remove_agency_qualification(info: strawberry.Info, qualification_id: int) -> Outcome[AgencyRow]:
    return await perform(
        info, lambda s, actor, now: qualifications.remove_qualification(s, actor, qualification_id, now)
    )


async def review_agency_qualification(
    info: strawberry.Info,
    qualification_id: int,
    verified: bool,
    reasons: list[ReturnReason],
    comment: str | None,
) -> Outcome[AgencyRow]:
    return await perform(
        info,
        lambda s, actor, now: qualifications.review_qualification(
            s, actor, qualification_id, verified=verified, reasons=reasons, comment=comment, now=now
        ),
    )


async def extend_agency_qualification(
    info: strawberry.Info, qualification_id: int, valid_until: date, e_license_id: str | None
) -> Outcome[AgencyRow]:
    verifier = _verifier(info)
    return await perform(
        info,
        lambda s, actor, now: qualifications.extend_qualification(
            s, actor, qualification_id, valid_until, e_license_id, verifier, now
        ),
    )


async def offer_agency_service(
    info: strawberry.Info,
    agency_id: int,
    service_item_code: str,
    price_quote: Decimal | None,
    fee_reference: str | None,
) -> Outcome[AgencyRow]:
    return await perform(
        info,
        lambda s, actor, now: maintenance.offer_service(
            s, actor, agency_id, service_item_code, price_quote, fee_reference, now
        ),
    )


async def withdraw_agency_service(
    info: strawberry.Info, agency_id: int, service_item_code: str
) -> Outcome[AgencyRow]:
    return await perform(
        info, lambda s, actor, now: maintenance.withdraw_service(s, actor, agency_id, service_item_code, now)
    )


async def add_agency_practitioner(
    info: strawberry.Info, agency_id: int, data: PractitionerInput
) -> Outcome[AgencyRow]:
    return await perform(
        info, lambda s, actor, now: maintenance.add_practitioner(s, actor, agency_id, data, now)
    )


async def remove_agency_practitioner(info: strawberry.Info, practitioner_id: int) -> Outcome[AgencyRow]:
    return await perform(
        info, lambda s, actor, now: maintenance.remove_practitioner(s, actor, practitioner_id, now)
    )


async def add_agency_branch(
    info: strawberry.Info,
    agency_id: int,
    name: str,
    address: str,
    region_code: str,
    service_region_codes: list[str],
) -> Outcome[AgencyRow]:
    return await perform(
        info,
        lambda s, actor, now: maintenance.add_branch(
            s, actor, agency_id, name, address, region_code, service_region_codes, now
        ),
    )


async def remove_agency_branch(info: strawberry.Info, branch_id: int) -> Outcome[AgencyRow]:
    return await perform(info, lambda s, actor, now: maintenance.remove_branch(s, actor, branch_id, now))


async def set_agency_contact(
    info: strawberry.Info, agency_id: int, user_id: int, authorised: bool
) -> Outcome[AgencyRow]:
    return await perform(
        info,
        lambda s, actor, now: maintenance.set_contact(
            s, actor, agency_id, user_id, authorised=authorised, now=now
        ),
    )


async def remove_agency(
    info: strawberry.Info, agency_id: int, reason: RemovalReason, comment: str | None
) -> Outcome[AgencyRow]:
    return await perform(
        info, lambda s, actor, now: maintenance.remove_agency(s, actor, agency_id, reason, comment, now)
    )


async def request_agency_change(
    info: strawberry.Info, agency_id: int, profile: ProfileFields, reason: str
) -> Outcome[ChangeRequested]:
    async def work(s: AsyncSession, actor: Principal, now: datetime) -> ChangeRequested:
        request = await maintenance.request_change(s, actor, agency_id, profile, reason, now)
        return ChangeRequested(request, await s.get_one(AgencyRow, request.agency_id))

    return await perform(info, work)


async def review_agency_change(
    info: strawberry.Info, request_id: int, approve: bool, reasons: list[ReturnReason], comment: str | None
) -> Outcome[ChangeRequested]:
    async def work(s: AsyncSession, actor: Principal, now: datetime) -> ChangeRequested:
        request = await maintenance.review_change(
            s, actor, request_id, approve=approve, reasons=reasons, comment=comment, now=now
        )
        return ChangeRequested(request, await s.get_one(AgencyRow, request.agency_id))

    return await perform(info, work)
