"""`auditLog`: the audit entries, newest first, for operators."""

from __future__ import annotations

import strawberry
from sqlalchemy import select

from zhongjie.auth.principal import Role
from zhongjie.base.errors import Forbidden
from zhongjie.models import AuditEntry as EntryRow
from zhongjie.resolvers.pagination import Ordering, paginate
from zhongjie.schema.audit import AuditEntry
from zhongjie.schema.relay import After, Connection, First


async def audit_log(
    info: strawberry.Info, first: First = 50, after: After = None, action: str | None = None
) -> Connection[AuditEntry]:
    if not info.context.principal.has_role(Role.OPERATOR):
        raise Forbidden("operators_only")
    statement = select(EntryRow)
    if action:
        statement = statement.where(EntryRow.action == action.strip()[:80])
    ordering = Ordering(
        name="POSITION:DESC", column=EntryRow.position, key=EntryRow.position, descending=True
    )
    return await paginate(info.context.database, statement, ordering, first, after, AuditEntry.from_row)
