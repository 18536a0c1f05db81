"""The shipped working-day calendar checked against an independent source (the `holidays` package, kept
apart from the data it checks): every day of the official years 2015–2026 must be a working day in one
exactly when it is in the other, and the provisional years must hold exactly the statutory holidays."""

from __future__ import annotations

import re
from datetime import date, timedelta

import holidays
import pytest

from zhongjie.domain.calendar import CalendarStatus, UnknownCalendarYear, shipped_calendar

CALENDAR = shipped_calendar()
OFFICIAL_YEARS = range(2015, 2027)
SUBSTITUTED = re.compile(r"substituted from (\d\d)/(\d\d)/(\d{4})")


def _independent(year: int) -> set[date]:
    """The working days of `year` by the `holidays` package: weekdays off its list, and the weekend days
    its substituted days off were moved from (调休)."""
    days_off = holidays.China(years=year)
    make_up = {
        date(int(found[2]), int(found[0]), int(found[1]))
        for name in days_off.values()
        for found in SUBSTITUTED.findall(name)
    }
    working, day = set(), date(year, 1, 1)
    while day.year == year:
        if day in make_up or (day.weekday() < 5 and day not in days_off):
            working.add(day)
        day += timedelta(days=1)
    return working


@pytest.mark.parametrize("year", OFFICIAL_YEARS)
def test_an_official_year_agrees_with_an_independent_source(year: int) -> None:
    assert CALENDAR.status(year) is CalendarStatus.OFFICIAL
    ours, day = set(), date(year, 1, 1)
    while day.year == year:
        if CALENDAR.is_working_day(day):
            ours.add(day)
        day += timedelta(days=1)
    assert ours == _independent(year)


def test_2024_is_not_monday_to_friday() -> None:
    """What counting Monday to Friday got wrong: 27 days of 2024."""
    weekdays, day = set(), date(2024, 1, 1)
    while day.year == 2024:
        if day.weekday() < 5:
            weekdays.add(day)
        day += timedelta(days=1)
    assert len(weekdays ^ _independent(2024)) == 27


@pytest.mark.parametrize("year", [2027, 2028])
def test_a_provisional_year_holds_exactly_the_statutory_holidays(year: int) -> None:
    assert CALENDAR.status(year) is CalendarStatus.PROVISIONAL
    statutory = {day for day, name in holidays.China(years=year).items() if "observed" not in name}
    assert {day for day in CALENDAR.holidays if day.year == year} == statutory
    assert not {d for d in CALENDAR.workdays if d.year == year}  # make-up days come with the notice


def test_a_year_the_calendar_does_not_know_is_refused_or_flagged() -> None:
    unknown = max(CALENDAR.years) + 1
    with pytest.raises(UnknownCalendarYear) as refused:
        CALENDAR.working_days_between(date(unknown - 1, 12, 20), date(unknown, 1, 10))
    assert refused.value.year == unknown
    lenient = CALENDAR.leniently()
    assert lenient.working_days_between(date(unknown, 1, 1), date(unknown, 1, 31)) == sum(
        date(unknown, 1, d).weekday() < 5 for d in range(2, 32)
    )
    assert CALENDAR.status_between(date(unknown - 1, 12, 1), date(unknown, 1, 1)) is CalendarStatus.UNKNOWN
    assert CALENDAR.status_between(date(2026, 1, 1), date(2027, 3, 1)) is CalendarStatus.PROVISIONAL
    assert CALENDAR.status_between(date(2015, 1, 1), date(2026, 12, 31)) is CalendarStatus.OFFICIAL
