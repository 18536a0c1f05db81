"""The audit log (审计日志): append-only and hash-chained.

The log is `CHAINS` chains side by side, so that writers do not wait on one another: a transaction appends
to the chain of its database connection (each connection keeps one), locking only that chain's head. On a
chain, each entry's hash is SHA-256 over the previous entry's hash and the entry's canonical JSON, starting
from 64 zeros; the head row keeps the last position and hash, and entries are numbered without gaps in commit
order. The timed jobs seal every chain's head into one chain of seals (`seal`), so a chain cut back with its
head rewritten to match no longer agrees with the seals. `verify` re-computes the chains and the seals and
names every entry that was edited, removed or moved.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Text, cast, func, insert, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal
from zhongjie.models import AuditChainHead, AuditEntry, AuditSeal

GENESIS = "0" * 64
CHAINS = 16
CHAIN_OF_CONNECTION = "zhongjie_audit_chain"
_connections = itertools.count(os.getpid())  # processes start their connections on different chains
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
    if isinstance(value, float):
        return _as_stored(value)
    if value is None or isinstance(value, bool | int):
        return value
    return str(value)[:MAX_TEXT]


def _as_stored(number: float) -> float | int | str:
    """The number as a JSONB document gives it back, so that the entry hashes alike before and after:
    PostgreSQL keeps no negative zero, writes 1e+16 out as an integer, and has no NaN or infinity."""
    if not math.isfinite(number):
        return str(number)
    if number == 0:
        return 0.0
    if number.is_integer() and "e" in repr(number):
        return int(number)
    return number


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
) -> None:
    """The next entry of this connection's chain, in the caller's transaction: a mutation is logged if and
    only if it commits."""
    chain = await _chain_of(session)
    entry = AuditEntry(
        chain=chain,
        occurred_at=_in_utc(now),  # as the database gives it back, or the hash would not match it
        request_id=request_id[:64],
        actor_user_id=principal.user_id,
        actor_roles=sorted(principal.roles),
        action=action[:80],
        target=target[:120] if target else None,
        outcome=outcome,
        details=without_secrets(details),
    )
    if session.get_bind().dialect.name == "postgresql" and await _appended_at_once(session, entry):
        return
    head = await session.scalar(select(AuditChainHead).where(AuditChainHead.id == chain).with_for_update())
    if head is None:  # the chain's first entry; a concurrent first one fails on the key and is retried
        head = AuditChainHead(id=chain, position=0, entry_hash=GENESIS)
        session.add(head)
        await session.flush()
    entry.position, entry.previous_hash = head.position + 1, head.entry_hash
    entry.entry_hash = entry_hash(entry.previous_hash, entry)
    head.position, head.entry_hash = entry.position, entry.entry_hash
    session.add(entry)
    await session.flush()


POSITION_MARK = -7_355_608_113_117  # stands for the position in the content hashed by the database


async def _appended_at_once(session: AsyncSession, entry: AuditEntry) -> bool:
    """On PostgreSQL, one statement locks and moves the chain's head and inserts the entry, its hash computed
    by the database exactly as `entry_hash` does (the content's JSON around the position, which only the head
    knows); two round trips fewer for every mutation. False if the chain has no head yet."""
    entry.position = POSITION_MARK
    content = json.dumps(_content(entry), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # the entry's own position comes after `details`, the one field free-form enough to hold the mark
    before, mark, after = content.rpartition(f'"position":{POSITION_MARK}')
    old = (
        select(AuditChainHead.id, AuditChainHead.position, AuditChainHead.entry_hash)
        .where(AuditChainHead.id == entry.chain)
        .with_for_update()
        .cte("old")
    )
    position = old.c.position + 1
    hashed = old.c.entry_hash.concat(before + mark.removesuffix(str(POSITION_MARK)))
    hashed = hashed.concat(cast(position, Text)).concat(after)
    moved = (
        update(AuditChainHead)
        .where(AuditChainHead.id == old.c.id)
        .values(
            position=position, entry_hash=func.encode(func.sha256(func.convert_to(hashed, "UTF8")), "hex")
        )
        .returning(AuditChainHead.position, AuditChainHead.entry_hash, old.c.entry_hash.label("previous"))
        .cte("moved")
    )
    columns = AuditEntry.__table__.c
    fixed = (
        "chain",
        "occurred_at",
        "request_id",
        "actor_user_id",
        "actor_roles",
        "action",
        "target",
        "outcome",
        "details",
    )
    values = [literal(getattr(entry, name), columns[name].type) for name in fixed]
    statement = (
        insert(AuditEntry)
        .from_select(
            [*fixed, "position", "previous_hash", "entry_hash"],
            select(*values, moved.c.position, moved.c.previous, moved.c.entry_hash),
        )
        .returning(AuditEntry.id)
    )
    return (await session.execute(statement)).first() is not None


async def _chain_of(session: AsyncSession) -> int:
    """The chain of the session's database connection, given to it at its first entry."""
    info = (await session.connection()).info
    if CHAIN_OF_CONNECTION not in info:
        info[CHAIN_OF_CONNECTION] = next(_connections) % CHAINS + 1
    chain: int = info[CHAIN_OF_CONNECTION]
    return chain


def seal_hash(previous_hash: str, seal: AuditSeal) -> str:
    content = {"number": seal.number, "sealed_at": seal.sealed_at.isoformat(), "heads": seal.heads}
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(previous_hash.encode() + canonical.encode()).hexdigest()


async def seal(session: AsyncSession, now: datetime) -> AuditSeal | None:
    """The timed job: a new seal of every chain's head, unless none moved since the last one."""
    heads = [
        [head.id, head.position, head.entry_hash]
        for head in await session.scalars(select(AuditChainHead).order_by(AuditChainHead.id))
    ]
    last = await session.scalar(select(AuditSeal).order_by(AuditSeal.number.desc()).limit(1))
    if not heads or (last is not None and last.heads == heads):
        return None
    sealed = AuditSeal(
        number=(last.number if last else 0) + 1,
        sealed_at=_in_utc(now),
        heads=heads,
        previous_hash=last.seal_hash if last else GENESIS,
    )
    sealed.seal_hash = seal_hash(sealed.previous_hash, sealed)
    session.add(sealed)
    await session.flush()
    return sealed


def _in_utc(moment: datetime) -> datetime:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


@dataclass(frozen=True)
class Break:
    chain: int  # 0: the chain of seals
    position: int
    what: str

    def __str__(self) -> str:
        place = f"seal {self.position}" if self.chain == 0 else f"chain {self.chain} entry {self.position}"
        return f"{place}: {self.what}"


async def verify(session: AsyncSession) -> list[Break]:
    """Every place the log does not hold: an edited entry, a gap, an entry out of its place, a cut tail, a
    seal that was changed or that its chains no longer agree with."""
    breaks: list[Break] = []
    ends: dict[int, tuple[int, str]] = {}  # chain → (last position, its hash)
    hashes: dict[tuple[int, int], str] = {}
    entries = await session.scalars(select(AuditEntry).order_by(AuditEntry.chain, AuditEntry.position))
    for entry in entries:
        chain = entry.chain
        expected, previous = ends.get(chain, (0, GENESIS))
        expected += 1
        if entry.position != expected:
            breaks.append(Break(chain, expected, f"missing entries {expected}–{entry.position - 1}"))
        if entry.previous_hash != previous:
            breaks.append(
                Break(chain, entry.position, "not chained to the entry before it (removed or reordered)")
            )
        if entry_hash(entry.previous_hash, entry) != entry.entry_hash:
            breaks.append(Break(chain, entry.position, "edited: its content does not match its hash"))
        ends[chain] = (entry.position, entry.entry_hash)
        hashes[(chain, entry.position)] = entry.entry_hash
    for head in await session.scalars(select(AuditChainHead)):
        if (head.position, head.entry_hash) != ends.get(head.id, (0, GENESIS)):
            breaks.append(Break(head.id, head.position, "entries removed from the end of the chain"))
    return breaks + await _verify_seals(session, hashes)


async def _verify_seals(session: AsyncSession, hashes: dict[tuple[int, int], str]) -> list[Break]:
    breaks: list[Break] = []
    previous, expected = GENESIS, 1
    for sealed in await session.scalars(select(AuditSeal).order_by(AuditSeal.number)):
        if sealed.number != expected or sealed.previous_hash != previous:
            breaks.append(Break(0, sealed.number, "not chained to the seal before it"))
        if seal_hash(sealed.previous_hash, sealed) != sealed.seal_hash:
            breaks.append(Break(0, sealed.number, "edited: its content does not match its hash"))
        for chain, position, sealed_hash in sealed.heads:
            if position and hashes.get((chain, position)) != sealed_hash:
                breaks.append(
                    Break(chain, position, f"differs from seal {sealed.number}: cut back or rewritten")
                )
        previous, expected = sealed.seal_hash, sealed.number + 1
    return breaks
