"""Scalars parsed strictly at the edge.

`Decimal` (amounts in CNY, ratios) takes a string of ASCII digits (`-12.50`, `1e3`) or a JSON number,
finite, below 10^15 and with at most 12 decimal places: anything else is a coercion error naming the
variable, before any rule or database sees a value it cannot hold (`1e400` would otherwise fail deep
inside as INTERNAL).
"""

from __future__ import annotations

import decimal
import re

from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.schema.types.base_scalars import DecimalDefinition
from strawberry.types.scalar import ScalarDefinition

# ASCII digits only: no spaces, underscores, signs other than minus, full-width or other scripts' digits
DECIMAL_TEXT = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?", re.ASCII)
LARGEST_EXPONENT = 14  # adjusted exponent: values below 10^15
FINEST_EXPONENT = -12


def parse_decimal(value: object) -> decimal.Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise StrawberryInputCoercionError(
            f"Decimal must be a string or a number, not {type(value).__name__}"
        )
    text = str(value)
    if isinstance(value, str) and not DECIMAL_TEXT.fullmatch(text):
        raise StrawberryInputCoercionError(f"Not a decimal number: {text[:40]!r}")
    try:
        parsed = decimal.Decimal(text)
    except decimal.InvalidOperation:
        raise StrawberryInputCoercionError(f"Not a decimal number: {text[:40]!r}") from None
    if not parsed.is_finite():
        raise StrawberryInputCoercionError("A decimal number must be finite")
    if parsed and parsed.adjusted() > LARGEST_EXPONENT:
        raise StrawberryInputCoercionError("A decimal number must be below 10^15")
    exponent = parsed.as_tuple().exponent  # an int, the number being finite
    if isinstance(exponent, int) and exponent < FINEST_EXPONENT:
        raise StrawberryInputCoercionError("A decimal number may have at most 12 decimal places")
    return parsed


STRICT_DECIMAL = ScalarDefinition(
    name=DecimalDefinition.name,
    description=DecimalDefinition.description,
    specified_by_url=None,
    serialize=str,
    parse_value=parse_decimal,
    parse_literal=None,
    origin=decimal.Decimal,
)
SCALAR_OVERRIDES = {decimal.Decimal: STRICT_DECIMAL}
