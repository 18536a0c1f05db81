"""Entry (入驻): the application from draft to admission, and the operator's completeness check."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal
from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.domain.agencies import validation
from zhongjie.domain.agencies.lifecycle import EDITABLE_APPLICATION, AgencyActor, require_status
from zhongjie.domain.agencies.permissions import authorise, require_agency_admin
from zhongjie.domain.agencies.qualifications import approve_if_ready, refresh_services
from zhongjie.domain.agencies.records import change, load_agency, record, take
from zhongjie.domain.agencies.vocabulary import AgencyAction, AgencyStatus, ReturnReason, VerificationState
from zhongjie.domain.credit.records import recompute
from zhongjie.models import Agency, AgencyQualification, AgencyService


@dataclass(frozen=True)
class ProfileFields:
    """Editable fields of an agency; None leaves a field as it is."""

    name: str | None = None
    legal_representative: str | None = None
    region_code: str | None = None
    address: str | None = None
    business_phone: str | None = None
    email: str | None = None
    introduction: str | None = None

    def given(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}


KEY_FIELDS = frozenset({"name", "legal_representative", "region_code", "address"})
LIMITS = {"name": 200, "legal_representative": 100, "address": 300, "introduction": 4000}


async def checked_profile(
    session: AsyncSession, profile: ProfileFields, *, complete: bool
) -> dict[str, str | None]:
    """The given fields, validated; with `complete`, every required field must be there."""
    values: dict[str, str | None] = {}
    given = profile.given()
    for name in ("name", "legal_representative", "address", "introduction"):
        if name in given or (complete and name != "introduction"):
            values[name] = validation.text(given.get(name), f"input.{_camel(name)}", LIMITS[name])
    if "region_code" in given or complete:
        values["region_code"] = await validation.region(
            session, (given.get("region_code") or ""), "input.regionCode"
        )
    if "business_phone" in given or complete:
        values["business_phone"] = validation.phone(given.get("business_phone"), "input.businessPhone")
    if "email" in given:
        values["email"] = validation.email(given["email"], "input.email")
    return values


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


async def is_complete_and_verified(session: AsyncSession, agency: Agency) -> bool:
    """Complete: it offers at least one service (a service needing a qualification cannot be offered
    without one, and the profile's required fields are enforced on entry); verified: every
    qualification it holds is."""
    states = set(
        await session.scalars(
            select(AgencyQualification.verification_state).where(AgencyQualification.agency_id == agency.id)
        )
    )
    offers = await session.scalar(
        select(AgencyService.service_item_id).where(AgencyService.agency_id == agency.id)
    )
    return offers is not None and states <= {VerificationState.VERIFIED.value}


async def create_application(
    session: AsyncSession, actor: Principal, credit_code: str, profile: ProfileFields, now: datetime
) -> Agency:
    """A draft application by the agency's administrator; one per unified social credit code."""
    require_agency_admin(actor)
    code = validation.valid_credit_code(credit_code, "input.creditCode")
    values = await checked_profile(session, profile, complete=True)
    if await session.scalar(select(Agency.id).where(Agency.credit_code == code)) is not None:
        raise RuleViolation(
            UserErrorCode.DUPLICATE, "duplicate_credit_code", field="input.creditCode", value=code
        )
    agency = Agency(
        credit_code=code,
        status=AgencyStatus.DRAFT.value,
        organisation_id=actor.organisation_id,
        created_at=now,
        updated_at=now,
        **{**values, "introduction": values.get("introduction") or ""},
    )
    session.add(agency)
    try:
        await session.flush()
    except IntegrityError as error:  # a concurrent application with the same code won the race
        raise RuleViolation(
            UserErrorCode.DUPLICATE, "duplicate_credit_code", field="input.creditCode", value=code
        ) from error
    await record(
        session,
        agency,
        AgencyAction.CREATE,
        actor=actor,
        role=AgencyActor.AGENCY_ADMIN.value,
        now=now,
        before={},
    )
    await recompute(session, code, "agency applied", now)  # records from elsewhere apply at once
    return agency


async def edit_application(
    session: AsyncSession, actor: Principal, agency_id: int, profile: ProfileFields, now: datetime
) -> Agency:
    agency = await load_agency(session, agency_id, field="input.agencyId")
    authorise(actor, agency, AgencyAction.EDIT, AgencyActor.AGENCY_ADMIN)
    require_status(AgencyStatus(agency.status), EDITABLE_APPLICATION)  # key fields: only before admission
    return await apply_edit(session, actor, agency, profile, now)


async def apply_edit(
    session: AsyncSession, actor: Principal, agency: Agency, profile: ProfileFields, now: datetime
) -> Agency:
    """Validate and apply the given fields, recorded as an edit by the agency's administrator."""
    async with change(session, actor, agency, AgencyAction.EDIT, AgencyActor.AGENCY_ADMIN, now):
        values = await checked_profile(session, profile, complete=False)
        if not values:
            raise RuleViolation(UserErrorCode.REQUIRED, "no_changes", field="input")
        for name, value in values.items():
            setattr(agency, name, value if value is not None or name == "email" else "")
    return agency


async def submit_application(
    session: AsyncSession, actor: Principal, agency_id: int, now: datetime
) -> Agency:
    agency = await load_agency(session, agency_id, field="input.agencyId")
    await take(session, actor, agency, AgencyAction.SUBMIT, AgencyActor.AGENCY_ADMIN, now)
    return agency


async def confirm_complete(
    session: AsyncSession, actor: Principal, agency_id: int, comment: str | None, now: datetime
) -> Agency:
    """The operator found the application complete; the sector authorities now verify what the
    e-license registry could not, and the agency is admitted as soon as all is verified."""
    agency = await load_agency(session, agency_id, field="input.agencyId")
    await take(
        session, actor, agency, AgencyAction.CONFIRM_COMPLETE, AgencyActor.OPERATOR, now, comment=comment
    )
    await session.flush()
    await approve_if_ready(session, agency, now)
    await refresh_services(session, agency, now.date())
    return agency


async def return_application(
    session: AsyncSession,
    actor: Principal,
    agency_id: int,
    reasons: list[ReturnReason],
    comment: str | None,
    now: datetime,
) -> Agency:
    """The operator returns a submitted application, with reasons from the fixed list only.

    申请即入: a complete application whose qualifications are all verified cannot be returned,
    and once the operator found an application complete, only a sector authority's rejection
    of a qualification can send it back.
    """
    agency = await load_agency(session, agency_id, field="input.agencyId")
    action, role = AgencyAction.RETURN, AgencyActor.OPERATOR
    authorise(actor, agency, action, role)  # before the checks below tell anything about the application
    status = AgencyStatus(agency.status)
    if status is AgencyStatus.QUALIFICATION_REVIEW or (
        status is AgencyStatus.SUBMITTED and await is_complete_and_verified(session, agency)
    ):
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, "cannot_return_verified", field="input.agencyId")
    if not reasons:
        raise RuleViolation(UserErrorCode.REQUIRED, "reasons_required", field="input.reasons")
    grounds = [reason.value for reason in reasons]
    await take(session, actor, agency, action, role, now, reasons=grounds, comment=comment)
    return agency
