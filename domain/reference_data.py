"""Reference data shipped in `data/`: administrative divisions, qualification types and the working-day
calendar (from `data/holidays.csv`, see `domain.calendar`).

`zhongjie migrate` syncs them after the schema migrations, idempotently, so a newer
release's files update an existing database.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.base.clock import utcnow
from zhongjie.domain.calendar import DATA_FILE as DATA_FILE_OF_HOLIDAYS
from zhongjie.domain.calendar import read_file
from zhongjie.domain.calendar_store import SHIPPED
from zhongjie.domain.projects.deadlines import CalendarChange, apply_calendar
from zhongjie.models import QualificationType, Region

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def _read(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


async def sync_regions(session: AsyncSession) -> int:
    """Insert or update every region of `data/regions.csv`; returns how many changed."""
    rows = sorted(_read("regions.csv"), key=lambda row: int(row["level"]))
    existing = {region.code: region for region in await session.scalars(select(Region))}
    changed = 0
    for row in rows:
        values = {"name": row["name"], "level": int(row["level"]), "parent_code": row["parent_code"] or None}
        region = existing.get(row["code"])
        if region is None:
            session.add(Region(code=row["code"], **values))
            await session.flush()
        elif any(getattr(region, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(region, key, value)
        else:
            continue
        changed += 1
    return changed


async def sync_qualification_types(session: AsyncSession) -> int:
    """Insert or update every type of `data/qualification_types.csv`; returns how many changed."""
    existing = {qt.code: qt for qt in await session.scalars(select(QualificationType))}
    changed = 0
    for row in _read("qualification_types.csv"):
        levels = [level.strip() for level in row["levels"].split(">") if level.strip()]
        values = {"name": row["name"], "sector": row["sector"], "levels": levels}
        current = existing.get(row["code"])
        if current is None:
            session.add(QualificationType(code=row["code"], **values))
        elif any(getattr(current, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(current, key, value)
        else:
            continue
        changed += 1
    return changed


async def sync_calendar(session: AsyncSession, now: datetime) -> CalendarChange:
    """Store the shipped years of `data/holidays.csv` the database lacks or has from an older release,
    never over a year an operator imported (unless that was provisional and the shipped one is not)."""
    return await apply_calendar(session, read_file(DATA_FILE_OF_HOLIDAYS), SHIPPED, now, shipped=True)


async def sync_reference_data(session: AsyncSession) -> None:
    await sync_regions(session)
    await sync_qualification_types(session)
    await sync_calendar(session, utcnow())
