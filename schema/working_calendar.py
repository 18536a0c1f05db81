"""The working-day calendar (工作日历) as GraphQL types: a year's holidays and make-up workdays, and how
sure the platform is of them."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from zhongjie.domain.calendar import CalendarStatus
from zhongjie.schema.enums import labelled

CalendarStatusEnum = labelled(
    CalendarStatus,
    name="CalendarStatus",
    description="How a year's working days are known.",
    labels={
        CalendarStatus.OFFICIAL: "正式 the State Council's notice for the year is in",
        CalendarStatus.PROVISIONAL: "暂定 only the statutory holidays, until the year's notice is imported",
        CalendarStatus.UNKNOWN: "未知 no arrangement: deadlines reaching it are refused, reads count Mon–Fri",
    },
)


@strawberry.type(description="A day off (放假) or a make-up workday (调休上班).")
class CalendarDay:
    date: date = strawberry.field(description="The day (Beijing date).")
    name: str = strawberry.field(description="The holiday it belongs to, e.g. 春节.")


@strawberry.type(description="One year of the working-day calendar (年度节假日安排).")
class WorkingCalendarYear:
    year: int = strawberry.field(description="The year.")
    status: CalendarStatusEnum = strawberry.field(description="Official, provisional or unknown.")  # type: ignore[valid-type]
    provisional: bool = strawberry.field(description="Not yet the State Council's arrangement (暂定).")
    holidays: list[CalendarDay] = strawberry.field(
        description="Days off, weekends within a holiday included."
    )
    make_up_workdays: list[CalendarDay] = strawberry.field(description="Weekend days worked (调休上班).")
    working_days: int | None = strawberry.field(description="Working days in the year; null when unknown.")
    source: str | None = strawberry.field(description="`shipped`, or the file an operator imported.")
    updated_at: datetime | None = strawberry.field(description="When the year last changed.")
