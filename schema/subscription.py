"""The root `Subscription` type (graphql-transport-ws): resumable pushes of committed changes."""

from __future__ import annotations

import strawberry

from zhongjie.resolvers import bidding as bidding_resolvers
from zhongjie.resolvers import events as event_resolvers
from zhongjie.schema.awards import BiddingStanding
from zhongjie.schema.events import Event, ProjectResultAnnouncement


@strawberry.type(description="Pushes (推送) over WebSocket; each item carries a cursor to resume after.")
class Subscription:
    events: Event = strawberry.subscription(
        resolver=event_resolvers.subscribe_events,
        description="The change feed live: replays what follows `after` (default: now), then streams.",
    )
    bidding_room: BiddingStanding = strawberry.subscription(
        resolver=bidding_resolvers.bidding_room,
        description="A bidder's standing live (竞价室): its rank and the best price, never who holds it.",
    )
    project_results: ProjectResultAnnouncement = strawberry.subscription(
        resolver=event_resolvers.subscribe_project_results,
        description="Selection results (中选结果) matching the filter, as they are announced (按需推送).",
    )
