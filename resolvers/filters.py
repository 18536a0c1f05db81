"""Checks of filter arguments at the edge, shared by the query resolvers."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, true
from sqlalchemy.orm import InstrumentedAttribute

from zhongjie.base.errors import BadInput
from zhongjie.base.regions import REGION_CODE

MAX_SEARCH_LENGTH = 100


def region_code(value: str, field: str) -> str:
    if not REGION_CODE.fullmatch(value):
        raise BadInput("invalid_region_code", field=field, value=value[:20])
    return value


def text_search(text: str, field: str, *columns: InstrumentedAttribute[str]) -> ColumnElement[bool]:
    """Case-insensitive substring match on any of `columns`; blank text matches everything."""
    cleaned = text.strip()
    if len(cleaned) > MAX_SEARCH_LENGTH:
        raise BadInput("too_long", field=field, maximum=MAX_SEARCH_LENGTH)
    if not cleaned:
        return true()
    pattern = "%" + cleaned.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return or_(*(column.ilike(pattern, escape="\\") for column in columns))
