"""Mutations of notices: the domain rule in `perform`'s transaction, answered with the notice row."""

from __future__ import annotations

import strawberry

from zhongjie.domain.notices import lifecycle as notices
from zhongjie.domain.notices.vocabulary import NoticeAction
from zhongjie.models import Notice as NoticeRow
from zhongjie.resolvers.mutations import Outcome, perform


async def create_notice(info: strawberry.Info, region_code: str, title: str, body: str) -> Outcome[NoticeRow]:
    return await perform(info, lambda s, actor, now: notices.create(s, actor, region_code, title, body, now))


async def act_on_notice(
    info: strawberry.Info,
    notice_id: int,
    action: NoticeAction,
    *,
    title: str | None,
    body: str | None,
    reason: str | None,
) -> Outcome[NoticeRow]:
    """Edit, publish or withdraw."""
    return await perform(
        info,
        lambda s, actor, now: notices.act(
            s, actor, notice_id, action, now, title=title, body=body, reason=reason
        ),
    )
