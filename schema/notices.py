"""Notices (通知公告) of operators, public once published."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, ClassVar, Self

import strawberry

from zhongjie.auth.visibility import RowRule
from zhongjie.domain.notices.access import NOTICE_ROWS
from zhongjie.domain.notices.vocabulary import NoticeStatus
from zhongjie.models import Notice as NoticeRow
from zhongjie.models import Region as RegionRow
from zhongjie.schema.enums import labelled
from zhongjie.schema.errors import UserError
from zhongjie.schema.loaded import loaded
from zhongjie.schema.regions import Region
from zhongjie.schema.relay import Node

NoticeStatusEnum = Annotated[
    NoticeStatus, labelled(NoticeStatus, name="NoticeStatus", description="State of a notice.")
]


@strawberry.type(description="A notice (通知公告) of a region's marketplace operator.")
class Notice(Node):
    row_rule: ClassVar[RowRule] = NOTICE_ROWS
    notice_id: strawberry.Private[int]
    region_code: strawberry.Private[str]
    title: str = strawberry.field(description="Title (标题).")
    body: str = strawberry.field(description="Text (正文).")
    status: NoticeStatusEnum = strawberry.field(description="Draft, published or withdrawn.")
    published_at: datetime | None = strawberry.field(description="When it was published.")
    withdrawn_at: datetime | None = strawberry.field(description="When it was withdrawn.")
    withdrawal_reason: str | None = strawberry.field(description="Why it was withdrawn.")

    def node_key(self) -> object:
        return self.notice_id

    @classmethod
    def from_row(cls, row: NoticeRow) -> Self:
        return cls(
            notice_id=row.id,
            region_code=row.region_code,
            title=row.title,
            body=row.body,
            status=NoticeStatus(row.status),
            published_at=row.published_at,
            withdrawn_at=row.withdrawn_at,
            withdrawal_reason=row.withdrawal_reason,
        )

    @loaded(
        lambda loaders: loaders.region,
        key=lambda notice: notice.region_code,
        description="The region it is for (its regions below included).",
    )
    def region(self, row: RegionRow) -> Region:
        return Region.from_row(row)


@strawberry.input(description="A notice draft (通知公告) for a region you operate in or above.")
class CreateNoticeInput:
    region_code: str = strawberry.field(description="The region.")
    title: str = strawberry.field(description="Title.")
    body: str = strawberry.field(description="Text.")


@strawberry.input(description="A change to a notice: edit (drafts), publish or withdraw (with a reason).")
class NoticeActionInput:
    notice_id: strawberry.ID = strawberry.field(description="The notice.")
    title: str | None = strawberry.field(default=None, description="New title (edit).")
    body: str | None = strawberry.field(default=None, description="New text (edit).")
    reason: str | None = strawberry.field(default=None, description="Why it is withdrawn (withdraw).")


@strawberry.type(description="Result of a notice mutation.")
class NoticePayload:
    notice: Notice | None = strawberry.field(description="The notice; null when refused.")
    errors: list[UserError] = strawberry.field(description="Refused parts of the input; empty on success.")
