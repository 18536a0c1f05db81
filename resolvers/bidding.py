"""The bidding room (竞价室): a bidder's standing, once (`biddingStanding`) or live (`biddingRoom`)."""

from __future__ import annotations

from collections.abc import AsyncGenerator

from sqlalchemy import select

from zhongjie.auth.visibility import VISIBILITY
from zhongjie.base.errors import Forbidden, NotFound, RuleViolation, UserErrorCode
from zhongjie.domain.projects.access import PROJECT_ROWS
from zhongjie.domain.selection import bidding
from zhongjie.models import Project
from zhongjie.resolvers.context import RequestContext


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


async def bidding_standing(context: RequestContext, project_code: str) -> bidding.Standing:
    return await _standing(context, project_code)


async def bidding_room(context: RequestContext, project_code: str) -> AsyncGenerator[bidding.Standing, None]:
    """The caller's standing whenever it changes, until the last round has ended."""
    if context.broker is None:
        raise RuntimeError("subscriptions need the app's event broker")
    last = None
    while True:
        seen = context.broker.signal.generation
        standing = await _standing(context, project_code)
        if standing != last:
            yield standing
            last = standing
        if context.clock() >= standing.closes_at:
            return
        await context.broker.wait(seen)
