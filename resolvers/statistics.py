"""`statistics`: the scope from the filter, checked at the edge, and the domain's aggregations."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from zhongjie.base.errors import BadInput
from zhongjie.domain import statistics
from zhongjie.domain.statistics import Dimension, Measure, PeriodUnit, Scope
from zhongjie.domain.values import midnight
from zhongjie.resolvers.context import RequestContext
from zhongjie.resolvers.filters import region_code

MAX_CELLS, MAX_TOP = 100, 20
MAX_MINIMUM_AWARDS = 1_000_000


def scope_of(where: Any) -> Scope:
    """The scope a `StatisticsFilter` asks for, checked."""
    if where.published_from and where.published_to and where.published_from > where.published_to:
        raise BadInput("period_reversed", field="filter")
    return Scope(
        region_code=region_code(where.region_code, "filter.regionCode") if where.region_code else None,
        service_item_code=where.service_item_code.strip().upper()[:40] if where.service_item_code else None,
        funding_types=frozenset(value.value for value in where.funding_types or ()),
        trade_modes=frozenset(value.value for value in where.trade_modes or ()),
        selection_methods=frozenset(value.value for value in where.selection_methods or ()),
        published_from=midnight(where.published_from) if where.published_from else None,
        published_before=(midnight(where.published_to + timedelta(days=1)) if where.published_to else None),
    )


def _bounded(value: int, argument: str, maximum: int) -> int:
    if not 1 <= value <= maximum:
        raise BadInput("page_size_out_of_range", field=argument, argument=argument, maximum=maximum)
    return value


async def totals(context: RequestContext, scope: Scope) -> statistics.Figures:
    async with context.database.session() as session:
        return await statistics.totals(session, scope)


async def breakdown(
    context: RequestContext, scope: Scope, by: Dimension, period: PeriodUnit, region_level: int
) -> list[statistics.Group]:
    async with context.database.session() as session:
        return await statistics.breakdown(session, scope, by, period, region_level)


async def concentration(
    context: RequestContext,
    scope: Scope,
    region_level: int,
    measure: Measure,
    top: int,
    min_awards: int,
    first: int,
) -> list[statistics.Concentration]:
    top = _bounded(top, "top", MAX_TOP)
    min_awards = _bounded(min_awards, "minAwards", MAX_MINIMUM_AWARDS)
    first = _bounded(first, "first", MAX_CELLS)
    async with context.database.session() as session:
        return await statistics.concentration(
            session,
            scope,
            region_level=region_level,
            measure=measure,
            top=top,
            minimum_awards=min_awards,
            first=first,
        )
