"""Reads of the agency register: `agencies` (its filter and orders), `agency`, an agency's evaluations."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Exists, Select, and_, exists, func, or_, select

from zhongjie.auth.visibility import VISIBILITY
from zhongjie.base.errors import BadInput
from zhongjie.base.regions import ancestors_and_self
from zhongjie.domain.agencies.access import AGENCY_ROWS
from zhongjie.domain.agencies.vocabulary import ServiceStatus, VerificationState
from zhongjie.domain.values import credit_code_key
from zhongjie.models import Agency as AgencyRow
from zhongjie.models import AgencyBranch as BranchRow
from zhongjie.models import (
    AgencyQualification,
    AgencyService,
    CreditProfile,
    QualificationType,
    ServiceItem,
    agency_branch_regions,
)
from zhongjie.models import ServiceEvaluation as EvaluationRow
from zhongjie.resolvers.context import RequestContext
from zhongjie.resolvers.filters import region_code, text_search
from zhongjie.resolvers.pagination import Ordering, Page, paginate


async def _statement(context: RequestContext, where: Any) -> Select[AgencyRow]:
    today = context.clock().date()
    statement = select(AgencyRow).where(VISIBILITY.row_filter(context.principal, AGENCY_ROWS))
    if where.search is not None:
        statement = statement.where(
            text_search(where.search, "filter.search", AgencyRow.name, AgencyRow.credit_code)
        )
    for values, column in (
        (where.credit_levels, CreditProfile.level),
        (where.restrictions, CreditProfile.restriction),
    ):
        if values:
            statement = statement.where(
                AgencyRow.credit_code.in_(
                    select(CreditProfile.credit_code).where(column.in_([value.value for value in values]))
                )
            )
    if where.statuses:
        statement = statement.where(AgencyRow.status.in_([status.value for status in where.statuses]))
    if where.service_item_code is not None:
        statement = statement.where(
            exists().where(
                AgencyService.agency_id == AgencyRow.id,
                AgencyService.status == ServiceStatus.ACTIVE.value,
                AgencyService.service_item_id == ServiceItem.id,
                ServiceItem.code == where.service_item_code.strip().upper()[:40],
            )
        )
    if where.region_code is not None:
        # 一地入驻、全省通行: admitted anywhere in a province, an agency serves all of it; its
        # branches add the regions they serve, in that province or another
        code = region_code(where.region_code, "filter.regionCode")
        served_by = ancestors_and_self(code)
        statement = statement.where(
            or_(
                func.substr(AgencyRow.region_code, 1, 2) == code[:2],
                exists().where(
                    BranchRow.agency_id == AgencyRow.id,
                    agency_branch_regions.c.branch_id == BranchRow.id,
                    agency_branch_regions.c.region_code.in_(served_by),
                ),
            )
        )
    if where.qualification_type_code is not None:
        statement = statement.where(await _holds_qualification(context, where, today))
    return statement


async def _holds_qualification(context: RequestContext, where: Any, today: object) -> Exists:
    code = (where.qualification_type_code or "").strip().upper()[:40]
    held = and_(
        AgencyQualification.agency_id == AgencyRow.id,
        AgencyQualification.qualification_type_code == code,
        AgencyQualification.verification_state == VerificationState.VERIFIED.value,
        AgencyQualification.valid_until >= today,
    )
    if where.min_level is None:
        return exists().where(held)
    async with context.database.session() as session:
        levels = await session.scalar(select(QualificationType.levels).where(QualificationType.code == code))
    if not levels or where.min_level not in levels:
        raise BadInput(
            "unknown_qualification_level",
            field="filter.minLevel",
            type=code,
            value=where.min_level[:32],
            choices="、".join(levels or []),
        )
    accepted = levels[: levels.index(where.min_level) + 1]
    return exists().where(held, AgencyQualification.level.in_(accepted))


async def agencies(
    context: RequestContext, first: int, after: str | None, where: Any, order: Any
) -> Page[Any]:
    """The agencies the caller may see that match `where` (an `AgencyFilter`), in `order` (an
    `AgencyOrder`: its field's value names the column)."""
    statement = await _statement(context, where)
    ordering = Ordering.chosen(order.field, order.direction, AgencyRow, AgencyRow.id)
    return await paginate(context.loaders.reads, statement, ordering, first, after)


async def agency(context: RequestContext, credit_code: str) -> Any | None:
    return await context.loaders.agency_by_credit_code.load(credit_code_key(credit_code))


async def evaluations_of(context: RequestContext, agency_id: int, first: int, after: str | None) -> Page[Any]:
    """An agency's evaluations, newest first; they are public."""
    statement = select(EvaluationRow).where(EvaluationRow.agency_id == agency_id)
    ordering = Ordering(
        name="CREATED_AT:DESC", column=EvaluationRow.created_at, key=EvaluationRow.id, descending=True
    )
    return await paginate(context.loaders.reads, statement, ordering, first, after)
