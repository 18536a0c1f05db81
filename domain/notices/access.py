"""Who may see which notices: the published ones everyone, the rest the operators."""

from __future__ import annotations

from typing import Any

from sqlalchemy import true

from zhongjie.auth.principal import Principal, Role
from zhongjie.auth.visibility import Audience, RowRule
from zhongjie.domain.notices.vocabulary import NoticeStatus
from zhongjie.models import Notice


def _notice_rows(principal: Principal) -> Any:
    if principal.has_role(Role.OPERATOR):
        return true()
    return Notice.status == NoticeStatus.PUBLISHED.value


# drafts and withdrawn notices: operators only
NOTICE_ROWS = RowRule(
    Audience(roles=frozenset({Role.OPERATOR})),
    public_when=lambda notice: NoticeStatus(notice.status) is NoticeStatus.PUBLISHED,
    sql=_notice_rows,
)
