"""Credit records: recorded by authorities and operators, imported from Credit China and the
enterprise credit publicity system, expired, repaired or revoked; every change recomputes the profile."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal, Role
from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.domain.agencies import validation
from zhongjie.domain.credit.lifecycle import CHANGES, CREDIT_RECORD, CreditAction, CreditActor
from zhongjie.domain.credit.scoring import RecordFacts, assess
from zhongjie.domain.credit.vocabulary import (
    GOOD_CATEGORIES,
    CreditCategory,
    CreditKind,
    CreditSource,
    RecordStatus,
    Restriction,
    Severity,
)
from zhongjie.domain.outbox.record import record_event
from zhongjie.domain.sources import RawRow
from zhongjie.models import Agency, CreditProfile, CreditProfileChange, CreditRecord, Region
from zhongjie.models.database import Database

IMPORT_SOURCES = frozenset({CreditSource.CREDIT_CHINA, CreditSource.ENTERPRISE_PUBLICITY})


@dataclass(frozen=True)
class CreditFacts:
    """What a record says, whoever records it."""

    credit_code: str
    category: CreditCategory
    severity: Severity
    basis: str
    decision_number: str | None
    region_code: str
    valid_from: date
    valid_until: date | None
    public: bool

    @property
    def kind(self) -> CreditKind:
        return CreditKind.GOOD if self.category in GOOD_CATEGORIES else CreditKind.BAD


async def recompute(session: AsyncSession, credit_code: str, reason: str, now: datetime) -> CreditProfile:
    """Assess the code's records by the published rule; keep the profile and, when it changed, its history."""
    rows = await session.scalars(select(CreditRecord).where(CreditRecord.credit_code == credit_code))
    assessment = assess(
        (
            RecordFacts(
                CreditCategory(r.category),
                Severity(r.severity),
                RecordStatus(r.status),
                r.valid_from,
                r.valid_until,
            )
            for r in rows
        ),
        now.date(),
    )
    profile = await session.scalar(
        select(CreditProfile).where(CreditProfile.credit_code == credit_code).with_for_update()
    )
    values = {
        "score": assessment.score,
        "level": assessment.level.value,
        "restriction": assessment.restriction.value,
        "rule_version": assessment.rule_version,
        "tags": list(assessment.tags),
    }
    changed = profile is None or any(getattr(profile, name) != value for name, value in values.items())
    if profile is None:
        profile = CreditProfile(credit_code=credit_code, **values)
        session.add(profile)
    else:
        for name, value in values.items():
            setattr(profile, name, value)
    profile.computed_at = now
    profile.reassess_on = assessment.reassess_on
    if changed:
        session.add(
            CreditProfileChange(
                credit_code=credit_code,
                reason=reason[:200],
                computed_at=now,
                **{name: value for name, value in values.items() if name != "tags"},
            )
        )
        await session.execute(
            update(Agency)
            .where(Agency.credit_code == credit_code)
            .values(blacklisted=assessment.restriction is Restriction.BLACKLISTED)
        )
        await record_event(
            session,
            aggregate_type="CreditProfile",
            aggregate_key=credit_code,
            event_type="credit.profile_changed",
            payload={"creditCode": credit_code, **values},
            actor_user_id=None,
            actor_role="system",
            now=now,
        )
    await session.flush()
    return profile


async def checked_facts(session: AsyncSession, facts: CreditFacts, prefix: str = "input") -> CreditFacts:
    code = validation.valid_credit_code(facts.credit_code, f"{prefix}.creditCode")
    basis = validation.text(facts.basis, f"{prefix}.basis", 2000)
    decision = validation.text(facts.decision_number, f"{prefix}.decisionNumber", 100, required=False)
    if await session.get(Region, facts.region_code) is None:
        raise RuleViolation(
            UserErrorCode.INVALID,
            "unknown_region",
            field=f"{prefix}.regionCode",
            value=facts.region_code[:10],
        )
    if facts.valid_until is not None:
        validation.validity(facts.valid_from, facts.valid_until, f"{prefix}.validUntil")
    return CreditFacts(
        code,
        facts.category,
        facts.severity,
        basis or "",
        decision,
        facts.region_code,
        facts.valid_from,
        facts.valid_until,
        facts.public,
    )


def _require_recorder(actor: Principal, region_code: str) -> CreditActor:
    """Authorities and operators record, for their own region or the regions below it."""
    if not actor.has_role(Role.AUTHORITY, Role.OPERATOR):
        raise RuleViolation(UserErrorCode.FORBIDDEN, "forbidden_role")
    if not actor.covers_region(region_code):
        raise RuleViolation(UserErrorCode.FORBIDDEN, "forbidden_region", field="input.regionCode")
    return CreditActor.AUTHORITY if actor.has_role(Role.AUTHORITY) else CreditActor.OPERATOR


async def record_credit(
    session: AsyncSession, actor: Principal, facts: CreditFacts, now: datetime
) -> CreditRecord:
    role = _require_recorder(actor, facts.region_code)
    facts = await checked_facts(session, facts)
    source = CreditSource.AUTHORITY if role is CreditActor.AUTHORITY else CreditSource.PLATFORM
    return await _add(
        session,
        facts,
        source,
        uuid.uuid4().hex,
        f"recorded by user {actor.user_id} as {role.value}",
        actor.user_id,
        now,
    )


async def record_by_platform(
    session: AsyncSession, facts: CreditFacts, provenance: str, now: datetime
) -> CreditRecord:
    """A record the platform derives itself: a failed inspection now, upheld complaints and defaults later."""
    return await _add(session, facts, CreditSource.PLATFORM, uuid.uuid4().hex, provenance, None, now)


async def _add(
    session: AsyncSession,
    facts: CreditFacts,
    source: CreditSource,
    source_id: str,
    provenance: str,
    recorded_by: int | None,
    now: datetime,
) -> CreditRecord:
    record = CreditRecord(
        credit_code=facts.credit_code,
        kind=facts.kind.value,
        category=facts.category.value,
        severity=facts.severity.value,
        source=source.value,
        source_id=source_id,
        provenance=provenance[:300],
        basis=facts.basis,
        decision_number=facts.decision_number,
        region_code=facts.region_code,
        valid_from=facts.valid_from,
        valid_until=facts.valid_until,
        public=facts.public,
        status=_status_on(facts, now.date()).value,
        recorded_by=recorded_by,
        recorded_at=now,
    )
    session.add(record)
    await session.flush()
    await recompute(session, facts.credit_code, f"{facts.category.value} recorded", now)
    return record


def _status_on(facts: CreditFacts, today: date) -> RecordStatus:
    return (
        RecordStatus.EXPIRED
        if facts.valid_until is not None and facts.valid_until < today
        else RecordStatus.VALID
    )


def _move(record: CreditRecord, action: CreditAction, role: CreditActor, now: datetime) -> None:
    """The record takes the status the table gives `action`; the caller recomputes its profile."""
    state = (CreditKind(record.kind), RecordStatus(record.status))
    record.status = CREDIT_RECORD.target(state, action, role)[1].value
    record.status_changed_at = now


async def change_status(
    session: AsyncSession, actor: Principal, record_id: int, to: RecordStatus, note: str | None, now: datetime
) -> CreditRecord:
    """信用修复 (a bad record stops counting) or revocation (a wrong record is withdrawn)."""
    record = await session.scalar(select(CreditRecord).where(CreditRecord.id == record_id).with_for_update())
    if record is None:
        raise RuleViolation(UserErrorCode.NOT_FOUND, "record_not_found", field="input.recordId")
    action = CHANGES[to]
    _move(record, action, _require_recorder(actor, record.region_code), now)
    record.status_note = validation.text(note, "input.note", 2000, required=action is CreditAction.REPAIR)
    await recompute(session, record.credit_code, f"record {record.id} {action.value}", now)
    return record


async def expire_records(session: AsyncSession, now: datetime) -> int:
    """The timed job: records past their validity expire, and their profiles recover."""
    expirable = sorted({status for _kind, status in CREDIT_RECORD.states(CreditAction.EXPIRE)})
    due = list(
        await session.scalars(
            select(CreditRecord)
            .where(CreditRecord.status.in_(expirable), CreditRecord.valid_until < now.date())
            .with_for_update(skip_locked=True)
        )
    )
    for record in due:
        _move(record, CreditAction.EXPIRE, CreditActor.SYSTEM, now)
    for code in sorted({record.credit_code for record in due}):
        await recompute(session, code, "records expired", now)
    return len(due)


async def reassess_due_profiles(session: AsyncSession, now: datetime) -> int:
    """The timed job: profiles on whose day a record starts or stops counting are assessed again (a
    record valid from a later day counts from that day on)."""
    due = list(
        await session.scalars(
            select(CreditProfile.credit_code)
            .where(CreditProfile.reassess_on <= now.date())
            .order_by(CreditProfile.credit_code)
            .with_for_update(skip_locked=True)
        )
    )
    for code in due:
        await recompute(session, code, "records came into force or lapsed", now)
    return len(due)


# --- import from Credit China / the enterprise credit publicity system -----------------------------


@dataclass
class CreditImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)
    applied: bool = False


def _parse(raw: Any, prefix: str) -> tuple[CreditSource, str, CreditFacts]:
    """A raw export row to (source, source id, facts); a `RuleViolation` names what is wrong."""

    def refuse(key: str, name: str, **params: object) -> RuleViolation:
        return RuleViolation(UserErrorCode.INVALID, key, field=f"{prefix}.{name}", **params)

    if not isinstance(raw, dict):
        raise refuse("not_an_object", "row")
    source = CreditSource.parse(str(raw.get("source", "")))
    if source not in IMPORT_SOURCES:
        raise refuse(
            "unknown_choice",
            "source",
            value=str(raw.get("source", ""))[:40],
            choices="CREDIT_CHINA、ENTERPRISE_PUBLICITY",
        )
    source_id = str(raw.get("source_id") or "").strip()
    if not source_id or len(source_id) > 100:
        raise refuse("required", "source_id")
    category = CreditCategory.parse(str(raw.get("category", "")))
    severity = Severity.parse(str(raw.get("severity") or "GENERAL"))
    if category is None:
        raise refuse(
            "unknown_choice",
            "category",
            value=str(raw.get("category", ""))[:40],
            choices="、".join(c.value for c in CreditCategory),
        )
    if severity is None:
        raise refuse(
            "unknown_choice",
            "severity",
            value=str(raw.get("severity", ""))[:40],
            choices="MINOR、GENERAL、SERIOUS",
        )
    dates = {}
    for name in ("valid_from", "valid_until"):
        text = str(raw.get(name) or "").strip()
        try:
            dates[name] = date.fromisoformat(text) if text else None
        except ValueError as error:
            raise refuse("invalid_date", name, value=text[:20]) from error
    if dates["valid_from"] is None:
        raise refuse("required", "valid_from")
    return (
        source,
        source_id,
        CreditFacts(
            credit_code=str(raw.get("credit_code") or ""),
            category=category,
            severity=severity,
            basis=str(raw.get("basis") or ""),
            decision_number=str(raw.get("decision_number") or "") or None,
            region_code=str(raw.get("region_code") or "").strip(),
            valid_from=dates["valid_from"],
            valid_until=dates["valid_until"],
            public=str(raw.get("public", "true")).strip().lower() not in {"false", "0", "否", "no"},
        ),
    )


async def import_credit_rows(
    database: Database, rows: list[RawRow], provenance: str, now: datetime
) -> CreditImportReport:
    """Idempotent by (source, source id): an unchanged row changes nothing; a changed one updates its
    record. A file with any invalid row imports nothing."""

    async def attempt(session: AsyncSession) -> CreditImportReport:
        report = CreditImportReport()
        parsed = []
        for number, raw in rows:
            try:
                source, source_id, facts = _parse(raw, f"row {number}")
                parsed.append(
                    (source, source_id, await checked_facts(session, facts, prefix=f"row {number}"))
                )
            except RuleViolation as violation:
                report.rejected.append((number, violation.message_key, violation.params))
        if report.rejected:
            return report
        touched = set()
        for source, source_id, facts in parsed:
            existing = await session.scalar(
                select(CreditRecord)
                .where(CreditRecord.source == source.value, CreditRecord.source_id == source_id)
                .with_for_update()
            )
            if existing is None:
                await _add(session, facts, source, source_id, provenance, None, now)
                report.created += 1
                continue
            values = _values(facts, now.date())
            if all(getattr(existing, name) == value for name, value in values.items()):
                report.unchanged += 1
                continue
            for name, value in values.items():
                setattr(existing, name, value)
            existing.provenance = provenance[:300]
            touched.add(facts.credit_code)
            report.updated += 1
        for code in sorted(touched):
            await recompute(session, code, "credit import", now)
        report.applied = True
        return report

    return await database.run_transaction(attempt)


def _values(facts: CreditFacts, today: date) -> dict[str, Any]:
    return {
        "credit_code": facts.credit_code,
        "kind": facts.kind.value,
        "category": facts.category.value,
        "severity": facts.severity.value,
        "basis": facts.basis,
        "decision_number": facts.decision_number,
        "region_code": facts.region_code,
        "valid_from": facts.valid_from,
        "valid_until": facts.valid_until,
        "public": facts.public,
        "status": _status_on(facts, today).value,
    }
