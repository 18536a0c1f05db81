"""Reads of notices (`notices`); their mutations are in `notice_mutations`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from zhongjie.auth.visibility import VISIBILITY
from zhongjie.base.regions import ancestors_and_self
from zhongjie.domain.notices.access import NOTICE_ROWS
from zhongjie.models import Notice as NoticeRow
from zhongjie.resolvers.context import RequestContext
from zhongjie.resolvers.filters import region_code
from zhongjie.resolvers.pagination import Ordering, Page, paginate


async def notices_of(context: RequestContext, first: int, after: str | None, region: str | None) -> Page[Any]:
    """The notices the caller may see, newest first; for a region, its own and those of the regions
    above it."""
    statement = select(NoticeRow).where(VISIBILITY.row_filter(context.principal, NOTICE_ROWS))
    if region is not None:
        statement = statement.where(
            NoticeRow.region_code.in_(ancestors_and_self(region_code(region, "region")))
        )
    ordering = Ordering(name="ID:DESC", column=NoticeRow.id, key=NoticeRow.id, descending=True)
    return await paginate(context.loaders.reads, statement, ordering, first, after)
