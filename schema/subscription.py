"""The root `Subscription` type (graphql-transport-ws): resumable pushes of committed changes.

Each field streams what its resolver yields (the feed's events, a bidder's standings) as the schema's
types.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from zhongjie.resolvers import bidding as bidding_resolvers
from zhongjie.resolvers import events as event_resolvers
from zhongjie.schema.awards import BiddingStanding
from zhongjie.schema.events import Event, EventFilter, ProjectResultAnnouncement, ProjectResultFilter


@strawberry.type(description="Pushes (推送) over WebSocket; each item carries a cursor to resume after.")
class Subscription:
    @strawberry.subscription(
        description="The change feed live: replays what follows `after` (default: now), then streams."
    )
    async def events(
        self,
        info: strawberry.Info,
        after: str | None = None,
        types: list[str] | None = None,
        filter: EventFilter | None = None,
    ) -> AsyncGenerator[Event, None]:
        base_url = info.context.settings.base_url
        async for shown in event_resolvers.subscribe_events(info.context, after, types, filter):
            yield Event.of(shown, base_url)

    @strawberry.subscription(
        description="A bidder's standing live (竞价室): its rank and the best price, never who holds it."
    )
    async def bidding_room(
        self, info: strawberry.Info, project_code: str
    ) -> AsyncGenerator[BiddingStanding, None]:
        async for standing in bidding_resolvers.bidding_room(info.context, project_code):
            yield BiddingStanding.of(standing)

    @strawberry.subscription(
        description="Selection results (中选结果) matching the filter, as they are announced (按需推送)."
    )
    async def project_results(
        self, info: strawberry.Info, filter: ProjectResultFilter | None = None, after: str | None = None
    ) -> AsyncGenerator[ProjectResultAnnouncement, None]:
        base_url = info.context.settings.base_url
        async for shown in event_resolvers.subscribe_project_results(info.context, filter, after):
            yield ProjectResultAnnouncement.shown(shown, base_url)
