"""The notice mutations: decode the input, call the resolver, show the notice or the refusal."""

from __future__ import annotations

from typing import Any

import strawberry

from zhongjie.base.global_ids import key_of
from zhongjie.domain.notices.vocabulary import NoticeAction
from zhongjie.models import Notice as NoticeRow
from zhongjie.resolvers import notice_mutations as notices
from zhongjie.resolvers.mutations import Outcome
from zhongjie.schema.errors import user_errors
from zhongjie.schema.notices import CreateNoticeInput, Notice, NoticeActionInput, NoticePayload


def _payload(outcome: Outcome[NoticeRow], language: str) -> NoticePayload:
    row = outcome.value
    return NoticePayload(
        notice=Notice.from_row(row) if row is not None else None,
        errors=user_errors(outcome.refusal, language),
    )


async def create_notice(info: strawberry.Info, input: CreateNoticeInput) -> NoticePayload:
    outcome = await notices.create_notice(info, input.region_code, input.title, input.body)
    return _payload(outcome, info.context.language)


def _notice_action(action: NoticeAction) -> Any:
    async def resolve(info: strawberry.Info, input: NoticeActionInput) -> NoticePayload:
        notice_id = key_of(input.notice_id, "Notice", "input.noticeId")
        outcome = await notices.act_on_notice(
            info, notice_id, action, title=input.title, body=input.body, reason=input.reason
        )
        return _payload(outcome, info.context.language)

    return resolve


edit_notice = _notice_action(NoticeAction.EDIT)
publish_notice = _notice_action(NoticeAction.PUBLISH)
withdraw_notice = _notice_action(NoticeAction.WITHDRAW)
