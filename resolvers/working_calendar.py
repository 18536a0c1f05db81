"""`workingCalendar(year:)`: one year of the calendar as the database holds it."""

from __future__ import annotations

import strawberry

from zhongjie.base.errors import BadInput
from zhongjie.domain.calendar import HOLIDAY, CalendarStatus
from zhongjie.domain.calendar_store import load_year
from zhongjie.schema.working_calendar import CalendarDay, WorkingCalendarYear

FIRST_YEAR, LAST_YEAR = 1949, 2200


async def working_calendar(info: strawberry.Info, year: int) -> WorkingCalendarYear:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise BadInput(
            "calendar_year_out_of_range", field="year", argument="year", minimum=FIRST_YEAR, maximum=LAST_YEAR
        )
    async with info.context.database.session() as session:
        known = await load_year(session, year)
    if known is None:
        return WorkingCalendarYear(
            year=year,
            status=CalendarStatus.UNKNOWN,
            provisional=False,
            holidays=[],
            make_up_workdays=[],
            working_days=None,
            source=None,
            updated_at=None,
        )
    return WorkingCalendarYear(
        year=year,
        status=CalendarStatus.PROVISIONAL if known.provisional else CalendarStatus.OFFICIAL,
        provisional=known.provisional,
        holidays=[CalendarDay(date=d.day, name=d.name) for d in known.days if d.kind == HOLIDAY],
        make_up_workdays=[CalendarDay(date=d.day, name=d.name) for d in known.days if d.kind != HOLIDAY],
        working_days=known.working_days,
        source=known.source,
        updated_at=known.updated_at,
    )
