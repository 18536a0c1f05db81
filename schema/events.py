"""The change feed (变更事件) and result pushes (结果推送): events, their filters and pages."""

from __future__ import annotations

from datetime import datetime

import strawberry

from zhongjie.events.types import Aggregate
from zhongjie.schema.agencies import Agency
from zhongjie.schema.credit import CreditProfile
from zhongjie.schema.enums import labelled
from zhongjie.schema.notices import Notice
from zhongjie.schema.projects import Project
from zhongjie.schema.webhooks import WebhookEndpoint

AggregateEnum = labelled(
    Aggregate,
    name="EventAggregate",
    description="What an event is about.",
    labels={
        Aggregate.PROJECT: "采购项目 project",
        Aggregate.AGENCY: "中介机构 agency",
        Aggregate.CREDIT_PROFILE: "信用脸谱 credit profile",
        Aggregate.WEBHOOK_ENDPOINT: "推送地址 webhook endpoint",
        Aggregate.NOTICE: "通知公告 notice",
    },
)


@strawberry.type(description="A committed change (变更事件); shown only with a subject the caller may see.")
class Event:
    cursor: str = strawberry.field(description="Position in the feed; resume after it with `after`.")
    type: str = strawberry.field(description="Event type, `<aggregate>.<action>`, e.g. `project.select`.")
    aggregate: AggregateEnum = strawberry.field(description="Kind of subject.")  # type: ignore[valid-type]
    sequence: int = strawberry.field(description="Number of this event among its subject's events, from 1.")
    occurred_at: datetime = strawberry.field(description="When the change was committed (server time).")
    from_status: str | None = strawberry.field(description="Status before the change, where it has one.")
    to_status: str | None = strawberry.field(description="Status after the change, where it has one.")
    project: Project | None = strawberry.field(description="The project, for project events.")
    agency: Agency | None = strawberry.field(description="The agency, for agency events.")
    credit_profile: CreditProfile | None = strawberry.field(
        description="The credit profile (信用脸谱), for credit events."
    )
    notice: Notice | None = strawberry.field(description="The notice, for notice events.")
    webhook_endpoint: WebhookEndpoint | None = strawberry.field(
        description="Your webhook endpoint, for its events (e.g. disabled after failing)."
    )


@strawberry.type(description="A page of the change feed.")
class EventPage:
    events: list[Event] = strawberry.field(description="The events of this page the caller may see.")
    end_cursor: str | None = strawberry.field(
        description="Position reached (past events hidden from the caller too); pass it as `after`."
    )
    has_more: bool = strawberry.field(description="More committed events follow `endCursor`.")


@strawberry.input(description="Which events: every given criterion must hold (empty lists are ignored).")
class EventFilter:
    project_codes: list[str] | None = strawberry.field(default=None, description="Project codes (项目编号).")
    credit_codes: list[str] | None = strawberry.field(
        default=None, description="Agencies' or credit profiles' unified social credit codes."
    )
    investment_project_codes: list[str] | None = strawberry.field(
        default=None, description="Investment project codes (投资项目代码) of projects."
    )
    regions: list[str] | None = strawberry.field(
        default=None, description="Region codes; a region includes the regions below it."
    )
    service_items: list[str] | None = strawberry.field(
        default=None, description="Service item codes (事项编码) of projects."
    )


@strawberry.input(description="Which results a partner system wants pushed (按需推送).")
class ProjectResultFilter:
    investment_project_codes: list[str] | None = strawberry.field(
        default=None, description="Investment project codes (投资项目代码)."
    )
    regions: list[str] | None = strawberry.field(
        default=None, description="Region codes; a region includes the regions below it."
    )
    service_items: list[str] | None = strawberry.field(default=None, description="Service item codes.")


@strawberry.type(description="A selection result announced (中选结果公告), pushed to subscribers.")
class ProjectResultAnnouncement:
    cursor: str = strawberry.field(description="Position in the feed; resume after it with `after`.")
    announced_at: datetime = strawberry.field(description="When the result was announced.")
    project: Project = strawberry.field(description="The project with its result.")
