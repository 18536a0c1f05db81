"""Contracts (合同) from shipped templates, signed by both sides, and the service clock (服务时限) they start.

The owner prepares the contract from the template of the item's service type at an agreed price; each side
signs the document hash it reviewed, so a signature binds exactly one text. The clock runs from the second
signature to acceptance, in working days (holidays excluded), plus extensions the owner consented to.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal
from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.domain import calendar_store
from zhongjie.domain.agencies import validation
from zhongjie.domain.awards.awards import Awarded, load_awarded
from zhongjie.domain.awards.letters import canonical
from zhongjie.domain.awards.lifecycle import EXTENSION, ExtensionAction, side_to_act
from zhongjie.domain.awards.vocabulary import ExtensionStatus
from zhongjie.domain.calendar import CalendarStatus, china_calendar
from zhongjie.domain.projects.events import ProjectEvent, record_project_event
from zhongjie.domain.projects.lifecycle import IN_PERFORMANCE, PROJECT_LIFECYCLE, Actor
from zhongjie.domain.projects.transitions import transition
from zhongjie.domain.projects.vocabulary import ProjectAction, ProjectStatus
from zhongjie.domain.values import checked_price, local_day
from zhongjie.models import Organisation, Project, ProjectAward, ServiceExtension, ServiceItem

TEMPLATES = Path(__file__).resolve().parents[2] / "data" / "contract_templates.json"
MAX_EXTENSION_DAYS = 60
SIGNABLE = PROJECT_LIFECYCLE.states(ProjectAction.SIGN_CONTRACT)  # a contract is prepared and signed here


@cache
def templates() -> dict[str, Any]:
    shipped: dict[str, Any] = json.loads(TEMPLATES.read_text(encoding="utf-8"))  # data/, a JSON object
    return shipped


def contract_document(
    project: Project, item: ServiceItem, owner: Organisation, awarded: Awarded, price: Decimal
) -> dict[str, Any]:
    """The filled template: parties, key terms and the clauses of the item's service type."""
    shipped = templates()
    template = shipped["types"][item.service_type]
    values = {
        "projectTitle": project.title,
        "projectCode": project.code,
        "serviceItemName": item.name,
        "serviceItemCode": item.code,
        "scope": project.scope,
        "price": f"{price:.2f}",
        "timeLimitDays": project.time_limit_days,
        "ownerName": owner.name or owner.code,
        "agencyName": awarded.agency.name,
        "agencyCreditCode": awarded.agency.credit_code,
    }
    return {
        "template": {"code": template["code"], "name": template["name"], "version": shipped["version"]},
        "title": f"{item.name}中介服务合同",
        "parties": {side: text.format(**values) for side, text in shipped["parties"].items()},
        "keyTerms": {
            "projectCode": project.code,
            "price": f"{price:.2f}",
            "timeLimitDays": project.time_limit_days,
            "ownerCode": owner.code,
            "agencyCreditCode": awarded.agency.credit_code,
        },
        "clauses": [clause.format(**values) for clause in [*shipped["common"], *template["clauses"]]],
    }


async def prepare(
    session: AsyncSession, principal: Principal, project_id: int, price: Decimal, now: datetime
) -> Project:
    """The owner drafts the contract from the template; any earlier draft and its signatures are replaced."""
    awarded = await load_awarded(session, principal, project_id)
    project, award = awarded.project, awarded.award
    if Actor.OWNER not in awarded.actors(principal):
        raise RuleViolation(UserErrorCode.FORBIDDEN, "project_forbidden", field="input.projectId")
    if ProjectStatus(project.status) not in SIGNABLE:
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, "contract_not_preparable", field="input.projectId")
    item = await session.get(ServiceItem, project.service_item_id)
    owner = await session.get(Organisation, project.owner_organisation_id)
    assert item is not None and owner is not None  # foreign keys
    document = contract_document(
        project, item, owner, awarded, checked_price(price, project.price_ceiling, project.price_floor)
    )
    award.price = price
    award.contract_template = document["template"]["code"]
    award.contract_document = canonical(document).decode()
    award.contract_hash = hashlib.sha256(canonical(document)).hexdigest()
    award.owner_signed_by = award.owner_signed_at = award.owner_signed_hash = None
    award.agency_signed_by = award.agency_signed_at = award.agency_signed_hash = None
    await record_project_event(
        session,
        project,
        ProjectEvent.CONTRACT_PREPARED,
        principal,
        Actor.OWNER.value,
        now,
        party=awarded.agency,
    )
    return project


async def sign(
    session: AsyncSession, principal: Principal, project_id: int, document_hash: str, now: datetime
) -> Project:
    """One side signs the document it reviewed (by its hash); the second signature starts the clock."""
    awarded = await load_awarded(session, principal, project_id)
    project, award = awarded.project, awarded.award
    if ProjectStatus(project.status) not in SIGNABLE or award.contract_hash is None:
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, "contract_not_ready", field="input.projectId")
    if document_hash.strip().lower() != award.contract_hash:
        raise RuleViolation(UserErrorCode.INVALID, "contract_hash_mismatch", field="input.documentHash")
    signed = {Actor.OWNER: award.owner_signed_at, Actor.AGENCY: award.agency_signed_at}
    side = side_to_act(awarded.actors(principal), signed)
    if side is None:
        raise RuleViolation(UserErrorCode.DUPLICATE, "already_signed", field="input.projectId")
    if side is Actor.OWNER:
        award.owner_signed_by, award.owner_signed_at, award.owner_signed_hash = (
            principal.user_id,
            now,
            award.contract_hash,
        )
    else:
        award.agency_signed_by, award.agency_signed_at = principal.user_id, now
        award.agency_signed_hash = award.contract_hash
    await record_project_event(
        session,
        project,
        ProjectEvent.CONTRACT_SIGNED,
        principal,
        side.value,
        now,
        party=awarded.agency,
        side=side.value,
    )
    if award.owner_signed_at and award.agency_signed_at:
        await transition(
            session,
            project,
            ProjectAction.SIGN_CONTRACT,
            principal,
            now,
            winner_organisation_id=awarded.agency.organisation_id,
        )
        award.service_started_at = now
        award.service_due_at = await due_at(session, award, project, "input.projectId")
    return project


async def due_at(session: AsyncSession, award: ProjectAward, project: Project, field: str) -> datetime:
    assert award.service_started_at is not None
    days = project.time_limit_days + award.extension_days
    return await calendar_store.deadline(session, award.service_started_at, days, field=field)


async def request_extension(
    session: AsyncSession,
    principal: Principal,
    project_id: int,
    working_days: int,
    reason: str,
    now: datetime,
) -> ServiceExtension:
    """The agency asks for more working days, with a reason; the owner decides."""
    awarded = await load_awarded(session, principal, project_id)
    request = ExtensionAction.REQUEST
    role = EXTENSION.role(request, awarded.actors(principal), lambda: _forbidden("input.projectId"))
    if ProjectStatus(awarded.project.status) not in IN_PERFORMANCE:
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, "not_in_service", field="input.projectId")
    if not 1 <= working_days <= MAX_EXTENSION_DAYS:
        raise RuleViolation(
            UserErrorCode.INVALID,
            "extension_out_of_range",
            field="input.workingDays",
            maximum=MAX_EXTENSION_DAYS,
        )
    extension = ServiceExtension(
        award_id=awarded.award.id,
        working_days=working_days,
        reason=validation.text(reason, "input.reason", 1000),
        requested_by=principal.user_id,
        requested_at=now,
        status=EXTENSION.target(None, request, role).value,
    )
    session.add(extension)
    await _record(session, principal, awarded, extension, request, role, now)
    return extension


async def decide_extension(
    session: AsyncSession, principal: Principal, extension_id: int, consent: bool, now: datetime
) -> ServiceExtension:
    """The owner consents (the due date moves by the working days) or refuses."""
    extension = await session.scalar(
        select(ServiceExtension).where(ServiceExtension.id == extension_id).with_for_update()
    )
    award = await session.get(ProjectAward, extension.award_id) if extension else None
    if extension is None or award is None:
        raise RuleViolation(UserErrorCode.NOT_FOUND, "record_not_found", field="input.extensionId")
    awarded = await load_awarded(session, principal, award.project_id)
    decision = ExtensionAction.APPROVE if consent else ExtensionAction.REFUSE
    acting_as = awarded.actors(principal) if awarded.award.id == award.id else set()
    role = EXTENSION.role(decision, acting_as, lambda: _forbidden("input.extensionId"))
    decided = EXTENSION.target(ExtensionStatus(extension.status), decision, role)
    extension.status, extension.decided_at = decided.value, now
    if consent:
        award.extension_days += extension.working_days
        award.service_due_at = await due_at(session, award, awarded.project, "input.extensionId")
    await _record(session, principal, awarded, extension, decision, role, now)
    return extension


def _forbidden(field: str) -> RuleViolation:
    return RuleViolation(UserErrorCode.FORBIDDEN, "project_forbidden", field=field)


EXTENSION_EVENTS = {
    ExtensionAction.REQUEST: ProjectEvent.EXTENSION_REQUESTED,
    ExtensionAction.APPROVE: ProjectEvent.EXTENSION_DECIDED,
    ExtensionAction.REFUSE: ProjectEvent.EXTENSION_DECIDED,
}


async def _record(
    session: AsyncSession,
    principal: Principal,
    awarded: Awarded,
    extension: ServiceExtension,
    action: ExtensionAction,
    role: Actor,
    now: datetime,
) -> None:
    """The one recording step of an extension: its event, once it has the status the table gave `action`."""
    await session.flush()
    await record_project_event(
        session,
        awarded.project,
        EXTENSION_EVENTS[action],
        principal,
        role.value,
        now,
        party=awarded.agency,
        extension=extension.id,
    )


@dataclass(frozen=True)
class ServiceClock:
    started_at: datetime
    due_at: datetime
    stopped_at: datetime | None  # acceptance
    overdue: bool
    overdue_working_days: int
    calendar: CalendarStatus  # the weakest status of the years the clock's days fall in


def service_clock(award: ProjectAward, now: datetime) -> ServiceClock | None:
    """Where the clock stands: overdue if acceptance (or now, before it) is past the due time, counted in
    working days after the due day (Asia/Shanghai calendar, holidays excluded). A read is never refused:
    days in a year the calendar does not know count Monday to Friday, and `calendar` says so."""
    if award.service_started_at is None or award.service_due_at is None:
        return None
    reference = award.accepted_at or now
    overdue = reference > award.service_due_at
    calendar = china_calendar()
    due_day, reference_day = local_day(award.service_due_at), local_day(reference)
    days = calendar.leniently().working_days_between(due_day, reference_day) if overdue else 0
    status = calendar.status_between(local_day(award.service_started_at), max(due_day, reference_day))
    return ServiceClock(
        award.service_started_at, award.service_due_at, award.accepted_at, overdue, days, status
    )
