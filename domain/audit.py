"""The audit log (审计日志): append-only and hash-chained.

Each entry's hash is SHA-256 over the previous entry's hash and the entry's canonical JSON, starting from 64
zeros; a head row keeps the last position and hash. Appenders lock the head, so entries are numbered without
gaps in commit order. `verify` re-computes the chain and names every entry that was edited, removed or moved.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal
from zhongjie.models import AuditChainHead, AuditEntry

GENESIS = "0" * 64
HEAD_ID = 1
HIDDEN_KEYS = ("secret", "password", "token")  # never logged, whatever the input
MAX_TEXT = 500


def without_secrets(value: Any) -> Any:
    """`value` with every key naming a secret dropped and long texts cut."""
    if isinstance(value, dict):
        return {
            str(key): without_secrets(item)
            for key, item in value.items()
            if not any(hidden in str(key).lower() for hidden in HIDDEN_KEYS)
        }
    if isinstance(value, list | tuple):
        return [without_secrets(item) for item in value]
    if isinstance(value, str):
        return value[:MAX_TEXT]
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)[:MAX_TEXT]


def _content(entry: AuditEntry) -> dict[str, Any]:
    return {
        "position": entry.position,
        "occurred_at": entry.occurred_at.isoformat(),
        "request_id": entry.request_id,
        "actor_user_id": entry.actor_user_id,
        "actor_roles": list(entry.actor_roles),
        "action": entry.action,
        "target": entry.target,
        "outcome": entry.outcome,
        "details": entry.details,
    }


def entry_hash(previous_hash: str, entry: AuditEntry) -> str:
    content = json.dumps(_content(entry), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(previous_hash.encode() + content.encode()).hexdigest()


async def append(
    session: AsyncSession,
    *,
    now: datetime,
    request_id: str,
    principal: Principal,
    action: str,
    target: str | None,
    outcome: str,
    details: dict[str, Any],
) -> AuditEntry:
    """The next entry, in the caller's transaction: a mutation is logged if and only if it commits."""
    head = await session.scalar(select(AuditChainHead).where(AuditChainHead.id == HEAD_ID).with_for_update())
    if head is None:  # the first entry ever; a concurrent first one fails on the key and is retried
        head = AuditChainHead(id=HEAD_ID, position=0, entry_hash=GENESIS)
        session.add(head)
        await session.flush()
    entry = AuditEntry(
        position=head.position + 1,
        occurred_at=_in_utc(now),  # as the database gives it back, or the hash would not match it
        request_id=request_id[:64],
        actor_user_id=principal.user_id,
        actor_roles=sorted(principal.roles),
        action=action[:80],
        target=target[:120] if target else None,
        outcome=outcome,
        details=without_secrets(details),
        previous_hash=head.entry_hash,
    )
    entry.entry_hash = entry_hash(entry.previous_hash, entry)
    head.position, head.entry_hash = entry.position, entry.entry_hash
    session.add(entry)
    await session.flush()
    return entry


def _in_utc(moment: datetime) -> datetime:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


@dataclass(frozen=True)
class Break:
    position: int
    what: str


async def verify(session: AsyncSession) -> list[Break]:
    """Every place the chain does not hold: an edited entry, a gap, an entry out of its place, a cut tail."""
    breaks: list[Break] = []
    previous, expected = GENESIS, 1
    for entry in await session.scalars(select(AuditEntry).order_by(AuditEntry.position)):
        if entry.position != expected:
            breaks.append(Break(expected, f"missing entries {expected}–{entry.position - 1}"))
        if entry.previous_hash != previous:
            breaks.append(Break(entry.position, "not chained to the entry before it (removed or reordered)"))
        if entry_hash(entry.previous_hash, entry) != entry.entry_hash:
            breaks.append(Break(entry.position, "edited: its content does not match its hash"))
        previous, expected = entry.entry_hash, entry.position + 1
    head = await session.get(AuditChainHead, HEAD_ID)
    if head is not None and (head.position != expected - 1 or head.entry_hash != previous):
        breaks.append(Break(head.position, "entries removed from the end of the log"))
    return breaks
