"""SQL arithmetic on amounts that cannot overflow, exact on PostgreSQL and as near as SQLite allows.

Money columns are NUMERIC(14, 2): up to 999,999,999,999.99 CNY per row. Their sums, and the squares a
concentration index adds up, outgrow that type (the square of a total of 10^6 CNY is past its 12 integer
digits), so nothing computed from them may be cast back to it. PostgreSQL's NUMERIC without a precision
is exact at any size. SQLite stores the amounts as REAL yuan: adding those rounds at every step (totals
of 10^13 CNY come out cents off), and its integer `sum()` fails on overflow instead of widening. So
amounts are counted in cents, which SQLite holds as whole-number REALs: their sums are exact below 2^53
cents (about 9·10^13 CNY) and approximate, never failing, above; squares of amounts there are REALs too
(15–16 significant digits).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Numeric
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class cents(FunctionElement[Decimal]):
    """A CNY amount in cents, in a type whose sums and squares cannot overflow (see the module)."""

    type = Numeric()
    inherit_cache = True


@compiles(cents)
def _cents_sqlite(element: cents, compiler: SQLCompiler, **kw: Any) -> str:
    (amount,) = element.clauses
    # round: 0.07 is stored as 0.07000000000000000666…, and a cent more or less must not survive
    return f"round({compiler.process(amount, **kw)} * 100)"


@compiles(cents, "postgresql")
def _cents_postgresql(element: cents, compiler: SQLCompiler, **kw: Any) -> str:
    (amount,) = element.clauses
    return f"(CAST({compiler.process(amount, **kw)} AS NUMERIC) * 100)"


class rounded_quotient(FunctionElement[Decimal]):
    """`numerator / denominator` of non-negative numbers, rounded half up to a whole number (四舍五入).

    Exact on PostgreSQL (integer division of NUMERICs); on SQLite a division of REALs, so once the operands
    pass 2^53 a quotient within a few parts in 10^16 of a half may round either way.
    """

    type = Numeric()
    inherit_cache = True


@compiles(rounded_quotient)
def _rounded_quotient_sqlite(element: rounded_quotient, compiler: SQLCompiler, **kw: Any) -> str:
    numerator, denominator = (f"({compiler.process(clause, **kw)})" for clause in element.clauses)
    return f"CAST((2.0 * {numerator} + {denominator}) / (2.0 * {denominator}) AS INTEGER)"


@compiles(rounded_quotient, "postgresql")
def _rounded_quotient_postgresql(element: rounded_quotient, compiler: SQLCompiler, **kw: Any) -> str:
    numerator, denominator = (
        f"CAST({compiler.process(clause, **kw)} AS NUMERIC)" for clause in element.clauses
    )
    return f"div(2 * {numerator} + {denominator}, 2 * {denominator})"
