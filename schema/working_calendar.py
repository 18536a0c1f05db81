"""The working-day calendar (工作日历) as GraphQL types: a year's holidays and make-up workdays, and how
sure the platform is of them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Self

import strawberry

from zhongjie.domain.calendar import HOLIDAY, CalendarStatus
from zhongjie.domain.calendar_store import KnownYear
from zhongjie.schema.enums import labelled

CalendarStatusEnum = Annotated[
    CalendarStatus,
    labelled(
        CalendarStatus,
        name="CalendarStatus",
        description="How a year's working days are known.",
        labels={
            CalendarStatus.OFFICIAL: "正式 the State Council's notice for the year is in",
            CalendarStatus.PROVISIONAL: "暂定 only the statutory holidays, "
            "until the year's notice is imported",
            CalendarStatus.UNKNOWN: "未知 no arrangement: deadlines reaching it are refused, "
            "reads count Mon–Fri",
        },
    ),
]


@strawberry.type(description="A day off (放假) or a make-up workday (调休上班).")
class CalendarDay:
    date: date = strawberry.field(description="The day (Beijing date).")
    name: str = strawberry.field(description="The holiday it belongs to, e.g. 春节.")


@strawberry.type(description="One year of the working-day calendar (年度节假日安排).")
class WorkingCalendarYear:
    year: int = strawberry.field(description="The year.")
    status: CalendarStatusEnum = strawberry.field(description="Official, provisional or unknown.")
    provisional: bool = strawberry.field(description="Not yet the State Council's arrangement (暂定).")
    holidays: list[CalendarDay] = strawberry.field(
        description="Days off, weekends within a holiday included."
    )
    make_up_workdays: list[CalendarDay] = strawberry.field(description="Weekend days worked (调休上班).")
    working_days: int | None = strawberry.field(description="Working days in the year; null when unknown.")
    source: str | None = strawberry.field(description="`shipped`, or the file an operator imported.")
    updated_at: datetime | None = strawberry.field(description="When the year last changed.")

    @classmethod
    def of(cls, year: int, known: KnownYear | None) -> Self:
        """`year` as the calendar knows it (`known`), or as unknown."""
        if known is None:
            return cls(
                year=year,
                status=CalendarStatus.UNKNOWN,
                provisional=False,
                holidays=[],
                make_up_workdays=[],
                working_days=None,
                source=None,
                updated_at=None,
            )
        return cls(
            year=year,
            status=CalendarStatus.PROVISIONAL if known.provisional else CalendarStatus.OFFICIAL,
            provisional=known.provisional,
            holidays=[CalendarDay(date=d.day, name=d.name) for d in known.days if d.kind == HOLIDAY],
            make_up_workdays=[CalendarDay(date=d.day, name=d.name) for d in known.days if d.kind != HOLIDAY],
            working_days=known.working_days,
            source=known.source,
            updated_at=known.updated_at,
        )
