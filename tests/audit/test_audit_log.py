"""The audit log: every mutation recorded with who, what, target and changes, hash-chained; `zhongjie audit
verify` names an edited, removed or reordered entry."""

from __future__ import annotations

from sqlalchemy import select, update

from tests.agency_flow import graphql
from tests.commands import database_environment, run_zhongjie
from tests.project_flow import act, create, new_owner, operator_token
from zhongjie.domain import audit
from zhongjie.models import AuditEntry

LOG = """query($action: String) { auditLog(first: 5, action: $action) { edges { node {
  position action target outcome actorRoles details entryHash previousHash } } } }"""


async def test_mutations_are_logged_with_their_changes_and_refusals(client, test_issuer) -> None:
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
    assert approve["previousHash"] == submit["entryHash"]  # chained

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
    intact = await run_zhongjie("audit", "verify", env=database_environment(database))
    assert intact.returncode == 0, intact.stderr

    async with database.session() as session:
        last = await session.scalar(select(AuditEntry.position).order_by(AuditEntry.position.desc()).limit(1))
    async with database.transaction() as session:
        await session.execute(
            update(AuditEntry).where(AuditEntry.position == last - 1).values(action="somethingElse")
        )
    edited = await run_zhongjie("audit", "verify", env=database_environment(database))
    assert edited.returncode == 1 and f"entry {last - 1}: edited" in edited.stderr

    async with database.transaction() as session:  # undo, then remove one instead
        row = await session.get(AuditEntry, last - 1)
        row.action = "createProject"
    assert (await run_zhongjie("audit", "verify", env=database_environment(database))).returncode == 0
    async with database.transaction() as session:
        saved = await session.get(AuditEntry, last - 1)
        kept = {
            column: getattr(saved, column)
            for column in (
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
    removed = await run_zhongjie("audit", "verify", env=database_environment(database))
    assert removed.returncode == 1 and f"entry {last - 1}: missing" in removed.stderr

    async with database.transaction() as session:  # put it back, then swap two entries' contents
        session.add(AuditEntry(position=last - 1, **kept))
    assert (await run_zhongjie("audit", "verify", env=database_environment(database))).returncode == 0
    async with database.transaction() as session:
        first, second = await session.get(AuditEntry, last - 1), await session.get(AuditEntry, last)
        first.details, second.details = second.details, first.details
        first.target, second.target = second.target, first.target
    reordered = await run_zhongjie("audit", "verify", env=database_environment(database))
    assert reordered.returncode == 1 and f"entry {last - 1}" in reordered.stderr
    async with database.transaction() as session:  # restore, for the other tests sharing the database
        first, second = await session.get(AuditEntry, last - 1), await session.get(AuditEntry, last)
        first.details, second.details = second.details, first.details
        first.target, second.target = second.target, first.target
    assert (await run_zhongjie("audit", "verify", env=database_environment(database))).returncode == 0
