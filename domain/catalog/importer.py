"""Importing the catalog from the government-service platform's export (对接政务服务平台).

Idempotent by code: an unchanged row changes nothing, a changed row becomes a new
version with the diff, who and why. By default a file with any invalid row imports
nothing; `skip_invalid` imports the valid rows. Items absent from the file are left
alone (exports may be partial); an item is retired by a row marked inactive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.base.clock import utcnow
from zhongjie.domain.catalog.records import (
    CatalogReference,
    MatterRecord,
    Problem,
    ServiceItemRecord,
    diff_snapshots,
    parse_row,
)
from zhongjie.domain.sources import RawRow, read_rows
from zhongjie.models import (
    AdministrativeMatter,
    QualificationType,
    Region,
    ServiceItem,
    ServiceItemQualification,
    ServiceItemVersion,
    service_item_matters,
)
from zhongjie.models.database import Database


@dataclass(frozen=True)
class RejectedRow:
    row: int
    code: str | None
    problems: list[Problem]


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    applied: bool = False

    @property
    def has_rejections(self) -> bool:
        return bool(self.rejected)


@dataclass(frozen=True)
class ChangeAuthor:
    """Who made a change and why: recorded on every version it writes."""

    actor: str
    reason: str


async def import_catalog_file(
    database: Database, path: Path, author: ChangeAuthor, *, skip_invalid: bool = False
) -> ImportReport:
    return await import_catalog_rows(database, read_rows(path), author, skip_invalid=skip_invalid)


async def import_catalog_rows(
    database: Database, rows: list[RawRow], author: ChangeAuthor, *, skip_invalid: bool = False
) -> ImportReport:

    async def attempt(session: AsyncSession) -> ImportReport:
        reference = await _load_reference(session)
        records, report = _validate(rows, reference)
        if report.has_rejections and not skip_invalid:
            return report
        await _apply(session, records, author, report)
        report.applied = True
        return report

    return await database.run_transaction(attempt)


async def _load_reference(session: AsyncSession) -> CatalogReference:
    region_codes = frozenset(await session.scalars(select(Region.code)))
    levels = {qt.code: tuple(qt.levels) for qt in await session.scalars(select(QualificationType))}
    return CatalogReference(region_codes=region_codes, qualification_levels=levels)


def _validate(
    rows: list[RawRow], reference: CatalogReference
) -> tuple[list[ServiceItemRecord], ImportReport]:
    report = ImportReport()
    records: list[ServiceItemRecord] = []
    first_row_of_code: dict[str, int] = {}
    matter_seen: dict[str, MatterRecord] = {}
    for number, raw in rows:
        if not isinstance(raw, dict):
            report.rejected.append(RejectedRow(number, None, [Problem("", "not_an_object")]))
            continue
        record, problems = parse_row(raw, reference)
        code = str(raw.get("code") or "").strip().upper() or None
        if code and code in first_row_of_code:
            problems.append(
                Problem("code", "duplicate_code", {"value": code, "first_row": first_row_of_code[code]})
            )
        elif code:
            first_row_of_code[code] = number
        for matter in record.matters if record else ():
            known = matter_seen.setdefault(matter.code, matter)
            if known != matter:
                problems.append(
                    Problem("administrative_matters", "conflicting_matter", {"value": matter.code})
                )
        if problems:
            report.rejected.append(RejectedRow(number, code, problems))
        elif record is not None:
            records.append(record)
    return records, report


async def _apply(
    session: AsyncSession, records: list[ServiceItemRecord], author: ChangeAuthor, report: ImportReport
) -> None:
    now = utcnow()
    matter_ids = await _upsert_matters(session, records, now)
    existing = await _lock_items(session, [record.code for record in records])
    for record in records:
        current = existing.get(record.code)
        if current is None:
            await _create_item(session, record, matter_ids, author, now)
            report.created += 1
            continue
        item, snapshot = current
        changes = diff_snapshots(snapshot, record.snapshot())
        if not changes:
            report.unchanged += 1
            continue
        await _update_item(session, item, record, changes, matter_ids, author, now)
        report.updated += 1


async def _upsert_matters(
    session: AsyncSession, records: list[ServiceItemRecord], now: datetime
) -> dict[str, int]:
    wanted = {matter.code: matter for record in records for matter in record.matters}
    if not wanted:
        return {}
    rows = await session.scalars(
        select(AdministrativeMatter).where(AdministrativeMatter.code.in_(wanted)).with_for_update()
    )
    found = {matter.code: matter for matter in rows}
    for code, record in wanted.items():
        values = {"name": record.name, "power_type": record.power_type.value, "department": record.department}
        matter = found.get(code)
        if matter is None:
            matter = AdministrativeMatter(code=code, created_at=now, updated_at=now, **values)
            session.add(matter)
            found[code] = matter
        elif any(getattr(matter, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(matter, key, value)
            matter.updated_at = now
    await session.flush()
    return {code: matter.id for code, matter in found.items()}


async def _lock_items(
    session: AsyncSession, codes: list[str]
) -> dict[str, tuple[ServiceItem, dict[str, Any]]]:
    """Existing items by code, locked for this transaction, each with its latest snapshot."""
    if not codes:
        return {}
    rows = await session.execute(
        select(ServiceItem, ServiceItemVersion.snapshot)
        .join(
            ServiceItemVersion,
            (ServiceItemVersion.service_item_id == ServiceItem.id)
            & (ServiceItemVersion.version == ServiceItem.version),
        )
        .where(ServiceItem.code.in_(codes))
        .with_for_update(of=ServiceItem)
    )
    return {item.code: (item, snapshot) for item, snapshot in rows}


async def _create_item(
    session: AsyncSession,
    record: ServiceItemRecord,
    matter_ids: dict[str, int],
    author: ChangeAuthor,
    now: datetime,
) -> None:
    item = ServiceItem(code=record.code, version=1, created_at=now, updated_at=now, **record.column_values())
    session.add(item)
    await session.flush()
    snapshot = record.snapshot()
    changes = diff_snapshots({}, snapshot)
    await _write_links(session, item.id, record, matter_ids)
    _add_version(session, item, snapshot, changes, author, now)


async def _update_item(
    session: AsyncSession,
    item: ServiceItem,
    record: ServiceItemRecord,
    changes: list[dict[str, Any]],
    matter_ids: dict[str, int],
    author: ChangeAuthor,
    now: datetime,
) -> None:
    for key, value in record.column_values().items():
        setattr(item, key, value)
    item.version += 1
    item.updated_at = now
    await session.execute(
        delete(service_item_matters).where(service_item_matters.c.service_item_id == item.id)
    )
    await session.execute(
        delete(ServiceItemQualification).where(ServiceItemQualification.service_item_id == item.id)
    )
    await _write_links(session, item.id, record, matter_ids)
    _add_version(session, item, record.snapshot(), changes, author, now)


async def _write_links(
    session: AsyncSession, item_id: int, record: ServiceItemRecord, matter_ids: dict[str, int]
) -> None:
    if record.matters:
        await session.execute(
            service_item_matters.insert(),
            [{"service_item_id": item_id, "matter_id": matter_ids[m.code]} for m in record.matters],
        )
    session.add_all(
        ServiceItemQualification(
            service_item_id=item_id, qualification_type_code=req.type_code, min_level=req.min_level
        )
        for req in record.qualification_requirements
    )


def _add_version(
    session: AsyncSession,
    item: ServiceItem,
    snapshot: dict[str, Any],
    changes: list[dict[str, Any]],
    author: ChangeAuthor,
    now: datetime,
) -> None:
    session.add(
        ServiceItemVersion(
            service_item_id=item.id,
            version=item.version,
            snapshot=snapshot,
            changes=changes,
            changed_by=author.actor,
            reason=author.reason,
            created_at=now,
        )
    )
