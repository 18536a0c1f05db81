"""Reads of the service-item catalog: items, administrative matters, qualification types."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from zhongjie.base.regions import ancestors_and_self
from zhongjie.models import AdministrativeMatter as MatterRow
from zhongjie.models import QualificationType as QualificationTypeRow
from zhongjie.models import ServiceItem as ServiceItemRow
from zhongjie.models import ServiceItemQualification, service_item_matters
from zhongjie.resolvers.context import RequestContext
from zhongjie.resolvers.filters import region_code, text_search
from zhongjie.resolvers.pagination import Ordering, Page, paginate


def _item_statement(where: Any) -> Select[ServiceItemRow]:
    statement = select(ServiceItemRow)
    if where.search is not None:
        statement = statement.where(
            text_search(where.search, "filter.search", ServiceItemRow.name, ServiceItemRow.code)
        )
    if where.types:
        statement = statement.where(ServiceItemRow.service_type.in_([t.value for t in where.types]))
    if where.pricing_types:
        statement = statement.where(ServiceItemRow.pricing_type.in_([p.value for p in where.pricing_types]))
    if where.region_code is not None:
        code = region_code(where.region_code, "filter.regionCode")
        statement = statement.where(ServiceItemRow.region_code.in_(ancestors_and_self(code)))
    if where.administrative_matter_code is not None:
        statement = statement.where(
            ServiceItemRow.id.in_(
                select(service_item_matters.c.service_item_id)
                .join(MatterRow, MatterRow.id == service_item_matters.c.matter_id)
                .where(MatterRow.code == where.administrative_matter_code)
            )
        )
    if where.qualification_type_code is not None:
        statement = statement.where(
            ServiceItemRow.id.in_(
                select(ServiceItemQualification.service_item_id).where(
                    ServiceItemQualification.qualification_type_code == where.qualification_type_code
                )
            )
        )
    if where.active is not None:
        statement = statement.where(ServiceItemRow.active.is_(where.active))
    return statement


async def service_items(
    context: RequestContext, first: int, after: str | None, where: Any, order: Any
) -> Page[Any]:
    """Catalog items matching `where` (a `ServiceItemFilter`) in `order` (a `ServiceItemOrder`)."""
    ordering = Ordering.chosen(order.field, order.direction, ServiceItemRow, ServiceItemRow.id)
    return await paginate(context.loaders.reads, _item_statement(where), ordering, first, after)


async def service_item(context: RequestContext, code: str) -> Any | None:
    return await context.loaders.service_item_by_code.load(code.strip().upper()[:40])


async def administrative_matters(
    context: RequestContext, first: int, after: str | None, where: Any
) -> Page[Any]:
    """Matters matching `where` (an `AdministrativeMatterFilter`), by code."""
    statement = select(MatterRow)
    if where.search is not None:
        statement = statement.where(
            text_search(where.search, "filter.search", MatterRow.name, MatterRow.code)
        )
    if where.power_types:
        statement = statement.where(MatterRow.power_type.in_([p.value for p in where.power_types]))
    ordering = Ordering(name="CODE:ASC", column=MatterRow.code, key=MatterRow.id)
    return await paginate(context.loaders.reads, statement, ordering, first, after)


async def qualification_types(context: RequestContext) -> list[Any]:
    async with context.database.session() as session:
        return list(await session.scalars(select(QualificationTypeRow).order_by(QualificationTypeRow.code)))
