"""Value kinds shared across the domain, each checked one way everywhere: money (CNY in whole fen, 分),
credit codes as callers type them, and days as counted in Asia/Shanghai. Division codes, which the layers
below the domain check too, are `base.regions`'."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.domain.agencies import credit_code

# --- money -------------------------------------------------------------------------------------

CENTS = Decimal("0.01")


def cents(value: Decimal) -> Decimal:
    """`value` to whole fen."""
    return value.quantize(CENTS)


def checked_amount(value: Decimal, field: str, *, below: Decimal | None = None) -> Decimal:
    """A positive sum in whole fen, under `below` where one is given; else `invalid_amount` on `field`."""
    exact = value.is_finite() and value > 0 and value == value.quantize(CENTS)
    if not exact or (below is not None and value >= below):
        raise RuleViolation(UserErrorCode.INVALID, "invalid_amount", field=field, value=str(value)[:30])
    return value


def checked_price(value: Decimal, ceiling: Decimal, floor: Decimal | None) -> Decimal:
    """An offered or agreed price (`input.price`): an amount within a project's ceiling (最高限价) and
    floor (最低限价)."""
    checked_amount(value, "input.price")
    if value > ceiling or (floor is not None and value < floor):
        raise RuleViolation(UserErrorCode.INVALID, "price_out_of_range", field="input.price")
    return value


# --- codes -------------------------------------------------------------------------------------


def credit_code_key(text: str) -> str:
    """A credit code a caller names an agency by, as the key to look it up with (not checked: an invalid
    one finds nothing)."""
    return credit_code.normalise(text)[: credit_code.LENGTH]


# --- dates -------------------------------------------------------------------------------------

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local_day(moment: datetime) -> date:
    """The day `moment` falls on in Beijing time, the day deadlines and working days count in."""
    return moment.astimezone(SHANGHAI).date()


def midnight(day: date) -> datetime:
    """The start of `day` in Beijing time, in UTC."""
    return datetime.combine(day, time(0), SHANGHAI).astimezone(UTC)
