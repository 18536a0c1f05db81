"""`workingCalendar(year:)`: one year of the calendar as the database holds it."""

from __future__ import annotations

from zhongjie.base.errors import BadInput
from zhongjie.domain.calendar_store import KnownYear, load_year
from zhongjie.resolvers.context import RequestContext

FIRST_YEAR, LAST_YEAR = 1949, 2200


async def working_calendar(context: RequestContext, year: int) -> KnownYear | None:
    """The year's arrangement, or None when the calendar does not know it."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise BadInput(
            "calendar_year_out_of_range", field="year", argument="year", minimum=FIRST_YEAR, maximum=LAST_YEAR
        )
    async with context.database.session() as session:
        return await load_year(session, year)
