"""Reads of projects: `projects` (its filter and orders) and `project`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, select

from zhongjie.auth.visibility import VISIBILITY
from zhongjie.base.errors import BadInput
from zhongjie.base.regions import within_region
from zhongjie.domain.awards.vocabulary import AwardStatus
from zhongjie.domain.projects.access import PROJECT_ROWS
from zhongjie.domain.projects.lifecycle import IN_PERFORMANCE
from zhongjie.models import Organisation, ProjectAward, ServiceItem
from zhongjie.models import Project as ProjectRow
from zhongjie.resolvers.context import RequestContext
from zhongjie.resolvers.filters import region_code, text_search
from zhongjie.resolvers.pagination import Ordering, Page, paginate


def _statement(context: RequestContext, where: Any) -> Select[ProjectRow]:
    statement = select(ProjectRow).where(VISIBILITY.row_filter(context.principal, PROJECT_ROWS))
    if where.search is not None:
        statement = statement.where(
            text_search(where.search, "filter.search", ProjectRow.title, ProjectRow.code)
        )
    if where.statuses:
        statement = statement.where(ProjectRow.status.in_([s.value for s in where.statuses]))
    if where.region_code is not None:
        statement = statement.where(
            within_region(ProjectRow.region_code, region_code(where.region_code, "filter.regionCode"))
        )
    if where.service_item_code is not None:
        statement = statement.where(
            ProjectRow.service_item_id.in_(
                select(ServiceItem.id).where(ServiceItem.code == where.service_item_code.strip().upper()[:40])
            )
        )
    if where.owner_code is not None:
        statement = statement.where(
            ProjectRow.owner_organisation_id.in_(
                select(Organisation.id).where(Organisation.code == where.owner_code.strip()[:64])
            )
        )
    for values, column in (
        (where.funding_types, ProjectRow.funding_type),
        (where.trade_modes, ProjectRow.trade_mode),
        (where.selection_methods, ProjectRow.selection_method),
    ):
        if values:
            statement = statement.where(column.in_([value.value for value in values]))
    if where.investment_project_code is not None:
        statement = statement.where(
            ProjectRow.investment_project_code == where.investment_project_code.strip()[:32]
        )
    for bound, moment, lower in (
        (where.published_from, ProjectRow.published_at, True),
        (where.published_to, ProjectRow.published_at, False),
        (where.created_from, ProjectRow.created_at, True),
        (where.created_to, ProjectRow.created_at, False),
    ):
        if bound is not None:
            if bound.tzinfo is None:
                raise BadInput("naive_datetime", field="filter")
            statement = statement.where(moment >= bound if lower else moment < bound)
    if where.overdue is not None:
        statement = statement.where(
            _overdue(context.clock()) if where.overdue else ~_overdue(context.clock())
        )
    return statement


def _overdue(now: datetime) -> Any:
    """In performance and past the active award's due time (超期)."""
    late = select(ProjectAward.project_id).where(
        ProjectAward.status == AwardStatus.ACTIVE.value, ProjectAward.service_due_at < now
    )
    return ProjectRow.status.in_([status.value for status in IN_PERFORMANCE]) & ProjectRow.id.in_(late)


async def projects(
    context: RequestContext, first: int, after: str | None, where: Any, order: Any
) -> Page[Any]:
    """The projects the caller may see that match `where` (a `ProjectFilter`), in `order` (a
    `ProjectOrder`: its field's value names the column)."""
    ordering = Ordering.chosen(order.field, order.direction, ProjectRow, ProjectRow.id)
    return await paginate(context.loaders.reads, _statement(context, where), ordering, first, after)


async def project(context: RequestContext, code: str) -> Any | None:
    return await context.loaders.project_by_code.load(code.strip().upper()[:32])
