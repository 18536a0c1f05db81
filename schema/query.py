"""The root `Query` type; field names are a contract with front-end teams (ARCHITECTURE.md).

Each field takes the GraphQL arguments, asks its resolver for rows, pages or domain values, and shows
them as the schema's types.
"""

from __future__ import annotations

import strawberry

from zhongjie.resolvers import agencies as agency_resolvers
from zhongjie.resolvers import audit as audit_resolvers
from zhongjie.resolvers import bidding as bidding_resolvers
from zhongjie.resolvers import catalog as catalog_resolvers
from zhongjie.resolvers import credit as credit_resolvers
from zhongjie.resolvers import events as event_resolvers
from zhongjie.resolvers import identity as identity_resolvers
from zhongjie.resolvers import node as node_resolvers
from zhongjie.resolvers import notices as notice_resolvers
from zhongjie.resolvers import projects as project_resolvers
from zhongjie.resolvers import regions as region_resolvers
from zhongjie.resolvers import statistics as statistics_resolvers
from zhongjie.resolvers import webhooks as webhook_resolvers
from zhongjie.resolvers import working_calendar as calendar_resolvers
from zhongjie.resolvers.pagination import DEFAULT_PAGE_SIZE
from zhongjie.schema.agencies import Agency, AgencyFilter, AgencyOrder
from zhongjie.schema.audit import AuditEntry
from zhongjie.schema.awards import BiddingStanding
from zhongjie.schema.catalog import (
    AdministrativeMatter,
    AdministrativeMatterFilter,
    QualificationType,
    ServiceItem,
    ServiceItemFilter,
    ServiceItemOrder,
)
from zhongjie.schema.credit import CreditProfile, InspectionPlan, InspectionPlanFilter
from zhongjie.schema.events import EventFilter, EventPage
from zhongjie.schema.identity import Viewer
from zhongjie.schema.nodes import shown
from zhongjie.schema.notices import Notice
from zhongjie.schema.projects import Project, ProjectFilter, ProjectOrder
from zhongjie.schema.regions import Region, RegionFilter
from zhongjie.schema.relay import After, Connection, First, Node
from zhongjie.schema.statistics import MarketStatistics, StatisticsFilter
from zhongjie.schema.webhook_event_types import WebhookEventType, event_types
from zhongjie.schema.webhooks import WebhookEndpoint
from zhongjie.schema.working_calendar import WorkingCalendarYear


@strawberry.type(description="Read access to the marketplace (网上中介服务超市).")
class Query:
    @strawberry.field(description="Any object by its global ID.")
    async def node(self, info: strawberry.Info, id: strawberry.ID) -> Node | None:
        return shown(await node_resolvers.resolve_node(info.context.loaders, id))

    @strawberry.field(description="Objects by global IDs (at most 100), null where none exists.")
    async def nodes(self, info: strawberry.Info, ids: list[strawberry.ID]) -> list[Node | None]:
        return [shown(found) for found in await node_resolvers.nodes(info.context.loaders, ids)]

    @strawberry.field(description="The caller (当前用户); null without a token.")
    def viewer(self, info: strawberry.Info) -> Viewer | None:
        principal = identity_resolvers.viewer(info.context)
        return Viewer(principal=principal) if principal is not None else None

    @strawberry.field(description="Administrative divisions (行政区划), by code.")
    async def regions(
        self,
        info: strawberry.Info,
        first: First = region_resolvers.REGION_PAGE_SIZE,
        after: After = None,
        filter: RegionFilter | None = None,
    ) -> Connection[Region]:
        page = await region_resolvers.regions(info.context, first, after, filter or RegionFilter())
        return Connection.of(page, Region.from_row)

    @strawberry.field(description="The service-item catalog (中介服务事项清单).")
    async def service_items(
        self,
        info: strawberry.Info,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        filter: ServiceItemFilter | None = None,
        order_by: ServiceItemOrder | None = None,
    ) -> Connection[ServiceItem]:
        page = await catalog_resolvers.service_items(
            info.context, first, after, filter or ServiceItemFilter(), order_by or ServiceItemOrder()
        )
        return Connection.of(page, ServiceItem.from_row)

    @strawberry.field(description="One catalog item by its unified code (统一编码).")
    async def service_item(self, info: strawberry.Info, code: str) -> ServiceItem | None:
        row = await catalog_resolvers.service_item(info.context, code)
        return ServiceItem.from_row(row) if row else None

    @strawberry.field(description="Administrative matters (政务服务事项), by code.")
    async def administrative_matters(
        self,
        info: strawberry.Info,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        filter: AdministrativeMatterFilter | None = None,
    ) -> Connection[AdministrativeMatter]:
        where = filter or AdministrativeMatterFilter()
        page = await catalog_resolvers.administrative_matters(info.context, first, after, where)
        return Connection.of(page, AdministrativeMatter.from_row)

    @strawberry.field(description="Qualification types (资质类型), by code.")
    async def qualification_types(self, info: strawberry.Info) -> list[QualificationType]:
        return [
            QualificationType.from_row(row)
            for row in await catalog_resolvers.qualification_types(info.context)
        ]

    @strawberry.field(description="The agency register (中介服务机构库).")
    async def agencies(
        self,
        info: strawberry.Info,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        filter: AgencyFilter | None = None,
        order_by: AgencyOrder | None = None,
    ) -> Connection[Agency]:
        page = await agency_resolvers.agencies(
            info.context, first, after, filter or AgencyFilter(), order_by or AgencyOrder()
        )
        return Connection.of(page, Agency.from_row)

    @strawberry.field(description="One agency by its unified social credit code.")
    async def agency(self, info: strawberry.Info, credit_code: str) -> Agency | None:
        row = await agency_resolvers.agency(info.context, credit_code)
        return Agency.from_row(row) if row is not None else None

    @strawberry.field(description="Purchase projects (采购项目); drafts only to their owners.")
    async def projects(
        self,
        info: strawberry.Info,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        filter: ProjectFilter | None = None,
        order_by: ProjectOrder | None = None,
    ) -> Connection[Project]:
        page = await project_resolvers.projects(
            info.context, first, after, filter or ProjectFilter(), order_by or ProjectOrder()
        )
        return Connection.of(page, Project.from_row)

    @strawberry.field(description="One project by its code (项目编号).")
    async def project(self, info: strawberry.Info, code: str) -> Project | None:
        row = await project_resolvers.project(info.context, code)
        return Project.from_row(row) if row is not None else None

    @strawberry.field(description="A credit profile (信用脸谱) by credit code.")
    async def credit_profile(self, info: strawberry.Info, credit_code: str) -> CreditProfile | None:
        row = await credit_resolvers.credit_profile(info.context, credit_code)
        return CreditProfile.from_row(row) if row else None

    @strawberry.field(description="Double-random inspection plans (双随机抽查), newest first.")
    async def inspection_plans(
        self,
        info: strawberry.Info,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        filter: InspectionPlanFilter | None = None,
    ) -> Connection[InspectionPlan]:
        page = await credit_resolvers.inspection_plans(
            info.context, first, after, filter or InspectionPlanFilter()
        )
        return Connection.of(page, InspectionPlan.from_row)

    @strawberry.field(
        description="The change feed (变更事件) in commit order, from the start or after a cursor."
    )
    async def events(
        self,
        info: strawberry.Info,
        after: str | None = None,
        first: int = event_resolvers.DEFAULT_PAGE,
        types: list[str] | None = None,
        filter: EventFilter | None = None,
    ) -> EventPage:
        page = await event_resolvers.events(info.context, after, first, types, filter)
        return EventPage.of(page, info.context.settings.base_url)

    @strawberry.field(
        description="Your standing in a bidding (竞价): your rank and the best price (bidders only)."
    )
    async def bidding_standing(self, info: strawberry.Info, project_code: str) -> BiddingStanding:
        return BiddingStanding.of(await bidding_resolvers.bidding_standing(info.context, project_code))

    @strawberry.field(
        description="Notices (通知公告), newest first; with `region`, that region's and those above it."
    )
    async def notices(
        self, info: strawberry.Info, first: First = 20, after: After = None, region: str | None = None
    ) -> Connection[Notice]:
        page = await notice_resolvers.notices_of(info.context, first, after, region)
        return Connection.of(page, Notice.from_row)

    @strawberry.field(
        description="Market statistics (统计分析) of published projects: totals, breakdowns, concentration."
    )
    def statistics(self, filter: StatisticsFilter | None = None) -> MarketStatistics:
        return MarketStatistics(scope=statistics_resolvers.scope_of(filter or StatisticsFilter()))

    @strawberry.field(
        description="One year of the working-day calendar (工作日历): holidays, make-up workdays, whether "
        "it is official or provisional."
    )
    async def working_calendar(self, info: strawberry.Info, year: int) -> WorkingCalendarYear:
        return WorkingCalendarYear.of(year, await calendar_resolvers.working_calendar(info.context, year))

    @strawberry.field(description="The audit log (审计日志) of every mutation, newest first (operators).")
    async def audit_log(
        self, info: strawberry.Info, first: First = 50, after: After = None, action: str | None = None
    ) -> Connection[AuditEntry]:
        page = await audit_resolvers.audit_log(info.context, first, after, action)
        return Connection.of(page, AuditEntry.from_row)

    @strawberry.field(description="Your organisation's webhook endpoints (推送地址), newest first.")
    async def webhook_endpoints(
        self, info: strawberry.Info, first: First = 20, after: After = None
    ) -> Connection[WebhookEndpoint]:
        page = await webhook_resolvers.webhook_endpoints(info.context, first, after)
        return Connection.of(page, WebhookEndpoint.from_row)

    @strawberry.field(
        description="Every event type of the feed (`events`, webhooks' `eventTypes`), what it tells and "
        "the `Event` fields it fills."
    )
    def webhook_event_types(self) -> list[WebhookEventType]:
        return event_types()
