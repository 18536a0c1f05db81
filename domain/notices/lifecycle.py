"""A notice's transition table, and the operators' steps through it: draft, edit, publish, withdraw."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal, Role
from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.domain.agencies import validation
from zhongjie.domain.notices.vocabulary import NoticeAction, NoticeStatus
from zhongjie.domain.outbox.record import record_event
from zhongjie.domain.transitions import Lifecycle
from zhongjie.models import Notice


def _not_allowed(status: NoticeStatus | None, _action: NoticeAction) -> RuleViolation:
    assert status is not None  # creating a notice is always allowed to the operators
    return RuleViolation(
        UserErrorCode.NOT_ALLOWED, "notice_action_not_allowed", field="input.noticeId", status=status.label
    )


S, A = NoticeStatus, NoticeAction
OPERATORS = frozenset({Role.OPERATOR})  # of the notice's region or a region above it
NOTICE_LIFECYCLE: Lifecycle[NoticeStatus, NoticeAction, Role] = Lifecycle(
    {
        (S.DRAFT, A.EDIT): (S.DRAFT, OPERATORS),
        (S.DRAFT, A.PUBLISH): (S.PUBLISHED, OPERATORS),
        (S.PUBLISHED, A.WITHDRAW): (S.WITHDRAWN, OPERATORS),
    },
    _not_allowed,
    creating={A.CREATE: (S.DRAFT, OPERATORS)},
)


def _operator_of(principal: Principal, region_code: str, field: str) -> None:
    if not principal.has_role(Role.OPERATOR) or not principal.covers_region(region_code):
        raise RuleViolation(UserErrorCode.FORBIDDEN, "notice_operators_only", field=field)


async def _record(
    session: AsyncSession,
    notice: Notice,
    action: NoticeAction,
    before: str | None,
    actor: Principal,
    now: datetime,
) -> None:
    await record_event(
        session,
        aggregate_type="Notice",
        aggregate_key=str(notice.id),
        event_type=f"notice.{action.value.lower()}",
        payload={"from": before, "to": notice.status},
        actor_user_id=actor.user_id,
        actor_role=Role.OPERATOR.value,
        now=now,
    )


async def create(
    session: AsyncSession, principal: Principal, region_code: str, title: str, body: str, now: datetime
) -> Notice:
    region = await validation.region(session, region_code, "input.regionCode")
    _operator_of(principal, region, "input.regionCode")
    notice = Notice(
        region_code=region,
        title=validation.text(title, "input.title", 200),
        body=validation.text(body, "input.body", 20000),
        status=NOTICE_LIFECYCLE.target(None, NoticeAction.CREATE, Role.OPERATOR).value,
        created_by=principal.user_id,
        created_at=now,
        updated_at=now,
    )
    session.add(notice)
    await session.flush()
    await _record(session, notice, NoticeAction.CREATE, None, principal, now)
    return notice


async def act(
    session: AsyncSession,
    principal: Principal,
    notice_id: int,
    action: NoticeAction,
    now: datetime,
    *,
    title: str | None = None,
    body: str | None = None,
    reason: str | None = None,
) -> Notice:
    """Edit, publish or withdraw, as the table allows."""
    notice = await session.scalar(select(Notice).where(Notice.id == notice_id).with_for_update())
    if notice is None or not (
        principal.has_role(Role.OPERATOR) and principal.covers_region(notice.region_code)
    ):
        if notice is None or NoticeStatus(notice.status) is not NoticeStatus.PUBLISHED:
            raise RuleViolation(UserErrorCode.NOT_FOUND, "record_not_found", field="input.noticeId")
        raise RuleViolation(UserErrorCode.FORBIDDEN, "notice_operators_only", field="input.noticeId")
    before = NoticeStatus(notice.status)
    target = NOTICE_LIFECYCLE.target(before, action, Role.OPERATOR)
    if action is NoticeAction.EDIT:  # what is not given stays
        notice.title = validation.text(title, "input.title", 200, required=False) or notice.title
        notice.body = validation.text(body, "input.body", 20000, required=False) or notice.body
    if action is NoticeAction.PUBLISH:
        notice.published_at = now
    if action is NoticeAction.WITHDRAW:
        notice.withdrawal_reason = validation.text(reason, "input.reason", 1000)
        notice.withdrawn_at = now
    notice.status, notice.updated_at = target.value, now
    await _record(session, notice, action, before.value, principal, now)
    return notice
