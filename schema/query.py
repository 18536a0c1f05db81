"""The root `Query` type; its field names are a contract with front-end teams."""

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
from zhongjie.schema.agencies import Agency
from zhongjie.schema.audit import AuditEntry
from zhongjie.schema.awards import BiddingStanding
from zhongjie.schema.catalog import AdministrativeMatter, QualificationType, ServiceItem
from zhongjie.schema.credit import CreditProfile, InspectionPlan
from zhongjie.schema.events import EventPage
from zhongjie.schema.identity import Viewer
from zhongjie.schema.notices import Notice
from zhongjie.schema.projects import Project
from zhongjie.schema.regions import Region
from zhongjie.schema.relay import Connection, Node
from zhongjie.schema.statistics import MarketStatistics
from zhongjie.schema.webhooks import WebhookEndpoint
from zhongjie.schema.working_calendar import WorkingCalendarYear


@strawberry.type(description="Read access to the marketplace (网上中介服务超市).")
class Query:
    node: Node | None = strawberry.field(
        resolver=node_resolvers.node, description="Any object by its global ID."
    )
    nodes: list[Node | None] = strawberry.field(
        resolver=node_resolvers.nodes,
        description="Objects by global IDs (at most 100), null where none exists.",
    )
    viewer: Viewer | None = strawberry.field(
        resolver=identity_resolvers.viewer, description="The caller (当前用户); null without a token."
    )
    regions: Connection[Region] = strawberry.field(
        resolver=region_resolvers.regions, description="Administrative divisions (行政区划), by code."
    )
    service_items: Connection[ServiceItem] = strawberry.field(
        resolver=catalog_resolvers.service_items, description="The service-item catalog (中介服务事项清单)."
    )
    service_item: ServiceItem | None = strawberry.field(
        resolver=catalog_resolvers.service_item,
        description="One catalog item by its unified code (统一编码).",
    )
    administrative_matters: Connection[AdministrativeMatter] = strawberry.field(
        resolver=catalog_resolvers.administrative_matters,
        description="Administrative matters (政务服务事项), by code.",
    )
    qualification_types: list[QualificationType] = strawberry.field(
        resolver=catalog_resolvers.qualification_types, description="Qualification types (资质类型), by code."
    )
    agencies: Connection[Agency] = strawberry.field(
        resolver=agency_resolvers.agencies, description="The agency register (中介服务机构库)."
    )
    agency: Agency | None = strawberry.field(
        resolver=agency_resolvers.agency, description="One agency by its unified social credit code."
    )
    projects: Connection[Project] = strawberry.field(
        resolver=project_resolvers.projects,
        description="Purchase projects (采购项目); drafts only to their owners.",
    )
    project: Project | None = strawberry.field(
        resolver=project_resolvers.project, description="One project by its code (项目编号)."
    )
    credit_profile: CreditProfile | None = strawberry.field(
        resolver=credit_resolvers.credit_profile, description="A credit profile (信用脸谱) by credit code."
    )
    inspection_plans: Connection[InspectionPlan] = strawberry.field(
        resolver=credit_resolvers.inspection_plans,
        description="Double-random inspection plans (双随机抽查), newest first.",
    )
    events: EventPage = strawberry.field(
        resolver=event_resolvers.events,
        description="The change feed (变更事件) in commit order, from the start or after a cursor.",
    )
    bidding_standing: BiddingStanding = strawberry.field(
        resolver=bidding_resolvers.bidding_standing,
        description="Your standing in a bidding (竞价): your rank and the best price (bidders only).",
    )
    notices: Connection[Notice] = strawberry.field(
        resolver=notice_resolvers.notices_of,
        description="Notices (通知公告), newest first; with `region`, that region's and those above it.",
    )
    statistics: MarketStatistics = strawberry.field(
        resolver=statistics_resolvers.market_statistics,
        description="Market statistics (统计分析) of published projects: totals, breakdowns, concentration.",
    )
    working_calendar: WorkingCalendarYear = strawberry.field(
        resolver=calendar_resolvers.working_calendar,
        description="One year of the working-day calendar (工作日历): holidays, make-up workdays, whether "
        "it is official or provisional.",
    )
    audit_log: Connection[AuditEntry] = strawberry.field(
        resolver=audit_resolvers.audit_log,
        description="The audit log (审计日志) of every mutation, newest first (operators).",
    )
    webhook_endpoints: Connection[WebhookEndpoint] = strawberry.field(
        resolver=webhook_resolvers.webhook_endpoints,
        description="Your organisation's webhook endpoints (推送地址), newest first.",
    )
