"""Root query resolvers of administrative divisions."""

from __future__ import annotations

import strawberry
from sqlalchemy import select

from zhongjie.models import Region as RegionRow
from zhongjie.resolvers.filters import region_code, text_search
from zhongjie.resolvers.pagination import Ordering, paginate
from zhongjie.schema.regions import Region, RegionFilter
from zhongjie.schema.relay import After, Connection, First

REGION_PAGE_SIZE = 100


async def regions(
    info: strawberry.Info,
    first: First = REGION_PAGE_SIZE,
    after: After = None,
    filter: RegionFilter | None = None,
) -> Connection[Region]:
    where = filter or RegionFilter()
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
    return await paginate(info.context.database, statement, ordering, first, after, Region.from_row)
