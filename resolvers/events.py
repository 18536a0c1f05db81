"""The change feed and the result pushes: `events` (query and subscription), `projectResults`.

Every event is shown through its subject (project, agency or credit profile), loaded
with the caller's loaders and checked against the subject's row rule, so pushes obey
the same visibility policy as queries; fields of the subject go through their own
field rules when the subscriber's selection resolves them.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Collection
from dataclasses import dataclass
from enum import Enum
from typing import Any

from strawberry.utils.str_converters import to_camel_case

from zhongjie.auth.principal import Principal
from zhongjie.auth.visibility import VISIBILITY, RowRule
from zhongjie.base.errors import BadInput
from zhongjie.base.observability import ACTIVE_SUBSCRIPTIONS, EVENT_DELIVERY
from zhongjie.base.regions import ancestors_and_self
from zhongjie.domain.agencies.access import AGENCY_ROWS
from zhongjie.domain.agencies.vocabulary import AgencyStatus
from zhongjie.domain.notices.access import NOTICE_ROWS
from zhongjie.domain.notices.vocabulary import NoticeStatus
from zhongjie.domain.outbox.feed import Position, end_of_feed, read_events
from zhongjie.domain.outbox.types import EVENT_TYPES, Aggregate
from zhongjie.domain.projects import events as project_events
from zhongjie.domain.projects.access import PROJECT_ROWS
from zhongjie.domain.projects.events import EventFacts
from zhongjie.domain.projects.vocabulary import ProjectStatus
from zhongjie.domain.webhooks.access import OWN_ENDPOINTS
from zhongjie.models import DomainEvent
from zhongjie.resolvers.context import RequestContext
from zhongjie.resolvers.filters import region_code
from zhongjie.resolvers.loaders import Loaders

DEFAULT_PAGE = 50
MAX_PAGE = 100
MAX_CRITERIA = 100
LIVE_BATCH = 100


@dataclass(frozen=True)
class Criteria:
    """A validated `EventFilter`: each non-empty set must contain the subject's value."""

    project_codes: frozenset[str] = frozenset()
    credit_codes: frozenset[str] = frozenset()
    investment_project_codes: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    service_items: frozenset[str] = frozenset()

    @classmethod
    def of(cls, given: Any) -> Criteria:
        """The criteria of an `EventFilter` or a `ProjectResultFilter` (or an endpoint's stored filter)."""
        if given is None:
            return cls()
        values = {
            name: _codes(getattr(given, name, None), f"filter.{to_camel_case(name)}")
            for name in cls.__dataclass_fields__
        }
        for code in values["regions"]:
            region_code(code, "filter.regions")
        return cls(**values)


def _codes(values: list[str] | None, field: str) -> frozenset[str]:
    if not values:
        return frozenset()
    if len(values) > MAX_CRITERIA:
        raise BadInput("too_many", field=field, maximum=MAX_CRITERIA)
    return frozenset(value.strip().upper()[:64] for value in values)


def _types(types: list[str] | None) -> frozenset[str] | None:
    if not types:
        return None
    unknown = sorted(set(types) - EVENT_TYPES)
    if unknown:
        raise BadInput("unknown_event_type", field="types", value=unknown[0][:60])
    return frozenset(types)


@dataclass(frozen=True)
class Facts:
    """What criteria compare: the subject's codes."""

    project_code: str | None = None
    credit_code: str | None = None
    investment_project_code: str | None = None
    region: str | None = None
    service_item: str | None = None

    def match(self, criteria: Criteria) -> bool:
        checks = (
            (criteria.project_codes, self.project_code),
            (criteria.credit_codes, self.credit_code),
            (criteria.investment_project_codes, self.investment_project_code),
            (criteria.service_items, self.service_item),
        )
        if any(wanted and (value or "").upper() not in wanted for wanted, value in checks):
            return False
        return not criteria.regions or (
            self.region is not None and not criteria.regions.isdisjoint(ancestors_and_self(self.region))
        )


KNOWN_AGGREGATES = frozenset(aggregate.value for aggregate in Aggregate)
STATUS_TYPES: dict[Aggregate, type[Enum]] = {
    Aggregate.PROJECT: ProjectStatus,
    Aggregate.AGENCY: AgencyStatus,
    Aggregate.NOTICE: NoticeStatus,
}
# the row rule of each kind of subject, the one its GraphQL type declares (credit profiles are public)
SUBJECT_ROWS: dict[Aggregate, RowRule | None] = {
    Aggregate.PROJECT: PROJECT_ROWS,
    Aggregate.AGENCY: AGENCY_ROWS,
    Aggregate.CREDIT_PROFILE: None,
    Aggregate.NOTICE: NOTICE_ROWS,
    Aggregate.WEBHOOK_ENDPOINT: OWN_ENDPOINTS,
}


@dataclass(frozen=True)
class Shown:
    """An event as the caller may see it: the row of its subject (project, agency, credit profile,
    notice or webhook endpoint) as it is now (None if the caller may no longer see it: a withdrawn
    notice, a cancelled project), and what else the caller may know of it."""

    event: DomainEvent
    aggregate: Aggregate
    subject: Any
    party_id: int | None = None  # the agency it concerns, where the caller may know it
    enquiry_id: int | None = None
    owner_organisation_id: int | None = None  # the project's owner, for project events
    announces: bool = False  # a result announcement or a failure (`projectResults`)

    @property
    def from_status(self) -> str | None:
        return _text(self.event.payload, "from")

    @property
    def to_status(self) -> str | None:
        return _text(self.event.payload, "to")


@dataclass(frozen=True)
class FeedPage:
    """A page of the change feed: the events the caller may see, and where the page ended."""

    events: list[Shown]
    end_cursor: str | None
    has_more: bool


@dataclass(frozen=True)
class _StatusAfter:
    """A subject's row as the change left it: the status it moved to, the rest as it is now."""

    row: Any
    status: str

    def __getattr__(self, name: str) -> Any:
        return getattr(self.row, name)


def _text(payload: dict[str, Any], key: str) -> str | None:
    """`payload[key]` if it is a string, else None: the key may be absent, null, or hold another JSON type
    (agency creations used to store `{}` as their from-status)."""
    value = payload.get(key)
    return value if isinstance(value, str) else None


def _identifier(payload: dict[str, Any], key: str) -> int | None:
    """`payload[key]` if it is an integer id, else None: a string or object there would reach the
    loaders' queries, which PostgreSQL refuses for an integer column."""
    value = payload.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _sees(principal: Principal, subject: Any, event: DomainEvent, facts: EventFacts | None) -> bool:
    """The caller sees a change if it is among those its event type tells (`domain.projects.events`) and
    may see the subject as the change left it, or as it was before the change, when the change hid it
    (a withdrawal, a cancellation, a removal: who could see the subject is told that it went).

    Judging by the states around the change, never by the subject's state now, makes the feed the same
    live and replayed, and keeps what was public in it: a draft's changes stay hidden even once the
    project is published, and a notice's publication stays after the notice is withdrawn.
    """
    told = facts is None or VISIBILITY.sees_row(
        principal, project_events.rule_of(event.event_type).told, facts
    )
    if not told:
        return False
    rule = SUBJECT_ROWS[Aggregate(event.aggregate_type)]
    after = _text(event.payload, "to") or _text(event.payload, "status")
    before = _text(event.payload, "from")
    return VISIBILITY.sees_row(principal, rule, _as(subject, event, after)) or (
        before is not None and VISIBILITY.sees_row(principal, rule, _as(subject, event, before))
    )


def _as(subject: Any, event: DomainEvent, status: str | None) -> Any:
    """The subject with `status` (one of its type's statuses), the rest as it is now."""
    status_type = STATUS_TYPES.get(Aggregate(event.aggregate_type))
    if status_type is None or status is None:
        return subject
    try:
        return _StatusAfter(subject, status_type(status).value)
    except ValueError:  # not a status of its type (an agency creation's from-status was once `{}`)
        return subject


def _party_disclosed(principal: Principal, event: DomainEvent, facts: EventFacts | None) -> bool:
    """Whether the caller may know which agency the event concerns, by its type's declared rule."""
    return facts is not None and VISIBILITY.sees_row(
        principal, project_events.rule_of(event.event_type).party, facts
    )


async def _present(context: RequestContext, event: DomainEvent, criteria: Criteria) -> Shown | None:
    """The event as the caller may see it, or None if its subject is hidden or does not match, or is of a
    kind this version does not know (written by a newer one during a rolling upgrade): no one sees it."""
    loaders, principal = context.loaders, context.principal
    event_facts: EventFacts | None = None
    if event.aggregate_type not in KNOWN_AGGREGATES:
        return None
    aggregate = Aggregate(event.aggregate_type)
    match aggregate:
        case Aggregate.PROJECT:
            row = await loaders.project.load(int(event.aggregate_key))
            if row is None:
                return None
            item = await loaders.service_item.load(row.service_item_id)
            event_facts = EventFacts(
                owner_organisation_id=row.owner_organisation_id,
                organisation_id=_identifier(event.payload, "partyOrganisation"),
                user_id=event.actor_user_id,
            )
            facts = Facts(
                project_code=row.code,
                investment_project_code=row.investment_project_code,
                region=row.region_code,
                service_item=item.code if item else None,
            )
        case Aggregate.AGENCY:
            row = await loaders.agency.load(int(event.aggregate_key))
            if row is None:
                return None
            facts = Facts(credit_code=row.credit_code, region=row.region_code)
        case Aggregate.CREDIT_PROFILE:
            row = await loaders.credit_profile.load(event.aggregate_key)
            if row is None:
                return None
            holder = await loaders.agency_by_credit_code.load(row.credit_code)
            facts = Facts(credit_code=row.credit_code, region=holder.region_code if holder else None)
        case Aggregate.NOTICE:
            row = await loaders.notice.load(int(event.aggregate_key))
            if row is None:
                return None
            facts = Facts(region=row.region_code)
        case Aggregate.WEBHOOK_ENDPOINT:
            row = await loaders.webhook_endpoint.load(int(event.aggregate_key))
            if row is None:
                return None
            facts = Facts()
    if not _sees(principal, row, event, event_facts):
        return None
    if not facts.match(criteria):
        return None
    disclosed = _party_disclosed(principal, event, event_facts)
    return Shown(
        event=event,
        aggregate=aggregate,
        subject=row if VISIBILITY.sees_row(principal, SUBJECT_ROWS[aggregate], row) else None,
        party_id=_identifier(event.payload, "party") if disclosed else None,
        enquiry_id=_identifier(event.payload, "enquiry"),
        owner_organisation_id=event_facts.owner_organisation_id if event_facts else None,
        announces=aggregate is Aggregate.PROJECT and event.event_type in project_events.ANNOUNCEMENT_TYPES,
    )


async def _visible(context: RequestContext, batch: list[DomainEvent], criteria: Criteria) -> list[Shown]:
    shown = await asyncio.gather(*(_present(context, event, criteria) for event in batch))
    return [event for event in shown if event is not None]


async def events(
    context: RequestContext, after: str | None, first: int, types: list[str] | None, where: Any
) -> FeedPage:
    """The events after `after` the caller may see, of `types` if given, matching `where` (an
    `EventFilter`) if given."""
    if not 1 <= first <= MAX_PAGE:
        raise BadInput("page_size_out_of_range", field="first", argument="first", maximum=MAX_PAGE)
    position, wanted, criteria = Position.from_cursor(after), _types(types), Criteria.of(where)
    async with context.database.session() as session:
        batch = await read_events(session, position, first, wanted)
    end = Position.of(batch[-1]) if batch else position
    return FeedPage(
        events=await _visible(context, batch, criteria),
        end_cursor=end.cursor if end.event_id else after,
        has_more=len(batch) == first,
    )


async def _follow(
    context: RequestContext, after: str | None, types: Collection[str] | None, criteria: Criteria
) -> AsyncGenerator[Shown, None]:
    """Replay what follows `after` (or start at the end of the feed), then stay live.

    Every event is read from the outbox by position, never taken from a notification,
    so a resumed subscriber gets each missed event exactly once and in order.
    """
    if context.webhook_event is not None:  # rendering one webhook payload: that event only
        if types is None or context.webhook_event.event_type in types:
            shown = await _present(context, context.webhook_event, criteria)
            if shown is not None:
                yield shown
        return
    broker, database = context.broker, context.database
    if broker is None:
        raise RuntimeError("subscriptions need the app's event broker")
    if after is not None:
        position = Position.from_cursor(after)
    else:
        async with database.session() as session:
            position = await end_of_feed(session)
    ACTIVE_SUBSCRIPTIONS.inc()
    try:
        while True:
            seen = broker.signal.generation
            batch, loaders = await broker.feed.read(position, LIVE_BATCH, types)
            if batch:
                position = Position.of(batch[-1])
                context.loaders = loaders or Loaders(database)  # shown as the subjects are now
                for shown in await _visible(context, batch, criteria):
                    waited = (context.clock() - shown.event.created_at).total_seconds()
                    EVENT_DELIVERY.observe(max(waited, 0))
                    yield shown
            if len(batch) < LIVE_BATCH:
                await broker.wait(seen)
    finally:
        ACTIVE_SUBSCRIPTIONS.dec()


async def subscribe_events(
    context: RequestContext, after: str | None, types: list[str] | None, where: Any
) -> AsyncGenerator[Shown, None]:
    """The change feed live, as `events` shows it."""
    criteria, wanted = Criteria.of(where), _types(types)
    async for shown in _follow(context, after, wanted, criteria):
        yield shown


async def subscribe_project_results(
    context: RequestContext, where: Any, after: str | None
) -> AsyncGenerator[Shown, None]:
    """Result announcements and failures live, matching `where` (a `ProjectResultFilter`) if given."""
    criteria = Criteria.of(where)
    async for shown in _follow(context, after, project_events.ANNOUNCEMENT_TYPES, criteria):
        if shown.announces:
            yield shown
