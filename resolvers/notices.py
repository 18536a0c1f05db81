"""Reads of notices (`notices`) and the notice mutations."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy import select

from zhongjie.auth.visibility import VISIBILITY
from zhongjie.base.global_ids import key_of
from zhongjie.base.regions import ancestors_and_self
from zhongjie.domain import notices
from zhongjie.domain.notices import NOTICE_ROWS, NoticeAction
from zhongjie.models import Notice as NoticeRow
from zhongjie.resolvers.context import RequestContext
from zhongjie.resolvers.filters import region_code
from zhongjie.resolvers.mutations import perform_legacy as perform
from zhongjie.resolvers.pagination import Ordering, Page, paginate
from zhongjie.schema.notices import CreateNoticeInput, Notice, NoticeActionInput, NoticePayload


async def notices_of(context: RequestContext, first: int, after: str | None, region: str | None) -> Page[Any]:
    """The notices the caller may see, newest first; for a region, its own and those of the regions
    above it."""
    statement = select(NoticeRow).where(VISIBILITY.row_filter(context.principal, NOTICE_ROWS))
    if region is not None:
        statement = statement.where(
            NoticeRow.region_code.in_(ancestors_and_self(region_code(region, "region")))
        )
    ordering = Ordering(name="ID:DESC", column=NoticeRow.id, key=NoticeRow.id, descending=True)
    return await paginate(context.database, statement, ordering, first, after)


async def create_notice(info: strawberry.Info, input: CreateNoticeInput) -> NoticePayload:
    row, errors = await perform(
        info, lambda s, actor, now: notices.create(s, actor, input.region_code, input.title, input.body, now)
    )
    return NoticePayload(notice=Notice.from_row(row) if row else None, errors=errors)


def _notice_action(action: NoticeAction) -> Any:
    async def resolve(info: strawberry.Info, input: NoticeActionInput) -> NoticePayload:
        notice_id = key_of(input.notice_id, "Notice", "input.noticeId")
        row, errors = await perform(
            info,
            lambda s, actor, now: notices.act(
                s, actor, notice_id, action, now, title=input.title, body=input.body, reason=input.reason
            ),
        )
        return NoticePayload(notice=Notice.from_row(row) if row else None, errors=errors)

    return resolve


edit_notice = _notice_action(NoticeAction.EDIT)
publish_notice = _notice_action(NoticeAction.PUBLISH)
withdraw_notice = _notice_action(NoticeAction.WITHDRAW)
