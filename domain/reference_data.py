"""Reference data shipped in `data/`: administrative divisions, qualification types and the working-day
calendar (from `data/holidays.csv`, see `domain.calendar`).

`zhongjie migrate` syncs them after the schema migrations, idempotently, so a newer
release's files update an existing database.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.domain.calendar import WorkingCalendar, china_calendar
from zhongjie.models import CalendarDay, QualificationType, Region

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


# the days SQL can count working days over (dates outside count as no working days)
CALENDAR_FIRST_DAY, CALENDAR_LAST_DAY = date(2015, 1, 1), date(2035, 12, 31)


def calendar_rows(
    calendar: WorkingCalendar, first: date = CALENDAR_FIRST_DAY, last: date = CALENDAR_LAST_DAY
) -> list[dict[str, object]]:
    """Every day from `first` to `last` with whether it is a working day and its working-day ordinal."""
    rows, ordinal, day = [], 0, first
    while day <= last:
        working = calendar.is_working_day(day)
        ordinal += working
        rows.append({"day": day, "working": working, "working_ordinal": ordinal})
        day += timedelta(days=1)
    return rows


async def sync_calendar(session: AsyncSession) -> int:
    """Bring `calendar_days` in line with the shipped holiday calendar; returns how many days changed."""
    existing = {
        day: (working, ordinal)
        for day, working, ordinal in await session.execute(
            select(CalendarDay.day, CalendarDay.working, CalendarDay.working_ordinal)
        )
    }
    rows = calendar_rows(china_calendar())
    new = [row for row in rows if row["day"] not in existing]
    changed = [
        row
        for row in rows
        if row["day"] in existing and existing[row["day"]] != (row["working"], row["working_ordinal"])
    ]
    if new:
        await session.execute(insert(CalendarDay), new)
    if changed:  # by primary key, as one executemany
        await session.execute(update(CalendarDay), changed)
    return len(new) + len(changed)


async def sync_reference_data(session: AsyncSession) -> None:
    await sync_regions(session)
    await sync_qualification_types(session)
    await sync_calendar(session)
