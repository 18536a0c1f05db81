"""Root query resolvers of projects."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from sqlalchemy import Select, select

from zhongjie.auth.visibility import VISIBILITY
from zhongjie.base.errors import BadInput
from zhongjie.base.regions import within_region
from zhongjie.domain.awards.vocabulary import AwardStatus
from zhongjie.domain.projects.access import PROJECT_ROWS
from zhongjie.domain.projects.lifecycle import IN_PERFORMANCE
from zhongjie.models import Organisation, ProjectAward, ServiceItem
from zhongjie.models import Project as ProjectRow
from zhongjie.resolvers.filters import region_code, text_search
from zhongjie.resolvers.pagination import DEFAULT_PAGE_SIZE, Ordering, paginate
from zhongjie.schema.enums import SortDirection
from zhongjie.schema.projects import Project, ProjectFilter, ProjectOrder
from zhongjie.schema.relay import After, Connection, First


def _ordering(order: ProjectOrder | None) -> Ordering:
    order = order or ProjectOrder()
    return Ordering(
        name=f"{order.field.name}:{order.direction.name}",
        column=getattr(ProjectRow, order.field.value),
        key=ProjectRow.id,
        descending=order.direction is SortDirection.DESC,
    )


def _statement(info: strawberry.Info, where: ProjectFilter) -> Select[tuple[ProjectRow]]:
    statement = select(ProjectRow).where(VISIBILITY.row_filter(info.context.principal, PROJECT_ROWS))
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
    for bound, column, lower in (
        (where.published_from, ProjectRow.published_at, True),
        (where.published_to, ProjectRow.published_at, False),
        (where.created_from, ProjectRow.created_at, True),
        (where.created_to, ProjectRow.created_at, False),
    ):
        if bound is not None:
            if bound.tzinfo is None:
                raise BadInput("naive_datetime", field="filter")
            statement = statement.where(column >= bound if lower else column < bound)
    if where.overdue is not None:
        statement = statement.where(
            _overdue(info.context.clock()) if where.overdue else ~_overdue(info.context.clock())
        )
    return statement


def _overdue(now: datetime) -> Any:
    """In performance and past the active award's due time (超期)."""
    late = select(ProjectAward.project_id).where(
        ProjectAward.status == AwardStatus.ACTIVE.value, ProjectAward.service_due_at < now
    )
    return ProjectRow.status.in_([status.value for status in IN_PERFORMANCE]) & ProjectRow.id.in_(late)


async def projects(
    info: strawberry.Info,
    first: First = DEFAULT_PAGE_SIZE,
    after: After = None,
    filter: ProjectFilter | None = None,
    order_by: ProjectOrder | None = None,
) -> Connection[Project]:
    statement = _statement(info, filter or ProjectFilter())
    return await paginate(
        info.context.database, statement, _ordering(order_by), first, after, Project.from_row
    )


async def project(info: strawberry.Info, code: str) -> Project | None:
    row = await info.context.loaders.project_by_code.load(code.strip().upper()[:32])
    return Project.from_row(row) if row is not None else None
