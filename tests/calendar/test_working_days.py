"""Working days across the 2026 Spring Festival and National Day, with their make-up workdays."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhongjie.domain.calendar import shipped_calendar
from zhongjie.domain.calendar_store import day_rows, sync_days
from zhongjie.models import CalendarDay

CALENDAR = shipped_calendar()
CALENDAR_FIRST_DAY, CALENDAR_LAST_DAY = date(min(CALENDAR.years), 1, 1), date(max(CALENDAR.years), 12, 31)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 2, 13), True),  # Friday before the Spring Festival
        (date(2026, 2, 14), True),  # Saturday, make-up workday
        (date(2026, 2, 15), False),
        (date(2026, 2, 18), False),  # Wednesday in the holiday
        (date(2026, 2, 23), False),  # Monday, last day off
        (date(2026, 2, 24), True),
        (date(2026, 2, 28), True),  # Saturday, make-up workday
        (date(2026, 3, 1), False),  # ordinary Sunday
        (date(2026, 9, 20), True),  # Sunday, make-up workday
        (date(2026, 10, 1), False),
        (date(2026, 10, 7), False),
        (date(2026, 10, 8), True),
        (date(2026, 10, 10), True),  # Saturday, make-up workday
        (date(2026, 10, 11), False),
    ],
)
def test_working_days_of_2026(day: date, working: bool) -> None:
    assert CALENDAR.is_working_day(day) is working


def test_adding_working_days_across_the_spring_festival() -> None:
    # from Thu 12 Feb: Fri 13, Sat 14 (make-up), then the holiday until Mon 23; Tue 24 is the third
    assert CALENDAR.add_working_days(date(2026, 2, 12), 3) == date(2026, 2, 24)
    assert CALENDAR.add_working_days(date(2026, 2, 12), 2) == date(2026, 2, 14)
    assert CALENDAR.working_days_between(date(2026, 2, 12), date(2026, 2, 27)) == 6


def test_adding_working_days_across_national_day() -> None:
    # from Tue 29 Sep: Wed 30, then Oct 1-7 off, Thu 8, Fri 9, Sat 10 (make-up)
    assert CALENDAR.add_working_days(date(2026, 9, 29), 4) == date(2026, 10, 10)
    assert CALENDAR.add_working_days(date(2026, 9, 18), 2) == date(2026, 9, 21)  # Sun 20 is a workday


def test_deadlines_are_at_close_of_business_beijing_time() -> None:
    # published late on Friday evening Beijing time (UTC morning) counts from that Beijing date
    published = datetime(2026, 2, 13, 15, 30, tzinfo=UTC)  # 23:30 Beijing, Friday
    assert CALENDAR.deadline(published, 1) == datetime(2026, 2, 14, 9, 0, tzinfo=UTC)  # 17:00 Sat (make-up)


@given(
    st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 1)), st.integers(min_value=0, max_value=40)
)
def test_adding_then_counting_agrees(start: date, count: int) -> None:
    end = CALENDAR.add_working_days(start, count)
    assert CALENDAR.working_days_between(start, end) == count
    assert count == 0 or CALENDAR.is_working_day(end)


ORDINALS = {row["day"]: row["working_ordinal"] for row in day_rows(CALENDAR)}


@given(
    st.dates(min_value=CALENDAR_FIRST_DAY, max_value=CALENDAR_LAST_DAY),
    st.dates(min_value=CALENDAR_FIRST_DAY, max_value=CALENDAR_LAST_DAY),
)
def test_the_calendar_table_counts_working_days_as_the_calendar_does(start: date, end: date) -> None:
    start, end = min(start, end), max(start, end)
    assert ORDINALS[end] - ORDINALS[start] == CALENDAR.working_days_between(start, end)


async def test_migrate_syncs_the_calendar_table_idempotently(database) -> None:
    async with database.transaction() as session:
        assert await sync_days(session, CALENDAR) == 0  # already in line after prepare_database
        day = await session.get(CalendarDay, date(2026, 10, 9))
        day.working_ordinal += 1  # as if an older calendar had been shipped
    async with database.transaction() as session:
        assert await sync_days(session, CALENDAR) == 1
    async with database.session() as session:
        assert (await session.get(CalendarDay, date(2026, 10, 9))).working_ordinal == ORDINALS[
            date(2026, 10, 9)
        ]
