"""The working-day calendar as tables, and Beijing-time date expressions, so SQL can count working days.

`calendar_years` lists the years the calendar knows, each official or provisional, with where its
arrangement came from; `calendar_days` holds every day of the known years from the first on (the running
calendar is read back from them, `domain.calendar_store`). `working_ordinal` numbers the working days, so
the working days after day A up to and including day B are `ordinal(B) - ordinal(A)`, the same as
`WorkingCalendar.working_days_between(A, B)`. Both are written by `zhongjie migrate` (the shipped years)
and `zhongjie import holidays` (a State Council notice).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import Boolean, Date, Integer, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.visitors import InternalTraversal

from zhongjie.models.base import Base, UTCDateTime

# China keeps no daylight saving time: Beijing time is UTC+8 all year
BEIJING_OFFSET = "+8 hours"


class CalendarDay(Base):
    """One day of the working-day calendar (工作日历), Asia/Shanghai."""

    __tablename__ = "calendar_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    working: Mapped[bool] = mapped_column(Boolean)
    working_ordinal: Mapped[int] = mapped_column(
        Integer, doc="Working days from the table's first day up to and including this one."
    )
    name: Mapped[str | None] = mapped_column(String(60), doc="The holiday, or the make-up workday's holiday.")


class CalendarYear(Base):
    """A year of the working-day calendar (年度节假日安排): official or provisional, and its source."""

    __tablename__ = "calendar_years"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    provisional: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str] = mapped_column(String(200), doc="`shipped`, or the file an operator imported.")
    version: Mapped[str] = mapped_column(String(32), doc="Changes with every change of the year's days.")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class beijing_date(FunctionElement[date]):
    """The Beijing calendar date of a UTC timestamp column."""

    type = Date()
    inherit_cache = True


@compiles(beijing_date)
def _beijing_date_sqlite(element: beijing_date, compiler: SQLCompiler, **kw: Any) -> str:
    (timestamp,) = element.clauses
    return f"date({compiler.process(timestamp, **kw)}, '{BEIJING_OFFSET}')"


@compiles(beijing_date, "postgresql")
def _beijing_date_postgresql(element: beijing_date, compiler: SQLCompiler, **kw: Any) -> str:
    (timestamp,) = element.clauses
    return f"CAST(({compiler.process(timestamp, **kw)} AT TIME ZONE 'Asia/Shanghai') AS DATE)"


# period units: (strftime format, PostgreSQL to_char format) of the period a Beijing time falls in
PERIOD_FORMATS = {
    "year": ("%Y", "YYYY"),
    "quarter": ("%Y-Q", 'YYYY-"Q"Q'),
    "month": ("%Y-%m", "YYYY-MM"),
}


class beijing_period(FunctionElement[str]):
    """The period (`2026`, `2026-Q4`, `2026-11`) a UTC timestamp column falls in, Beijing time.

    Built as `beijing_period(column, unit)` with `unit` one of `PERIOD_FORMATS`.
    """

    type = String()
    inherit_cache = True
    _traverse_internals: ClassVar[list[tuple[str, Any]]] = [  # type: ignore[misc]  # stubs lack ClassVar
        *FunctionElement._traverse_internals,
        ("unit", InternalTraversal.dp_string),  # part of the cache key: each unit compiles differently
    ]

    def __init__(self, timestamp: Any, unit: str) -> None:
        if unit not in PERIOD_FORMATS:
            raise ValueError(f"unknown period unit {unit!r}")
        self.unit = unit
        super().__init__(timestamp)


@compiles(beijing_period)
def _beijing_period_sqlite(element: beijing_period, compiler: SQLCompiler, **kw: Any) -> str:
    (timestamp,) = element.clauses
    column = compiler.process(timestamp, **kw)
    text = f"strftime('{PERIOD_FORMATS[element.unit][0]}', {column}, '{BEIJING_OFFSET}')"
    if element.unit == "quarter":  # strftime has no quarter
        month = f"CAST(strftime('%m', {column}, '{BEIJING_OFFSET}') AS INTEGER)"
        text = f"({text} || (({month} + 2) / 3))"
    return text


@compiles(beijing_period, "postgresql")
def _beijing_period_postgresql(element: beijing_period, compiler: SQLCompiler, **kw: Any) -> str:
    (timestamp,) = element.clauses
    column = compiler.process(timestamp, **kw)
    return f"to_char({column} AT TIME ZONE 'Asia/Shanghai', '{PERIOD_FORMATS[element.unit][1]}')"
