"""Keeping an agency's record: services offered, practitioners, branches, business contacts,
changes of key fields under review (变更), and removal from the market (清退)."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal
from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.domain.agencies import validation
from zhongjie.domain.agencies.applications import KEY_FIELDS, ProfileFields, apply_edit, checked_profile
from zhongjie.domain.agencies.lifecycle import CHANGE_REVIEW, AgencyActor
from zhongjie.domain.agencies.permissions import authorise
from zhongjie.domain.agencies.qualifications import meets_level, refresh_services
from zhongjie.domain.agencies.records import Change, change, load_agency, take
from zhongjie.domain.agencies.vocabulary import (
    AgencyAction,
    ChangeRequestStatus,
    RemovalReason,
    ReturnReason,
    ServiceStatus,
    VerificationState,
)
from zhongjie.domain.values import cents
from zhongjie.models import (
    Agency,
    AgencyBranch,
    AgencyChangeRequest,
    AgencyContact,
    AgencyPractitioner,
    AgencyQualification,
    AgencyService,
    QualificationType,
    ServiceItem,
    ServiceItemQualification,
    User,
    agency_branch_regions,
)

MAX_PRICE = Decimal("999999999999.99")
MAX_SERVICE_REGIONS = 100
ADMIN, OPERATOR = AgencyActor.AGENCY_ADMIN, AgencyActor.OPERATOR


def _edit(
    session: AsyncSession, actor: Principal, agency: Agency, now: datetime
) -> AbstractAsyncContextManager[Change]:
    """The administrator's edit of the agency's record (services, practitioners, branches)."""
    return change(session, actor, agency, AgencyAction.EDIT, ADMIN, now)


async def offer_service(
    session: AsyncSession,
    actor: Principal,
    agency_id: int,
    item_code: str,
    price_quote: Decimal | None,
    fee_reference: str | None,
    now: datetime,
) -> Agency:
    """Offer a catalog item (or update its quote). The item must be on the active list, and the
    agency must hold, in some state of verification, each qualification the item requires."""
    agency = await load_agency(session, agency_id, field="input.agencyId")
    async with _edit(session, actor, agency, now):
        await _offer(session, agency, item_code, price_quote, fee_reference)
    await refresh_services(session, agency, now.date())
    return agency


async def _offer(
    session: AsyncSession,
    agency: Agency,
    item_code: str,
    price_quote: Decimal | None,
    fee_reference: str | None,
) -> None:
    item = await session.scalar(select(ServiceItem).where(ServiceItem.code == item_code.strip().upper()))
    if item is None or not item.active:
        raise RuleViolation(
            UserErrorCode.NOT_ALLOWED,
            "inactive_service_item",
            field="input.serviceItemCode",
            value=item_code[:40],
        )
    if price_quote is not None and not (price_quote.is_finite() and Decimal(0) <= price_quote <= MAX_PRICE):
        raise RuleViolation(
            UserErrorCode.INVALID,
            "out_of_range",
            field="input.priceQuote",
            value=str(price_quote),
            maximum=MAX_PRICE,
        )
    reference = validation.text(fee_reference, "input.feeReference", 500, required=False)
    if price_quote is None and reference is None:
        raise RuleViolation(UserErrorCode.REQUIRED, "required", field="input.priceQuote")
    await _require_qualifications_for(session, agency, item)
    service = await session.get(AgencyService, (agency.id, item.id))
    if service is None:
        service = AgencyService(
            agency_id=agency.id, service_item_id=item.id, status=ServiceStatus.SUSPENDED.value
        )
        session.add(service)
    service.price_quote = cents(price_quote) if price_quote is not None else None
    service.fee_reference = reference
    await session.flush()


async def _require_qualifications_for(session: AsyncSession, agency: Agency, item: ServiceItem) -> None:
    requirements = await session.execute(
        select(ServiceItemQualification, QualificationType.levels)
        .join(QualificationType, QualificationType.code == ServiceItemQualification.qualification_type_code)
        .where(ServiceItemQualification.service_item_id == item.id)
    )
    held = list(
        await session.scalars(
            select(AgencyQualification).where(
                AgencyQualification.agency_id == agency.id,
                AgencyQualification.verification_state.in_(
                    [VerificationState.PENDING.value, VerificationState.VERIFIED.value]
                ),
            )
        )
    )
    for requirement, levels in requirements:
        code, minimum = requirement.qualification_type_code, requirement.min_level
        if not any(q.qualification_type_code == code and meets_level(levels, q.level, minimum) for q in held):
            raise RuleViolation(
                UserErrorCode.NOT_ALLOWED,
                "missing_qualification",
                field="input.serviceItemCode",
                type=code,
                level=minimum or "-",
            )


async def withdraw_service(
    session: AsyncSession, actor: Principal, agency_id: int, item_code: str, now: datetime
) -> Agency:
    agency = await load_agency(session, agency_id, field="input.agencyId")
    async with _edit(session, actor, agency, now):
        item_id = await session.scalar(
            select(ServiceItem.id).where(ServiceItem.code == item_code.strip().upper())
        )
        service = await session.get(AgencyService, (agency.id, item_id)) if item_id else None
        if service is None:
            raise RuleViolation(UserErrorCode.NOT_FOUND, "record_not_found", field="input.serviceItemCode")
        await session.delete(service)
    return agency


@dataclass(frozen=True)
class PractitionerInput:
    name: str
    id_card_number: str
    phone: str | None
    certificate: str | None


async def add_practitioner(
    session: AsyncSession, actor: Principal, agency_id: int, data: PractitionerInput, now: datetime
) -> Agency:
    agency = await load_agency(session, agency_id, field="input.agencyId")
    async with _edit(session, actor, agency, now):
        session.add(
            AgencyPractitioner(
                agency_id=agency.id,
                name=validation.text(data.name, "input.name", 100),
                id_card_number=validation.id_card(data.id_card_number, "input.idCardNumber"),
                phone=validation.phone(data.phone, "input.phone", required=False),
                certificate=validation.text(data.certificate, "input.certificate", 200, required=False),
            )
        )
    return agency


async def remove_practitioner(
    session: AsyncSession, actor: Principal, practitioner_id: int, now: datetime
) -> Agency:
    practitioner = await session.get(AgencyPractitioner, practitioner_id)
    if practitioner is None:
        raise RuleViolation(UserErrorCode.NOT_FOUND, "record_not_found", field="input.practitionerId")
    agency = await load_agency(session, practitioner.agency_id, field="input.agencyId")
    async with _edit(session, actor, agency, now):
        await session.delete(practitioner)
    return agency


async def add_branch(
    session: AsyncSession,
    actor: Principal,
    agency_id: int,
    name: str,
    address: str,
    region_code: str,
    service_region_codes: list[str],
    now: datetime,
) -> Agency:
    """A branch (分支机构) with the regions it serves (从业区域); its own region is always served."""
    agency = await load_agency(session, agency_id, field="input.agencyId")
    async with _edit(session, actor, agency, now):
        branch = AgencyBranch(
            agency_id=agency.id,
            name=validation.text(name, "input.name", 200),
            address=validation.text(address, "input.address", 300),
            region_code=await validation.region(session, region_code, "input.regionCode"),
        )
        session.add(branch)
        await session.flush()
        if len(service_region_codes) > MAX_SERVICE_REGIONS:
            raise RuleViolation(
                UserErrorCode.INVALID,
                "too_many",
                field="input.serviceRegionCodes",
                maximum=MAX_SERVICE_REGIONS,
            )
        regions = {branch.region_code}
        for position, code in enumerate(service_region_codes):
            regions.add(await validation.region(session, code, f"input.serviceRegionCodes.{position}"))
        await session.execute(
            agency_branch_regions.insert(),
            [{"branch_id": branch.id, "region_code": code} for code in sorted(regions)],
        )
    return agency


async def remove_branch(session: AsyncSession, actor: Principal, branch_id: int, now: datetime) -> Agency:
    branch = await session.get(AgencyBranch, branch_id)
    if branch is None:
        raise RuleViolation(UserErrorCode.NOT_FOUND, "record_not_found", field="input.branchId")
    agency = await load_agency(session, branch.agency_id, field="input.agencyId")
    async with _edit(session, actor, agency, now):
        await session.delete(branch)
    return agency


async def set_contact(
    session: AsyncSession, actor: Principal, agency_id: int, user_id: int, *, authorised: bool, now: datetime
) -> Agency:
    """The agency's administrator authorises (or revokes) a colleague as business contact (业务联系人)."""
    agency = await load_agency(session, agency_id, field="input.agencyId")
    action = AgencyAction.AUTHORISE_CONTACT if authorised else AgencyAction.REVOKE_CONTACT
    async with change(session, actor, agency, action, ADMIN, now):
        user = await session.get(User, user_id)
        if user is None or user.organisation_id != agency.organisation_id:
            raise RuleViolation(UserErrorCode.NOT_ALLOWED, "user_not_in_organisation", field="input.userId")
        await session.execute(
            delete(AgencyContact).where(
                AgencyContact.agency_id == agency.id, AgencyContact.user_id == user_id
            )
        )
        if authorised:
            session.add(
                AgencyContact(
                    agency_id=agency.id, user_id=user_id, authorised_by=actor.user_id, authorised_at=now
                )
            )
    return agency


async def update_profile(
    session: AsyncSession, actor: Principal, agency_id: int, profile: ProfileFields, now: datetime
) -> Agency:
    """Direct edits of an admitted agency's non-key fields (phone, e-mail, introduction)."""
    if set(profile.given()) & KEY_FIELDS:
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, "key_fields_need_review", field="input")
    agency = await load_agency(session, agency_id, field="input.agencyId")
    return await apply_edit(session, actor, agency, profile, now)


async def request_change(
    session: AsyncSession,
    actor: Principal,
    agency_id: int,
    profile: ProfileFields,
    reason: str,
    now: datetime,
) -> AgencyChangeRequest:
    """A change of key fields of an admitted agency, applied after the operator's review."""
    agency = await load_agency(session, agency_id, field="input.agencyId")
    async with change(session, actor, agency, AgencyAction.REQUEST_CHANGE, ADMIN, now) as step:
        values = await checked_profile(session, profile, complete=False)
        changes = {
            name: value
            for name, value in values.items()
            if name in KEY_FIELDS and getattr(agency, name) != value
        }
        if not changes or set(values) - KEY_FIELDS:
            raise RuleViolation(UserErrorCode.INVALID, "no_changes", field="input")
        request = AgencyChangeRequest(
            agency_id=agency.id,
            changes=changes,
            reason=validation.text(reason, "input.reason", 1000),
            status=ChangeRequestStatus.PENDING.value,
            requested_by=actor.user_id,
            created_at=now,
        )
        session.add(request)
        await session.flush()
        step.after, step.comment = {**step.before, **changes}, request.reason
    return request


async def review_change(
    session: AsyncSession,
    actor: Principal,
    request_id: int,
    *,
    approve: bool,
    reasons: list[ReturnReason],
    comment: str | None,
    now: datetime,
) -> AgencyChangeRequest:
    request = await session.scalar(
        select(AgencyChangeRequest).where(AgencyChangeRequest.id == request_id).with_for_update()
    )
    if request is None:
        raise RuleViolation(UserErrorCode.NOT_FOUND, "record_not_found", field="input.changeRequestId")
    agency = await load_agency(session, request.agency_id)
    action = AgencyAction.APPROVE_CHANGE if approve else AgencyAction.REJECT_CHANGE
    authorise(actor, agency, action, OPERATOR)
    target = CHANGE_REVIEW.target(ChangeRequestStatus(request.status), action, OPERATOR)
    if not approve and not reasons:
        raise RuleViolation(UserErrorCode.REQUIRED, "reasons_required", field="input.reasons")
    grounds = [reason.value for reason in reasons]
    async with change(session, actor, agency, action, OPERATOR, now, reasons=grounds, comment=comment):
        if approve:
            for name, value in request.changes.items():
                setattr(agency, name, value)
        request.status = target.value
        request.reviewed_by = actor.user_id
        request.review_comment = comment
        request.reviewed_at = now
    return request


async def remove_agency(
    session: AsyncSession,
    actor: Principal,
    agency_id: int,
    reason: RemovalReason,
    comment: str | None,
    now: datetime,
) -> Agency:
    """清退: the agency leaves the market; its services stop."""
    agency = await load_agency(session, agency_id, field="input.agencyId")
    await take(
        session, actor, agency, AgencyAction.REMOVE, OPERATOR, now, reasons=[reason.value], comment=comment
    )
    await session.flush()
    await refresh_services(session, agency, now.date())
    return agency
