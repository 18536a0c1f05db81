"""The audit log: every mutation recorded with who, what, target and changes, hash-chained on chains side by
side whose heads are sealed together; `zhongjie audit verify` names an edited, removed or reordered entry, a
chain cut back with its head rewritten to match, and a changed seal."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import delete, func, select, update

from tests.agency_flow import graphql
from tests.commands import database_environment, run_zhongjie
from tests.project_flow import act, create, new_owner, operator_token
from zhongjie.auth.principal import Principal, Role
from zhongjie.domain import audit
from zhongjie.models import AuditChainHead, AuditEntry, AuditSeal

LOG = """query($action: String) { auditLog(first: 5, action: $action) { edges { node {
  chain position action target outcome actorRoles details entryHash previousHash } } } }"""


async def entry_before(database, chain: int, position: int) -> AuditEntry | None:
    async with database.session() as session:
        return await session.scalar(
            select(AuditEntry).where(AuditEntry.chain == chain, AuditEntry.position == position - 1)
        )


async def verify(database) -> tuple[int, str]:
    done = await run_zhongjie("audit", "verify", env=database_environment(database))
    return done.returncode, done.stderr


async def intact(database) -> None:
    code, stderr = await verify(database)
    assert (code, stderr) == (0, ""), stderr


async def test_mutations_are_logged_with_their_changes_and_refusals(client, database, test_issuer) -> None:
    owner, operator = new_owner(test_issuer), operator_token(test_issuer)
    project = await create(client, owner)
    await act(client, owner.token, "submitProject", project["id"])
    refused = await act(client, owner.token, "approveProject", project["id"])  # only operators approve
    assert refused["errors"]

    log = (await graphql(client, operator, LOG))["data"]["auditLog"]["edges"]
    latest = [edge["node"] for edge in log]
    approve, submit = latest[0], latest[1]
    assert (approve["action"], approve["outcome"]) == ("approveProject", "refused")
    assert approve["details"]["error"]["code"] == "FORBIDDEN"
    assert (submit["action"], submit["outcome"], submit["actorRoles"]) == ("submitProject", "ok", ["owner"])
    assert submit["target"].startswith("Project:")
    assert submit["details"]["changes"] == [
        {"type": "project.submit", "aggregate": submit["target"], "from": "DRAFT", "to": "SUBMITTED"}
    ]
    for node in (approve, submit):  # each chained to the entry before it on its chain
        before = await entry_before(database, node["chain"], node["position"])
        assert node["previousHash"] == (before.entry_hash if before else audit.GENESIS)

    denied = await graphql(client, owner.token, LOG)
    assert [e["extensions"]["code"] for e in denied["errors"]] == ["FORBIDDEN"]


def test_secrets_never_reach_the_log() -> None:
    cleaned = audit.without_secrets(
        {"input": {"url": "https://x", "clientSecret": "s", "tokens": ["t"], "n": 1}}
    )
    assert cleaned == {"input": {"url": "https://x", "n": 1}}


async def test_audit_verify_names_an_edited_a_removed_and_a_reordered_entry(
    client, database, test_issuer
) -> None:
    owner = new_owner(test_issuer)
    for _ in range(3):
        await create(client, owner)
    await intact(database)

    async with database.session() as session:  # the newest entry's chain, which has two at least
        chain = await session.scalar(select(AuditEntry.chain).order_by(AuditEntry.id.desc()).limit(1))
        last = await session.scalar(select(func.max(AuditEntry.position)).where(AuditEntry.chain == chain))
    assert last is not None and last >= 2

    def at(position: int):
        return select(AuditEntry).where(AuditEntry.chain == chain, AuditEntry.position == position)

    async with database.session() as session:  # the chain is shared: its entry may be another test's
        action = await session.scalar(at(last - 1).with_only_columns(AuditEntry.action))
    async with database.transaction() as session:
        await session.execute(
            update(AuditEntry)
            .where(AuditEntry.chain == chain, AuditEntry.position == last - 1)
            .values(action="somethingElse")
        )
    code, stderr = await verify(database)
    assert code == 1 and f"chain {chain} entry {last - 1}: edited" in stderr

    async with database.transaction() as session:  # undo, then remove one instead
        row = await session.scalar(at(last - 1))
        row.action = action
    await intact(database)
    async with database.transaction() as session:
        saved = await session.scalar(at(last - 1))
        kept = {
            column: getattr(saved, column)
            for column in (
                "id",
                "chain",
                "position",
                "occurred_at",
                "request_id",
                "actor_user_id",
                "actor_roles",
                "action",
                "target",
                "outcome",
                "details",
                "previous_hash",
                "entry_hash",
            )
        }
        await session.delete(saved)
    code, stderr = await verify(database)
    assert code == 1 and f"chain {chain} entry {last - 1}: missing" in stderr

    async with database.transaction() as session:  # put it back, then swap two entries' contents
        session.add(AuditEntry(**kept))
    await intact(database)
    async with database.transaction() as session:
        first, second = await session.scalar(at(last - 1)), await session.scalar(at(last))
        first.details, second.details = second.details, first.details
        first.target, second.target = second.target, first.target
    code, stderr = await verify(database)
    assert code == 1 and f"chain {chain} entry {last - 1}" in stderr
    async with database.transaction() as session:  # restore, for the other tests sharing the database
        first, second = await session.scalar(at(last - 1)), await session.scalar(at(last))
        first.details, second.details = second.details, first.details
        first.target, second.target = second.target, first.target
    await intact(database)


async def test_a_chain_cut_back_with_its_head_rewritten_disagrees_with_the_seals(
    client, database, test_issuer
) -> None:
    owner = new_owner(test_issuer)
    await create(client, owner)
    async with database.transaction() as session:
        sealed = await audit.seal(session, datetime.now(UTC))
    assert sealed is not None and sealed.heads
    async with database.transaction() as session:  # nothing moved: no new seal
        assert await audit.seal(session, datetime.now(UTC)) is None
    chain, position, _ = max(sealed.heads, key=lambda head: head[1])
    async with database.transaction() as session:  # cut the tail and make the head agree
        tail = await session.scalar(
            select(AuditEntry).where(AuditEntry.chain == chain, AuditEntry.position == position)
        )
        saved = {column.key: getattr(tail, column.key) for column in AuditEntry.__table__.columns}
        await session.execute(delete(AuditEntry).where(AuditEntry.id == tail.id))
        head = await session.get(AuditChainHead, chain)
        head.position, head.entry_hash = position - 1, tail.previous_hash
    code, stderr = await verify(database)
    assert code == 1 and f"chain {chain} entry {position}: differs from seal {sealed.number}" in stderr

    async with database.transaction() as session:  # restore it; then change the seal itself
        session.add(AuditEntry(**saved))
        head = await session.get(AuditChainHead, chain)
        head.position, head.entry_hash = position, saved["entry_hash"]
    await intact(database)
    async with database.transaction() as session:
        row = await session.get(AuditSeal, sealed.number)
        row.sealed_at = datetime(2020, 1, 1, tzinfo=UTC)
    code, stderr = await verify(database)
    assert code == 1 and f"seal {sealed.number}: edited" in stderr
    async with database.transaction() as session:
        row = await session.get(AuditSeal, sealed.number)
        row.sealed_at = sealed.sealed_at
    await intact(database)


async def test_concurrent_writers_append_to_chains_of_their_own(client, database, test_issuer) -> None:
    owner = new_owner(test_issuer)
    async with database.session() as session:
        before = await session.scalar(select(func.max(AuditEntry.id))) or 0
    await asyncio.gather(*(create(client, owner) for _ in range(8)))
    async with database.session() as session:
        chains = set(await session.scalars(select(AuditEntry.chain).where(AuditEntry.id > before)))
    if database.backend == "postgresql":  # concurrent transactions on several connections
        assert len(chains) > 1, chains
    await intact(database)


async def test_entries_of_any_text_verify(database) -> None:
    """Entries whose content is hard to hash alike (on PostgreSQL the database hashes it): every script,
    quotes, escapes, line breaks, numbers, and a value that looks like the position's stand-in."""
    details = {
        "text": '中文 🎉 "quoted" \\ back\nline\u2028sep',
        "position": audit.POSITION_MARK,
        "numbers": [1.5, -0.0, 10**20, 1e16, -2.5e20, 1e-7, 123456789.123456789, float("inf")],
        "nested": {"position": 3},
    }
    for outcome in ("ok", "refused"):
        async with database.transaction() as session:
            await audit.append(
                session,
                now=datetime.now(UTC),
                request_id="req-any-text",
                principal=Principal(roles=frozenset({Role.OPERATOR})),
                action="anyText",
                target="Project:1",
                outcome=outcome,
                details=details,
            )
    await intact(database)
    async with database.session() as session:
        stored = list(await session.scalars(select(AuditEntry).where(AuditEntry.action == "anyText")))
    kept = {**details, "numbers": [1.5, 0.0, 10**20, 10**16, -25 * 10**19, 1e-7, 123456789.123456789, "inf"]}
    assert [entry.details for entry in stored] == [kept, kept]
