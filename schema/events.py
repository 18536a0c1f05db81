"""The change feed (变更事件) and result pushes (结果推送): events, their filters and pages."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Self

import strawberry

from zhongjie.base.global_ids import encode_global_id
from zhongjie.domain.outbox.feed import Position
from zhongjie.domain.outbox.types import Aggregate
from zhongjie.domain.projects import events as project_events
from zhongjie.domain.projects.vocabulary import SelectionMethod
from zhongjie.models import DomainEvent
from zhongjie.resolvers.events import FeedPage, Shown
from zhongjie.schema.agencies import Agency
from zhongjie.schema.awards import ProjectEnquiry
from zhongjie.schema.credit import CreditProfile
from zhongjie.schema.enums import labelled
from zhongjie.schema.notices import Notice
from zhongjie.schema.projects import Project, ProjectActionEnum, SelectionMethodEnum
from zhongjie.schema.webhooks import WebhookEndpoint

AggregateEnum = Annotated[
    Aggregate,
    labelled(
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
    ),
]


@strawberry.enum(description="What an announcement (公告) tells: a result, or that the project failed.")
class ResultOutcome(Enum):
    AWARDED = strawberry.enum_value("AWARDED", description="中选 a winner is announced, its publicity begins")
    FAILED = strawberry.enum_value(
        "FAILED", description="流标 too few competitors; it may be published again"
    )


@strawberry.type(
    description="A result announcement (中选公告) or a failure (流标), as it was announced; pushed to "
    "subscribers of `projectResults` and carried by `project.result_announced` and `project.failed` events."
)
class ProjectResultAnnouncement:
    payload: strawberry.Private[dict[str, Any]]
    cursor: str = strawberry.field(description="Position in the feed; resume after it with `after`.")
    announced_at: datetime = strawberry.field(description="When the result was announced.")
    project: Project | None = strawberry.field(description="The project as it is now.")
    outcome: ResultOutcome = strawberry.field(description="A winner, or a failure.")
    action: ProjectActionEnum = strawberry.field(
        description="How: SELECT, DRAW, OPEN_OFFERS, RANK, BATCH_SELECT (随同中选) or FAIL."
    )
    selection_method: SelectionMethodEnum = strawberry.field(description="Selection method (选取方式).")
    result_number: int | None = strawberry.field(
        description="1 for the project's first result, 2 for the one after a winner withdrew or was "
        "disqualified (重新选取), …; null for a failure."
    )
    price: Decimal | None = strawberry.field(
        description="The winning offer in CNY, where the method takes offers."
    )
    batch_of: str | None = strawberry.field(
        description="For a batch follow-on (批量): the project whose selection this result follows."
    )
    competitors: int | None = strawberry.field(description="For a failure: how many competitors there were.")
    minimum_competitors: int | None = strawberry.field(
        description="For a failure: how many the method needs."
    )
    draw_record_url: str | None = strawberry.field(
        description="For a random selection: the published draw record (JSON), to check with "
        "`zhongjie verify-draw`."
    )

    @classmethod
    def of(cls, event: DomainEvent, project: Project | None, base_url: str) -> Self:
        """The announcement an event of `project_events.ANNOUNCEMENT_TYPES` makes (`project` None if the
        caller may no longer see it); draw records are published under `base_url`."""
        payload = event.payload
        failed = event.event_type == project_events.ProjectEvent.FAILED
        draw_round = payload.get("drawRound")
        action = project_events.action_of(event.event_type, payload)
        if action is None:  # each of ANNOUNCEMENT_TYPES is a lifecycle move, with its action
            raise ValueError(f"{event.event_type} is not an announcement")
        return cls(
            payload=payload,
            cursor=Position.of(event).cursor,
            announced_at=event.created_at,
            project=project,
            outcome=ResultOutcome.FAILED if failed else ResultOutcome.AWARDED,
            action=action,
            selection_method=SelectionMethod(payload["method"]),
            result_number=payload.get("result"),
            price=Decimal(payload["price"]) if payload.get("price") else None,
            batch_of=payload.get("batchOf"),
            competitors=payload.get("competitors"),
            minimum_competitors=payload.get("minimum"),
            draw_record_url=f"{base_url}/draws/{payload['code']}/{draw_round}.json" if draw_round else None,
        )

    @classmethod
    def shown(cls, shown: Shown, base_url: str) -> Self:
        return cls.of(shown.event, Project.from_row(shown.subject) if shown.subject else None, base_url)

    @strawberry.field(description="The winning agency (中选机构), or the lead of a winning consortium.")
    async def winner(self, info: strawberry.Info) -> Agency | None:
        if self.payload.get("winner") is None:
            return None
        return await _agency(info, self.payload["winner"])

    @strawberry.field(description="The other members of a winning consortium (联合体成员).")
    async def consortium_members(self, info: strawberry.Info) -> list[Agency]:
        rows = await info.context.loaders.agency.load_many(self.payload.get("members") or [])
        return [Agency.from_row(row) for row in rows if row is not None]


async def _agency(info: strawberry.Info, agency_id: int) -> Agency | None:
    row = await info.context.loaders.agency.load(agency_id)
    return Agency.from_row(row) if row else None


# the node type of each kind of subject whose key is its id (credit profiles are keyed by credit code)
SUBJECT_TYPE_NAMES = {
    Aggregate.PROJECT: "Project",
    Aggregate.AGENCY: "Agency",
    Aggregate.NOTICE: "Notice",
    Aggregate.WEBHOOK_ENDPOINT: "WebhookEndpoint",
}


@strawberry.type(
    description="A committed change (变更事件), shown to those who may see its subject as the change left "
    "it, or as it was before when the change hid it (a withdrawal, a cancellation)."
)
class Event:
    party_id: strawberry.Private[int | None]
    enquiry_id: strawberry.Private[int | None]
    owner_organisation_id: strawberry.Private[int | None]
    cursor: str = strawberry.field(description="Position in the feed; resume after it with `after`.")
    type: str = strawberry.field(
        description="Event type, `<aggregate>.<action>`, e.g. `project.result_announced` (every result, "
        "whatever the method) or `project.signed_up`."
    )
    aggregate: AggregateEnum = strawberry.field(description="Kind of subject.")
    subject_id: strawberry.ID | None = strawberry.field(
        description="The global ID of the subject the event is about (its project, agency, notice or "
        "webhook endpoint; null for a credit profile, which is named by `creditProfile.creditCode`). "
        "Given even when the subject's own field is null because the caller may no longer see it (a "
        "withdrawn notice, a cancelled project)."
    )
    sequence: int = strawberry.field(description="Number of this event among its subject's events, from 1.")
    occurred_at: datetime = strawberry.field(description="When the change was committed (server time).")
    from_status: str | None = strawberry.field(description="Status before the change, where it moved one.")
    to_status: str | None = strawberry.field(description="Status after the change, where it moved one.")
    project: Project | None = strawberry.field(description="The project, for project events.")
    agency: Agency | None = strawberry.field(description="The agency, for agency events.")
    credit_profile: CreditProfile | None = strawberry.field(
        description="The credit profile (信用脸谱), for credit events."
    )
    notice: Notice | None = strawberry.field(description="The notice, for notice events.")
    webhook_endpoint: WebhookEndpoint | None = strawberry.field(
        description="Your webhook endpoint, for its events (e.g. disabled after failing)."
    )
    result: ProjectResultAnnouncement | None = strawberry.field(
        description="The announcement, for `project.result_announced` and `project.failed`."
    )

    @classmethod
    def of(cls, shown: Shown, base_url: str) -> Self:
        """The event with its subject as its GraphQL type (`base_url`: where draw records are published)."""
        event, aggregate, subject = shown.event, shown.aggregate, shown.subject

        def subject_as(kind: Aggregate, wrap: Any) -> Any:
            return wrap(subject) if aggregate is kind and subject is not None else None

        project = subject_as(Aggregate.PROJECT, Project.from_row)
        return cls(
            cursor=Position.of(event).cursor,
            type=event.event_type,
            aggregate=aggregate,
            subject_id=(
                strawberry.ID(encode_global_id(SUBJECT_TYPE_NAMES[aggregate], event.aggregate_key))
                if aggregate in SUBJECT_TYPE_NAMES
                else None
            ),
            sequence=event.sequence,
            occurred_at=event.created_at,
            from_status=shown.from_status,
            to_status=shown.to_status,
            project=project,
            agency=subject_as(Aggregate.AGENCY, Agency.from_row),
            credit_profile=subject_as(Aggregate.CREDIT_PROFILE, CreditProfile.from_row),
            notice=subject_as(Aggregate.NOTICE, Notice.from_row),
            webhook_endpoint=subject_as(Aggregate.WEBHOOK_ENDPOINT, WebhookEndpoint.from_row),
            result=ProjectResultAnnouncement.of(event, project, base_url) if shown.announces else None,
            party_id=shown.party_id,
            enquiry_id=shown.enquiry_id,
            owner_organisation_id=shown.owner_organisation_id,
        )

    @strawberry.field(
        description="The agency a project event concerns: the one that signed up, sealed an offer, "
        "filed an objection, was scored, won, confirmed or signed. Each event type declares who may know "
        "it, and to anyone else it is absent: for sign-ups and offers the operator and the agency itself "
        "(anti-collusion 报名保密), for objections and complaints the operator and the filer, for scores the "
        "operator and the scorer, for questions no one."
    )
    async def party(self, info: strawberry.Info) -> Agency | None:
        if self.party_id is None:
            return None
        return await _agency(info, self.party_id)

    @strawberry.field(description="The question, objection or complaint, for enquiry events (its own rule).")
    async def enquiry(self, info: strawberry.Info) -> ProjectEnquiry | None:
        if self.enquiry_id is None or self.owner_organisation_id is None:
            return None
        row = await info.context.loaders.enquiry.load(self.enquiry_id)
        return ProjectEnquiry.from_row(row, self.owner_organisation_id) if row else None


@strawberry.type(description="A page of the change feed.")
class EventPage:
    events: list[Event] = strawberry.field(description="The events of this page the caller may see.")
    end_cursor: str | None = strawberry.field(
        description="Position reached (past events hidden from the caller too); pass it as `after`."
    )
    has_more: bool = strawberry.field(description="More committed events follow `endCursor`.")

    @classmethod
    def of(cls, page: FeedPage, base_url: str) -> Self:
        return cls(
            events=[Event.of(shown, base_url) for shown in page.events],
            end_cursor=page.end_cursor,
            has_more=page.has_more,
        )


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
