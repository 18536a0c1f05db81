"""The bidding room (竞价室): a bidder's standing, once (`biddingStanding`) or live (`biddingRoom`)."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry
from sqlalchemy import select

from zhongjie.auth.visibility import VISIBILITY
from zhongjie.base.errors import Forbidden, NotFound, RuleViolation, UserErrorCode
from zhongjie.domain.projects.access import PROJECT_ROWS
from zhongjie.domain.selection import bidding
from zhongjie.models import Project
from zhongjie.resolvers.context import RequestContext
from zhongjie.schema.awards import BiddingStanding


async def _standing(context: RequestContext, project_code: str) -> bidding.Standing:
    async with context.database.session() as session:
        project = await session.scalar(select(Project).where(Project.code == project_code.strip()[:32]))
        if project is None or not VISIBILITY.sees_row(context.principal, PROJECT_ROWS, project):
            raise NotFound("project_not_found", field="projectCode")
        try:
            return await bidding.standing(session, context.principal, project, context.clock())
        except RuleViolation as refused:
            if refused.user_code is UserErrorCode.FORBIDDEN:
                raise Forbidden(refused.message_key, field="projectCode") from refused
            raise NotFound(refused.message_key, field="projectCode") from refused


def _shown(standing: bidding.Standing) -> BiddingStanding:
    return BiddingStanding(
        round=standing.round,
        round_ends_at=standing.round_ends_at,
        closes_at=standing.closes_at,
        best_price=standing.best_price,
        own_price=standing.own_price,
        own_rank=standing.own_rank,
        bidders=standing.bidders,
    )


async def bidding_standing(info: strawberry.Info, project_code: str) -> BiddingStanding:
    return _shown(await _standing(info.context, project_code))


async def bidding_room(info: strawberry.Info, project_code: str) -> AsyncGenerator[BiddingStanding, None]:
    """Pushes the caller's standing whenever it changes, until the last round has ended."""
    context: RequestContext = info.context
    if context.broker is None:
        raise RuntimeError("subscriptions need the app's event broker")
    last = None
    while True:
        seen = context.broker.signal.generation
        standing = await _standing(context, project_code)
        if standing != last:
            yield _shown(standing)
            last = standing
        if context.clock() >= standing.closes_at:
            return
        await context.broker.wait(seen)
