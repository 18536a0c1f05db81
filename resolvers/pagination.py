"""Keyset pagination: validated page requests, opaque cursors and page queries.

A cursor carries the ordering it was made for and the sort key of its row (the
ordering column and the primary key), so the next page is a range scan on an index,
whatever the depth, and a cursor from another ordering is refused.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, literal, select, tuple_
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.types import TypeDecorator

from zhongjie.base.errors import BadInput
from zhongjie.models.database import Readable

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20

Row = TypeVar("Row")


class SortDirection(Enum):
    """The direction of an ordering the caller chooses (the schema describes its values)."""

    ASC = "ASC"
    DESC = "DESC"


@dataclass(frozen=True)
class Ordering:
    """A sort order: its name (part of the cursor), its column and the tie-breaking key."""

    name: str
    column: InstrumentedAttribute[Any]
    key: InstrumentedAttribute[Any]
    descending: bool = False

    @classmethod
    def chosen(
        cls, field: Enum, direction: SortDirection, model: Any, key: InstrumentedAttribute[Any]
    ) -> Ordering:
        """The ordering a caller chose: `field`'s value names `model`'s column, and the names of
        `field` and `direction` make the ordering's name."""
        return cls(
            name=f"{field.name}:{direction.name}",
            column=getattr(model, field.value),
            key=key,
            descending=direction is SortDirection.DESC,
        )

    def sort_key(self, row: Any) -> list[Any]:
        return [_to_json(getattr(row, self.column.key)), _to_json(getattr(row, self.key.key))]

    def order_by(self) -> list[Any]:
        if self.descending:
            return [self.column.desc(), self.key.desc()]
        return [self.column.asc(), self.key.asc()]

    def after(self, values: list[Any]) -> Any:
        position = tuple_(self.column, self.key)
        bound = tuple_(
            *(
                literal(_from_json(value, column), column.type)
                for value, column in zip(values, (self.column, self.key), strict=True)
            )
        )
        return position < bound if self.descending else position > bound


def _to_json(value: Any) -> Any:
    """Sort values as JSON: moments in ISO form, amounts as their exact decimal text."""
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value) if isinstance(value, Decimal) else value


def _python_type(column: InstrumentedAttribute[Any]) -> type:
    column_type = column.type
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl_instance
    return column_type.python_type


LARGEST_KEY = 2**63 - 1  # what a BIGINT holds


def _from_json(value: Any, column: InstrumentedAttribute[Any]) -> Any:
    """The sort value of a cursor as its column holds it; ValueError or OverflowError if it cannot be."""
    wanted = _python_type(column)
    if wanted is datetime:
        moment = datetime.fromisoformat(value)
        moment.astimezone(UTC)  # OverflowError beyond the years UTC can hold
        return moment
    if wanted is int and isinstance(value, int) and abs(value) > LARGEST_KEY:
        raise OverflowError(value)
    if wanted is Decimal:
        amount = Decimal(value) if isinstance(value, str) else None
        if amount is None or not amount.is_finite():
            raise ValueError(value)
        return amount
    return value


@dataclass(frozen=True)
class PageRequest:
    first: int
    after: list[Any] | None


def page_request(first: int, after: str | None, ordering: Ordering) -> PageRequest:
    """Check `first` and decode `after` for `ordering`; `BadInput` names the bad argument."""
    if not 1 <= first <= MAX_PAGE_SIZE:
        raise BadInput("page_size_out_of_range", field="first", argument="first", maximum=MAX_PAGE_SIZE)
    if after is None:
        return PageRequest(first, None)
    return PageRequest(first, _decode_cursor(after, ordering))


def _encode_cursor(ordering: Ordering, row: Any) -> str:
    payload = json.dumps([ordering.name, *ordering.sort_key(row)], ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def _decode_cursor(cursor: str, ordering: Ordering) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode((cursor + "=" * (-len(cursor) % 4)).encode("ascii"))
        name, *values = json.loads(raw)
        if name != ordering.name or len(values) != 2:
            raise ValueError(name)
        for value, column in zip(values, (ordering.column, ordering.key), strict=True):
            parsed = _from_json(value, column)
            if not isinstance(parsed, _python_type(column)) or isinstance(parsed, bool):
                raise ValueError(value)
    except (ValueError, TypeError, ArithmeticError, UnicodeError, binascii.Error) as error:
        raise BadInput("malformed_cursor", field="after", argument="after") from error
    return values


@dataclass(frozen=True)
class Page(Generic[Row]):
    """One page of rows with their cursors; `count_total` counts the rows of every page, when asked."""

    rows: Sequence[Row]
    cursors: list[str]
    has_next_page: bool
    has_previous_page: bool
    count_total: Callable[[], Awaitable[int]]


async def fetch_page(
    reads: Readable, statement: Select[Any], ordering: Ordering, request: PageRequest
) -> Page[Any]:
    """One query: the page plus one row to learn whether another page follows. Rows come as plain
    records of the entity's columns (read-only, no identity map: several times cheaper to build)."""
    entity = statement.column_descriptions[0]["entity"]
    query = statement.with_only_columns(*entity.__table__.columns, maintain_column_froms=True)
    query = query.order_by(*ordering.order_by()).limit(request.first + 1)
    if request.after is not None:
        query = query.where(ordering.after(request.after))
    async with reads.reading() as connection:
        rows = list((await connection.execute(query)).all())
    has_next = len(rows) > request.first
    rows = rows[: request.first]
    return Page(
        rows=rows,
        cursors=[_encode_cursor(ordering, row) for row in rows],
        has_next_page=has_next,
        has_previous_page=request.after is not None,
        count_total=counter(reads, statement),
    )


def counter(reads: Readable, statement: Select[Any]) -> Callable[[], Awaitable[int]]:
    """A deferred `COUNT(*)` of `statement`, run only if `totalCount` is asked for."""

    async def count() -> int:
        async with reads.reading() as connection:
            return int(
                await connection.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
                or 0
            )

    return count


async def paginate(
    reads: Readable, statement: Select[Any], ordering: Ordering, first: int, after: str | None
) -> Page[Any]:
    """The page of `statement`'s rows that `first` and `after` ask for, in `ordering`."""
    return await fetch_page(reads, statement, ordering, page_request(first, after, ordering))
