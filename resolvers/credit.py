"""Query resolvers of credit and inspections."""

from __future__ import annotations

import strawberry
from sqlalchemy import select

from zhongjie.auth.visibility import VISIBILITY
from zhongjie.models import CreditRecord as RecordRow
from zhongjie.models import InspectionPlan as PlanRow
from zhongjie.resolvers.filters import region_code
from zhongjie.resolvers.pagination import DEFAULT_PAGE_SIZE, Ordering, paginate
from zhongjie.schema.credit import (
    RECORD_ROWS,
    CreditProfile,
    CreditRecord,
    InspectionPlan,
    InspectionPlanFilter,
)
from zhongjie.schema.relay import After, Connection, First


async def credit_profile(info: strawberry.Info, credit_code: str) -> CreditProfile | None:
    row = await info.context.loaders.credit_profile.load(credit_code.strip().upper()[:18])
    return CreditProfile.from_row(row) if row else None


async def records_of(
    info: strawberry.Info, credit_code: str, first: int, after: str | None
) -> Connection[CreditRecord]:
    statement = select(RecordRow).where(
        RecordRow.credit_code == credit_code, VISIBILITY.row_filter(info.context.principal, RECORD_ROWS)
    )
    ordering = Ordering(
        name="RECORDED_AT:DESC", column=RecordRow.recorded_at, key=RecordRow.id, descending=True
    )
    holder = await info.context.loaders.agency_by_credit_code.load(credit_code)  # loaded already, mostly
    organisation_id = holder.organisation_id if holder else None
    return await paginate(
        info.context.database,
        statement,
        ordering,
        first,
        after,
        lambda row: CreditRecord.from_row(row, organisation_id),
    )


async def inspection_plans(
    info: strawberry.Info,
    first: First = DEFAULT_PAGE_SIZE,
    after: After = None,
    filter: InspectionPlanFilter | None = None,
) -> Connection[InspectionPlan]:
    where = filter or InspectionPlanFilter()
    statement = select(PlanRow)
    if where.sector is not None:
        statement = statement.where(PlanRow.sector == where.sector[:64])
    if where.region_code is not None:
        statement = statement.where(
            PlanRow.region_code == region_code(where.region_code, "filter.regionCode")
        )
    ordering = Ordering(name="CREATED_AT:DESC", column=PlanRow.created_at, key=PlanRow.id, descending=True)
    return await paginate(info.context.database, statement, ordering, first, after, InspectionPlan.from_row)
