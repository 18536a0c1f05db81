"""Qualification certificates: recording, verification (e-license or authority), extension, expiry,
and what they allow: a service is active only while its required qualifications are verified and valid."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal
from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.domain.agencies import validation
from zhongjie.domain.agencies.licenses import LicenseVerifier
from zhongjie.domain.agencies.lifecycle import QUALIFICATION_CHECK, AgencyActor
from zhongjie.domain.agencies.permissions import authorise
from zhongjie.domain.agencies.records import change, load_agency, take
from zhongjie.domain.agencies.vocabulary import (
    AgencyAction,
    AgencyStatus,
    ReturnReason,
    ServiceStatus,
    VerificationState,
)
from zhongjie.models import (
    Agency,
    AgencyQualification,
    AgencyService,
    QualificationType,
    ServiceItemQualification,
)

ADMIN, AUTHORITY, SYSTEM = AgencyActor.AGENCY_ADMIN, AgencyActor.AUTHORITY, AgencyActor.SYSTEM


@dataclass(frozen=True)
class QualificationInput:
    type_code: str
    level: str | None
    certificate_number: str
    issuer: str
    valid_from: date
    valid_until: date
    e_license_id: str | None


def meets_level(levels: list[str], held: str | None, required: str | None) -> bool:
    """Levels are listed highest first; no required level, or an unlevelled type, is met by any."""
    if required is None or not levels:
        return True
    return held in levels and levels.index(held) <= levels.index(required)


async def add_qualification(
    session: AsyncSession,
    actor: Principal,
    agency_id: int,
    data: QualificationInput,
    verifier: LicenseVerifier,
    now: datetime,
) -> AgencyQualification:
    agency = await load_agency(session, agency_id)
    async with change(session, actor, agency, AgencyAction.EDIT, ADMIN, now):
        qualification = await _added(session, agency, data)
        await _verify_by_license(session, agency, qualification, verifier, now)
    await refresh_services(session, agency, now.date())
    return qualification


async def _added(session: AsyncSession, agency: Agency, data: QualificationInput) -> AgencyQualification:
    """A new certificate of the agency, pending until the e-license or the authority verifies it."""
    await validation.qualification_type(session, data.type_code, data.level, "input.qualificationTypeCode")
    validation.validity(data.valid_from, data.valid_until, "input.validUntil")
    number = validation.text(data.certificate_number, "input.certificateNumber", 64)
    duplicate = await session.scalar(
        select(AgencyQualification.id).where(
            AgencyQualification.qualification_type_code == data.type_code,
            AgencyQualification.certificate_number == number,
        )
    )
    if duplicate is not None:
        raise RuleViolation(
            UserErrorCode.DUPLICATE, "duplicate_entry", field="input.certificateNumber", value=number
        )
    qualification = AgencyQualification(
        agency_id=agency.id,
        qualification_type_code=data.type_code,
        level=data.level,
        certificate_number=number,
        issuer=validation.text(data.issuer, "input.issuer", 200),
        valid_from=data.valid_from,
        valid_until=data.valid_until,
        e_license_id=validation.text(data.e_license_id, "input.eLicenseId", 64, required=False),
        verification_state=VerificationState.PENDING.value,
    )
    session.add(qualification)
    await session.flush()
    return qualification


async def _verify_by_license(
    session: AsyncSession,
    agency: Agency,
    qualification: AgencyQualification,
    verifier: LicenseVerifier,
    now: datetime,
) -> None:
    check = await verifier.check(session, agency.credit_code, qualification)
    qualification.verification_method = check.method
    qualification.verification_note = check.note
    if check.verified and qualification.valid_until >= now.date():
        qualification.verification_state = QUALIFICATION_CHECK.target(
            VerificationState(qualification.verification_state), AgencyAction.VERIFY_QUALIFICATION, SYSTEM
        ).value
        qualification.verified_at = now


async def _load_qualification(
    session: AsyncSession, qualification_id: int
) -> tuple[AgencyQualification, Agency]:
    qualification = await session.scalar(
        select(AgencyQualification).where(AgencyQualification.id == qualification_id).with_for_update()
    )
    if qualification is None:
        raise RuleViolation(UserErrorCode.NOT_FOUND, "record_not_found", field="input.qualificationId")
    return qualification, await load_agency(session, qualification.agency_id)


async def remove_qualification(
    session: AsyncSession, actor: Principal, qualification_id: int, now: datetime
) -> Agency:
    qualification, agency = await _load_qualification(session, qualification_id)
    async with change(session, actor, agency, AgencyAction.EDIT, ADMIN, now):
        await session.delete(qualification)
        await session.flush()
    await refresh_services(session, agency, now.date())
    return agency


async def review_qualification(
    session: AsyncSession,
    actor: Principal,
    qualification_id: int,
    *,
    verified: bool,
    reasons: list[ReturnReason],
    comment: str | None,
    now: datetime,
) -> Agency:
    """The sector authority's verdict (联合审查). A rejection during entry returns the application."""
    qualification, agency = await _load_qualification(session, qualification_id)
    sector = await session.scalar(
        select(QualificationType.sector).where(
            QualificationType.code == qualification.qualification_type_code
        )
    )
    action = AgencyAction.VERIFY_QUALIFICATION if verified else AgencyAction.REJECT_QUALIFICATION
    area = sector or ""
    authorise(actor, agency, action, AUTHORITY, sector=area)
    state = VerificationState(qualification.verification_state)
    target = QUALIFICATION_CHECK.target(state, action, AUTHORITY)
    if not verified and not reasons:
        raise RuleViolation(UserErrorCode.REQUIRED, "reasons_required", field="input.reasons")
    grounds = [reason.value for reason in reasons]
    async with change(
        session, actor, agency, action, AUTHORITY, now, sector=area, reasons=grounds, comment=comment
    ):
        qualification.verification_state = target.value
        qualification.verified_at = now
        qualification.verification_method = f"authority review by user {actor.user_id}"
        qualification.verification_note = comment
    if not verified and AgencyStatus(agency.status) is AgencyStatus.QUALIFICATION_REVIEW:
        return_ = AgencyAction.RETURN
        await take(
            session, actor, agency, return_, AUTHORITY, now, sector=area, reasons=grounds, comment=comment
        )
    await session.flush()
    await approve_if_ready(session, agency, now)
    await refresh_services(session, agency, now.date())
    return agency


async def extend_qualification(
    session: AsyncSession,
    actor: Principal,
    qualification_id: int,
    valid_until: date,
    e_license_id: str | None,
    verifier: LicenseVerifier,
    now: datetime,
) -> Agency:
    """Validity extension (延期): the new validity is verified again before it counts."""
    qualification, agency = await _load_qualification(session, qualification_id)
    action = AgencyAction.EXTEND_QUALIFICATION
    async with change(session, actor, agency, action, ADMIN, now):
        validation.validity(qualification.valid_from, valid_until, "input.validUntil")
        qualification.valid_until = valid_until
        if e_license_id:
            qualification.e_license_id = validation.text(e_license_id, "input.eLicenseId", 64)
        state = VerificationState(qualification.verification_state)
        qualification.verification_state = QUALIFICATION_CHECK.target(state, action, ADMIN).value
        qualification.verified_at = None
        await _verify_by_license(session, agency, qualification, verifier, now)
    await refresh_services(session, agency, now.date())
    return agency


async def approve_if_ready(session: AsyncSession, agency: Agency, now: datetime) -> None:
    """申请即入: in qualification review with every certificate it holds verified, the agency is admitted."""
    if AgencyStatus(agency.status) is not AgencyStatus.QUALIFICATION_REVIEW:
        return
    states = set(
        await session.scalars(
            select(AgencyQualification.verification_state).where(AgencyQualification.agency_id == agency.id)
        )
    )
    if states <= {VerificationState.VERIFIED.value}:  # no certificate at all is fine for items needing none
        async with change(session, None, agency, AgencyAction.APPROVE, SYSTEM, now):
            agency.approved_at = now
        await session.flush()


async def refresh_services(session: AsyncSession, agency: Agency, today: date) -> None:
    """Each offered service is active only if the agency is admitted and holds every required
    qualification verified, unexpired and at the required level."""
    offered = list(await session.scalars(select(AgencyService).where(AgencyService.agency_id == agency.id)))
    if not offered:
        return
    held = list(
        await session.scalars(
            select(AgencyQualification).where(
                AgencyQualification.agency_id == agency.id,
                AgencyQualification.verification_state == VerificationState.VERIFIED.value,
                AgencyQualification.valid_until >= today,
            )
        )
    )
    requirements = await session.execute(
        select(ServiceItemQualification, QualificationType.levels)
        .join(QualificationType, QualificationType.code == ServiceItemQualification.qualification_type_code)
        .where(ServiceItemQualification.service_item_id.in_([service.service_item_id for service in offered]))
    )
    needs: dict[int, list[tuple[str, str | None, list[str]]]] = {}
    for requirement, levels in requirements:
        needs.setdefault(requirement.service_item_id, []).append(
            (requirement.qualification_type_code, requirement.min_level, levels)
        )
    admitted = AgencyStatus(agency.status) is AgencyStatus.ACTIVE
    for service in offered:
        satisfied = all(
            any(q.qualification_type_code == code and meets_level(levels, q.level, minimum) for q in held)
            for code, minimum, levels in needs.get(service.service_item_id, [])
        )
        service.status = (ServiceStatus.ACTIVE if admitted and satisfied else ServiceStatus.SUSPENDED).value


async def expire_qualifications(session: AsyncSession, now: datetime) -> int:
    """The timed job: certificates past their validity expire and suspend the services needing them."""
    today, action = now.date(), AgencyAction.EXPIRE_QUALIFICATION
    expired = list(
        await session.scalars(
            select(AgencyQualification)
            .where(
                AgencyQualification.valid_until < today,
                AgencyQualification.verification_state.in_(sorted(QUALIFICATION_CHECK.states(action))),
            )
            .with_for_update(skip_locked=True)
        )
    )
    for agency_id in sorted({qualification.agency_id for qualification in expired}):
        agency = await load_agency(session, agency_id)
        async with change(session, None, agency, action, SYSTEM, now):
            for qualification in (q for q in expired if q.agency_id == agency_id):
                state = VerificationState(qualification.verification_state)
                qualification.verification_state = QUALIFICATION_CHECK.target(state, action, SYSTEM).value
        await refresh_services(session, agency, today)
    return len(expired)
