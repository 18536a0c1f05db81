"""The shared money rules (domain/values.py) that offers, bids, contracts and applications check prices by."""

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.domain.values import checked_amount, checked_price, local_day, midnight

CEILING, FLOOR = Decimal("50000.00"), Decimal("30000.00")
fen = st.integers(min_value=-(10**9), max_value=10**9).map(lambda n: Decimal(n).scaleb(-2))


def _refusal(check: Callable[..., Decimal], *args: object, **kwargs: object) -> str | None:
    """The message key `check` refuses with (always as INVALID), or None."""
    try:
        check(*args, **kwargs)
    except RuleViolation as refusal:
        assert refusal.user_code is UserErrorCode.INVALID
        return refusal.message_key
    return None


@given(fen)
def test_a_price_within_ceiling_and_floor_passes_unchanged(value: Decimal) -> None:
    refusal = _refusal(checked_price, value, CEILING, FLOOR)
    if value <= 0:
        assert refusal == "invalid_amount"
    elif value > CEILING or value < FLOOR:
        assert refusal == "price_out_of_range"
    else:
        assert refusal is None
        assert checked_price(value, CEILING, FLOOR) == value


@pytest.mark.parametrize("value", ["0.001", "12.345", "NaN", "Infinity", "-1", "0"])
def test_amounts_are_positive_whole_fen(value: str) -> None:
    assert _refusal(checked_amount, Decimal(value), "input.budget") == "invalid_amount"
    assert _refusal(checked_price, Decimal(value), CEILING, None) == "invalid_amount"


def test_an_amount_limit_is_exclusive() -> None:
    assert _refusal(checked_amount, Decimal("999.99"), "input.budget", below=Decimal(1000)) is None
    assert _refusal(checked_amount, Decimal("1000"), "input.budget", below=Decimal(1000)) == "invalid_amount"


def test_without_a_floor_only_the_ceiling_bounds() -> None:
    assert checked_price(Decimal("0.01"), CEILING, None) == Decimal("0.01")


def test_days_count_in_beijing_time() -> None:
    assert local_day(datetime(2026, 9, 30, 16, 0, tzinfo=UTC)) == date(2026, 10, 1)
    assert midnight(date(2026, 10, 1)) == datetime(2026, 9, 30, 16, 0, tzinfo=UTC)
