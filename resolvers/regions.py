"""Reads of administrative divisions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from zhongjie.models import Region as RegionRow
from zhongjie.resolvers.context import RequestContext
from zhongjie.resolvers.filters import region_code, text_search
from zhongjie.resolvers.pagination import Ordering, Page, paginate

REGION_PAGE_SIZE = 100


async def regions(context: RequestContext, first: int, after: str | None, where: Any) -> Page[Any]:
    """Regions matching `where` (a `RegionFilter`), by code."""
    statement = select(RegionRow)
    if where.parent_code is not None:
        statement = statement.where(
            RegionRow.parent_code == region_code(where.parent_code, "filter.parentCode")
        )
    if where.level is not None:
        statement = statement.where(RegionRow.level == where.level.value)
    if where.search is not None:
        statement = statement.where(
            text_search(where.search, "filter.search", RegionRow.name, RegionRow.code)
        )
    ordering = Ordering(name="CODE:ASC", column=RegionRow.code, key=RegionRow.code)
    return await paginate(context.loaders.reads, statement, ordering, first, after)
