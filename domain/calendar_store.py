"""The working-day calendar in the database: the years it knows, read back as the calendar a process counts
with, and written from the shipped file or from a State Council notice an operator imports.

Every process counts with the database's calendar. A write that computes a deadline reads the years'
versions first (`current`, under a shared lock on PostgreSQL), so it never counts on a calendar an import
is replacing: the import holds those rows until it has moved the open deadlines and committed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypedDict

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.domain.calendar import (
    HOLIDAY,
    WORKDAY,
    CalendarYear,
    SpecialDay,
    UnknownCalendarYear,
    WorkingCalendar,
    shipped_calendar,
    use_calendar,
)
from zhongjie.models import CalendarDay
from zhongjie.models import CalendarYear as YearRow

SHIPPED = "shipped"
Versions = frozenset[tuple[int, str]]
_loaded: tuple[Versions, WorkingCalendar] | None = None


async def _versions(session: AsyncSession, *, lock: bool) -> Versions:
    statement = select(YearRow.year, YearRow.version)
    if lock:
        statement = statement.with_for_update(read=True)
    return frozenset((year, version) for year, version in await session.execute(statement))


async def load(session: AsyncSession) -> WorkingCalendar:
    """The calendar the database holds: its years, and the days of theirs that differ from Monday–Friday."""
    years = {
        year: provisional
        for year, provisional in await session.execute(select(YearRow.year, YearRow.provisional))
    }
    special = []
    rows = await session.execute(
        select(CalendarDay.day, CalendarDay.working, CalendarDay.name).where(
            or_(CalendarDay.working.is_(False), CalendarDay.name.is_not(None))
        )
    )
    for day, working, name in rows:
        if day.year not in years:
            continue
        if working and day.weekday() >= 5:
            special.append(SpecialDay(day, WORKDAY, name or ""))
        elif not working and (name is not None or day.weekday() < 5):
            special.append(SpecialDay(day, HOLIDAY, name or ""))
    return WorkingCalendar.of(special, years)


@dataclass(frozen=True)
class KnownYear:
    provisional: bool
    source: str
    updated_at: datetime
    days: list[SpecialDay]
    working_days: int


async def load_year(session: AsyncSession, year: int) -> KnownYear | None:
    """One year as the database holds it, or None when the calendar does not know it."""
    row = await session.get(YearRow, year)
    if row is None:
        return None
    days = list(
        await session.execute(
            select(CalendarDay.day, CalendarDay.working, CalendarDay.name).where(
                CalendarDay.day >= date(year, 1, 1), CalendarDay.day <= date(year, 12, 31)
            )
        )
    )
    special = [
        SpecialDay(day, WORKDAY if working else HOLIDAY, name or "")
        for day, working, name in days
        if (working and day.weekday() >= 5) or (not working and (name is not None or day.weekday() < 5))
    ]
    working_days = sum(working for _, working, _ in days)
    return KnownYear(row.provisional, row.source, row.updated_at, special, working_days)


async def current(session: AsyncSession) -> WorkingCalendar:
    """The database's calendar, read again only when a year changed; this process counts with it."""
    global _loaded
    versions = await _versions(session, lock=True)
    if _loaded is None or _loaded[0] != versions:
        calendar = await load(session) if versions else shipped_calendar()
        _loaded = (versions, calendar)
        use_calendar(calendar)
    return _loaded[1]


async def deadline(session: AsyncSession, start: datetime, working_days: int, *, field: str) -> datetime:
    """17:00 Beijing time on the `working_days`-th working day after `start`, counted on the database's
    calendar; a `UserError` naming `field` when that reaches a year the calendar does not know."""
    calendar = await current(session)
    try:
        return calendar.deadline(start, working_days)
    except UnknownCalendarYear as unknown:
        raise UnknownCalendarYear(unknown.year, field) from unknown


@dataclass(frozen=True)
class Stored:
    before: WorkingCalendar
    after: WorkingCalendar
    changed: list[int]  # the years whose days or status changed


def _same(calendar: WorkingCalendar, year: CalendarYear) -> bool:
    return calendar.years.get(year.year) == year.provisional and calendar.special_days(year.year) == list(
        year.days
    )


async def store(
    session: AsyncSession, years: list[CalendarYear], source: str, now: datetime, *, shipped: bool = False
) -> Stored:
    """Write `years`, each replacing the year it names; unchanged years are left alone. Shipped years
    never replace what an operator imported, unless that was provisional and the shipped one is not."""
    rows = {
        row.year: row
        for row in await session.scalars(select(YearRow).with_for_update())  # holds back deadline writers
    }
    before = await load(session) if rows else WorkingCalendar(frozenset(), frozenset())
    changed = []
    for year in years:
        row = rows.get(year.year)
        if (
            shipped
            and row is not None
            and row.source != SHIPPED
            and not (row.provisional and not year.provisional)
        ):
            continue
        if row is not None and _same(before, year):
            continue
        values = {
            "provisional": year.provisional,
            "source": source[:200],
            "version": uuid.uuid4().hex,
            "updated_at": now,
        }
        if row is None:
            session.add(YearRow(year=year.year, **values))
        else:
            for key, value in values.items():
                setattr(row, key, value)
        changed.append(year.year)
    if not changed:
        return Stored(before, before, [])
    kept = {y: p for y, p in before.years.items() if y not in changed} | {
        y.year: y.provisional for y in years if y.year in changed
    }
    days = [d for y in before.years if y not in changed for d in before.special_days(y)]
    days += [d for y in years if y.year in changed for d in y.days]
    after = WorkingCalendar.of(days, kept)
    await session.flush()
    await sync_days(session, after)
    return Stored(before, after, changed)


def _known_span(calendar: WorkingCalendar) -> tuple[date, date] | None:
    """From the first known year to the last: the days SQL counts over (a year missing between them
    counts Monday to Friday there, as reads do)."""
    if not calendar.years:
        return None
    return date(min(calendar.years), 1, 1), date(max(calendar.years), 12, 31)


class DayRow(TypedDict):
    """One `calendar_days` row as inserted or compared."""

    day: date
    working: bool
    working_ordinal: int
    name: str | None


def day_rows(calendar: WorkingCalendar) -> list[DayRow]:
    """Every day of the known span with whether it is a working day, its ordinal and its name."""
    span = _known_span(calendar)
    if span is None:
        return []
    rows: list[DayRow] = []
    ordinal, day, lenient = 0, span[0], calendar.leniently()
    while day <= span[1]:
        working = lenient.is_working_day(day)
        ordinal += working
        rows.append(
            {"day": day, "working": working, "working_ordinal": ordinal, "name": calendar.names.get(day)}
        )
        day += timedelta(days=1)
    return rows


async def sync_days(session: AsyncSession, calendar: WorkingCalendar) -> int:
    """Bring `calendar_days` in line with `calendar`; returns how many days changed."""
    existing = {
        day: (working, ordinal, name)
        for day, working, ordinal, name in await session.execute(
            select(CalendarDay.day, CalendarDay.working, CalendarDay.working_ordinal, CalendarDay.name)
        )
    }
    rows = day_rows(calendar)
    wanted = {row["day"] for row in rows}
    new = [row for row in rows if row["day"] not in existing]
    changed = [
        row
        for row in rows
        if row["day"] in existing
        and existing[row["day"]] != (row["working"], row["working_ordinal"], row["name"])
    ]
    gone = [day for day in existing if day not in wanted]
    if new:
        await session.execute(insert(CalendarDay), new)
    if changed:  # by primary key, as one executemany
        await session.execute(update(CalendarDay), changed)
    if gone:
        await session.execute(delete(CalendarDay).where(CalendarDay.day.in_(gone)))
    return len(new) + len(changed) + len(gone)
