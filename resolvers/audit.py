"""`auditLog`: the audit entries, newest first, for operators."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from zhongjie.auth.principal import Role
from zhongjie.base.errors import Forbidden
from zhongjie.models import AuditEntry as EntryRow
from zhongjie.resolvers.context import RequestContext
from zhongjie.resolvers.pagination import Ordering, Page, paginate


async def audit_log(context: RequestContext, first: int, after: str | None, action: str | None) -> Page[Any]:
    if not context.principal.has_role(Role.OPERATOR):
        raise Forbidden("operators_only")
    statement = select(EntryRow)
    if action:
        statement = statement.where(EntryRow.action == action.strip()[:80])
    ordering = Ordering(name="LOG:DESC", column=EntryRow.id, key=EntryRow.id, descending=True)
    return await paginate(context.loaders.reads, statement, ordering, first, after)
