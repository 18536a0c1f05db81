"""Working days in China (工作日), in Asia/Shanghai: weekends and statutory holidays off, make-up
workdays (调休) on. `data/holidays.csv` lists the State Council's arrangement by year; rows marked
provisional hold only the statutory days until that year's notice is published and replaces them."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "holidays.csv"
CLOSE_OF_BUSINESS = time(17, 0)


@dataclass(frozen=True)
class WorkingCalendar:
    holidays: frozenset[date]
    workdays: frozenset[date]

    def is_working_day(self, day: date) -> bool:
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
        local_day = start.astimezone(SHANGHAI).date()
        due = self.add_working_days(local_day, working_days)
        return datetime.combine(due, CLOSE_OF_BUSINESS, SHANGHAI).astimezone(ZoneInfo("UTC"))


@cache
def china_calendar() -> WorkingCalendar:
    holidays, workdays = set(), set()
    with DATA_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            day = date.fromisoformat(row["date"])
            (holidays if row["kind"] == "holiday" else workdays).add(day)
    return WorkingCalendar(frozenset(holidays), frozenset(workdays))
