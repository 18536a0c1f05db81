"""Reads of credit and inspections."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from zhongjie.auth.visibility import VISIBILITY
from zhongjie.domain.credit.access import RECORD_ROWS
from zhongjie.domain.values import credit_code_key
from zhongjie.models import CreditRecord as RecordRow
from zhongjie.models import InspectionPlan as PlanRow
from zhongjie.resolvers.context import RequestContext
from zhongjie.resolvers.filters import region_code
from zhongjie.resolvers.pagination import Ordering, Page, paginate


async def credit_profile(context: RequestContext, credit_code: str) -> Any | None:
    return await context.loaders.credit_profile.load(credit_code_key(credit_code))


async def records_of(
    context: RequestContext, credit_code: str, first: int, after: str | None
) -> tuple[Page[Any], int | None]:
    """The credit code's records the caller may see, newest first, and the organisation of the agency
    holding the code (the records' rule reads it), if one does."""
    statement = select(RecordRow).where(
        RecordRow.credit_code == credit_code, VISIBILITY.row_filter(context.principal, RECORD_ROWS)
    )
    ordering = Ordering(
        name="RECORDED_AT:DESC", column=RecordRow.recorded_at, key=RecordRow.id, descending=True
    )
    holder = await context.loaders.agency_by_credit_code.load(credit_code)  # loaded already, mostly
    page = await paginate(context.loaders.reads, statement, ordering, first, after)
    return page, holder.organisation_id if holder else None


async def inspection_plans(context: RequestContext, first: int, after: str | None, where: Any) -> Page[Any]:
    """Plans matching `where` (an `InspectionPlanFilter`), newest first."""
    statement = select(PlanRow)
    if where.sector is not None:
        statement = statement.where(PlanRow.sector == where.sector[:64])
    if where.region_code is not None:
        statement = statement.where(
            PlanRow.region_code == region_code(where.region_code, "filter.regionCode")
        )
    ordering = Ordering(name="CREATED_AT:DESC", column=PlanRow.created_at, key=PlanRow.id, descending=True)
    return await paginate(context.loaders.reads, statement, ordering, first, after)
