"""Working days in China (工作日), in Asia/Shanghai: weekends and statutory holidays off, make-up
workdays (调休) on.

The State Council publishes each year's arrangement late in the year before. A year the calendar holds
rows for is known: *official* once its notice is in, *provisional* while it holds only the statutory days
(what the law fixes) and no make-up workdays yet. A year without rows is unknown: counting working days in
it is refused (`UnknownCalendarYear`), because Monday to Friday is wrong by weeks around every holiday
(2024 differs on 27 days), except for reads that say so (`leniently`). `data/holidays.csv` ships the
official years back to 2015 and the provisional ones ahead; operators load newer notices with
`zhongjie import holidays`, and the running calendar is the database's (`domain.calendar_store`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from zhongjie.base.errors import BadInput, RuleViolation, UserErrorCode
from zhongjie.domain.values import SHANGHAI, local_day

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "holidays.csv"
CLOSE_OF_BUSINESS = time(17, 0)
HOLIDAY, WORKDAY = "holiday", "workday"


class CalendarStatus(StrEnum):
    OFFICIAL = "OFFICIAL"
    PROVISIONAL = "PROVISIONAL"
    UNKNOWN = "UNKNOWN"


class UnknownCalendarYear(RuleViolation):
    """A working-day count reaches a year the calendar has no arrangement for."""

    def __init__(self, year: int, field: str | None = None) -> None:
        super().__init__(UserErrorCode.NOT_ALLOWED, "calendar_year_unknown", field=field, year=year)
        self.year = year


@dataclass(frozen=True)
class SpecialDay:
    day: date
    kind: str  # HOLIDAY or WORKDAY
    name: str


@dataclass(frozen=True)
class WorkingCalendar:
    holidays: frozenset[date]
    workdays: frozenset[date]
    years: Mapping[int, bool] = field(default_factory=dict)  # known year → provisional
    names: Mapping[date, str] = field(default_factory=dict)
    lenient: bool = False  # unknown years count Monday to Friday instead of refusing

    def status(self, year: int) -> CalendarStatus:
        if year not in self.years:
            return CalendarStatus.UNKNOWN
        return CalendarStatus.PROVISIONAL if self.years[year] else CalendarStatus.OFFICIAL

    def status_between(self, start: date, end: date) -> CalendarStatus:
        """The weakest status of the years from `start` to `end`."""
        statuses = {self.status(year) for year in range(min(start, end).year, max(start, end).year + 1)}
        for weakest in (CalendarStatus.UNKNOWN, CalendarStatus.PROVISIONAL):
            if weakest in statuses:
                return weakest
        return CalendarStatus.OFFICIAL

    def leniently(self) -> WorkingCalendar:
        return replace(self, lenient=True)

    def is_working_day(self, day: date) -> bool:
        if day.year not in self.years and not self.lenient:
            raise UnknownCalendarYear(day.year)
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def add_working_days(self, start: date, count: int) -> date:
        """The `count`-th working day after `start` (not counting `start` itself)."""
        if count < 0:
            raise ValueError("count must not be negative")
        day = start
        while count:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count

    def deadline(self, start: datetime, working_days: int) -> datetime:
        """17:00 Beijing time on the `working_days`-th working day after `start`'s local date, in UTC."""
        due = self.add_working_days(local_day(start), working_days)
        return datetime.combine(due, CLOSE_OF_BUSINESS, SHANGHAI).astimezone(ZoneInfo("UTC"))

    def special_days(self, year: int) -> list[SpecialDay]:
        days = [
            SpecialDay(day, HOLIDAY, self.names.get(day, "")) for day in self.holidays if day.year == year
        ]
        days += [
            SpecialDay(day, WORKDAY, self.names.get(day, "")) for day in self.workdays if day.year == year
        ]
        return sorted(days, key=lambda special: special.day)

    @classmethod
    def of(cls, days: Iterable[SpecialDay], years: Mapping[int, bool]) -> WorkingCalendar:
        days = list(days)
        return cls(
            holidays=frozenset(d.day for d in days if d.kind == HOLIDAY),
            workdays=frozenset(d.day for d in days if d.kind == WORKDAY),
            years=dict(years),
            names={d.day: d.name for d in days},
        )


@dataclass(frozen=True)
class CalendarYear:
    """One year's arrangement as a notice states it."""

    year: int
    provisional: bool
    days: tuple[SpecialDay, ...]


MAX_NAME = 60
YES, NO = {"yes", "true", "1", "是"}, {"no", "false", "0", "否", ""}


def parse_rows(rows: Iterable[Mapping[str, str | None]]) -> list[CalendarYear]:
    """The years of rows `date, kind (holiday|workday), name[, provisional]`, checked: a date once, a
    make-up workday only on a weekend, one provisional flag per year. `BadInput` names the first bad row."""
    by_year: dict[int, list[SpecialDay]] = {}
    provisional: dict[int, bool] = {}
    seen: set[date] = set()
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        try:
            day = date.fromisoformat((row.get("date") or "").strip())
        except ValueError as error:
            raise BadInput("calendar_row_invalid", line=number, value=str(row.get("date"))[:20]) from error
        kind = (row.get("kind") or "").strip().lower()
        name = (row.get("name") or "").strip()[:MAX_NAME]
        flag = (row.get("provisional") or "").strip().lower()
        if kind not in {HOLIDAY, WORKDAY} or flag not in YES | NO or day in seen:
            raise BadInput("calendar_row_invalid", line=number, value=day.isoformat())
        if kind == WORKDAY and day.weekday() < 5:
            raise BadInput("calendar_workday_not_weekend", line=number, value=day.isoformat())
        if provisional.setdefault(day.year, flag in YES) != (flag in YES):
            raise BadInput("calendar_year_mixed", line=number, value=str(day.year))
        seen.add(day)
        by_year.setdefault(day.year, []).append(SpecialDay(day, kind, name))
    return [
        CalendarYear(year, provisional[year], tuple(sorted(days, key=lambda special: special.day)))
        for year, days in sorted(by_year.items())
    ]


def read_file(path: Path) -> list[CalendarYear]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return parse_rows(csv.DictReader(handle))


def calendar_of(years: Iterable[CalendarYear]) -> WorkingCalendar:
    years = list(years)
    return WorkingCalendar.of(
        (day for year in years for day in year.days), {year.year: year.provisional for year in years}
    )


@cache
def shipped_calendar() -> WorkingCalendar:
    """The calendar of `data/holidays.csv`, before any database has one."""
    return calendar_of(read_file(DATA_FILE))


_in_use: WorkingCalendar | None = None


def use_calendar(calendar: WorkingCalendar) -> None:
    """Make `calendar` the one this process counts with (loaded from the database)."""
    global _in_use
    _in_use = calendar


def china_calendar() -> WorkingCalendar:
    """The calendar this process counts with: the database's once loaded, the shipped one before."""
    return _in_use or shipped_calendar()
