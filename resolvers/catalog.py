"""Root query resolvers of the service-item catalog."""

from __future__ import annotations

import strawberry
from sqlalchemy import Select, select

from zhongjie.base.regions import ancestors_and_self
from zhongjie.models import AdministrativeMatter as MatterRow
from zhongjie.models import QualificationType as QualificationTypeRow
from zhongjie.models import ServiceItem as ServiceItemRow
from zhongjie.models import ServiceItemQualification, service_item_matters
from zhongjie.resolvers.filters import region_code, text_search
from zhongjie.resolvers.pagination import DEFAULT_PAGE_SIZE, Ordering, paginate
from zhongjie.schema.catalog import (
    AdministrativeMatter,
    AdministrativeMatterFilter,
    QualificationType,
    ServiceItem,
    ServiceItemFilter,
    ServiceItemOrder,
)
from zhongjie.schema.enums import SortDirection
from zhongjie.schema.relay import After, Connection, First


def _item_ordering(order: ServiceItemOrder | None) -> Ordering:
    order = order or ServiceItemOrder()
    column = getattr(ServiceItemRow, order.field.value)
    descending = order.direction is SortDirection.DESC
    name = f"{order.field.name}:{order.direction.name}"
    return Ordering(name=name, column=column, key=ServiceItemRow.id, descending=descending)


def _item_statement(where: ServiceItemFilter | None) -> Select[tuple[ServiceItemRow]]:
    where = where or ServiceItemFilter()
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
    info: strawberry.Info,
    first: First = DEFAULT_PAGE_SIZE,
    after: After = None,
    filter: ServiceItemFilter | None = None,
    order_by: ServiceItemOrder | None = None,
) -> Connection[ServiceItem]:
    return await paginate(
        info.context.database,
        _item_statement(filter),
        _item_ordering(order_by),
        first,
        after,
        ServiceItem.from_row,
    )


async def service_item(info: strawberry.Info, code: str) -> ServiceItem | None:
    row = await info.context.loaders.service_item_by_code.load(code.strip().upper()[:40])
    return ServiceItem.from_row(row) if row else None


async def administrative_matters(
    info: strawberry.Info,
    first: First = DEFAULT_PAGE_SIZE,
    after: After = None,
    filter: AdministrativeMatterFilter | None = None,
) -> Connection[AdministrativeMatter]:
    where = filter or AdministrativeMatterFilter()
    statement = select(MatterRow)
    if where.search is not None:
        statement = statement.where(
            text_search(where.search, "filter.search", MatterRow.name, MatterRow.code)
        )
    if where.power_types:
        statement = statement.where(MatterRow.power_type.in_([p.value for p in where.power_types]))
    ordering = Ordering(name="CODE:ASC", column=MatterRow.code, key=MatterRow.id)
    return await paginate(
        info.context.database, statement, ordering, first, after, AdministrativeMatter.from_row
    )


async def qualification_types(info: strawberry.Info) -> list[QualificationType]:
    async with info.context.database.session() as session:
        rows = await session.scalars(select(QualificationTypeRow).order_by(QualificationTypeRow.code))
        return [QualificationType.from_row(row) for row in rows]
