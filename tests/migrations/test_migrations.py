"""The migrations build exactly the models' schema, on SQLite and PostgreSQL, and undo it."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from zhongjie import migrations
from zhongjie.models import Base
from zhongjie.models.database import Database


async def _differences(database: Database) -> list[object]:
    async with database.engine.connect() as conn:
        return await conn.run_sync(
            lambda sync_conn: compare_metadata(
                MigrationContext.configure(sync_conn, opts={"compare_type": True}), Base.metadata
            )
        )


async def _tables(database: Database) -> set[str]:
    async with database.engine.connect() as conn:
        return set(await conn.run_sync(lambda sync_conn: inspect(sync_conn).get_table_names()))


async def test_upgrade_from_empty_equals_the_models(empty_database: Database) -> None:
    await migrations.upgrade(empty_database.engine)

    assert await migrations.is_at_head(empty_database.engine)
    assert await _differences(empty_database) == []
    assert await _tables(empty_database) == set(Base.metadata.tables) | {"alembic_version"}


async def test_downgrade_to_base_removes_everything_and_upgrade_again_works(empty_database: Database) -> None:
    await migrations.upgrade(empty_database.engine)
    await migrations.downgrade(empty_database.engine, "base")

    assert await _tables(empty_database) == {"alembic_version"}
    assert await migrations.current_revisions(empty_database.engine) == set()

    await migrations.upgrade(empty_database.engine)
    assert await _differences(empty_database) == []


async def test_every_revision_steps_down_and_up_again(empty_database: Database) -> None:
    await migrations.upgrade(empty_database.engine)
    await migrations.downgrade(empty_database.engine, "-1")
    assert not await migrations.is_at_head(empty_database.engine)
    await migrations.upgrade(empty_database.engine)
    assert await migrations.is_at_head(empty_database.engine)


async def test_results_typed_by_their_action_become_one_announcement(empty_database: Database) -> None:
    """Revision 0017: results stored as `project.draw` (and the other actions) and failures as
    `project.fail` become `project.result_announced` / `project.failed`, keeping their ids and positions;
    endpoints subscribed to the old types get the new ones; and 0016's commit numbers keep the old order."""
    engine = empty_database.engine
    await migrations.upgrade(engine, "0015")
    now = datetime(2026, 11, 20, 8, tzinfo=UTC)
    async with engine.begin() as conn:
        await conn.execute(
            text("INSERT INTO organisations (id, code, created_at, updated_at) VALUES (1, 'P1', :now, :now)"),
            {"now": now},
        )
        await conn.execute(
            text(
                "INSERT INTO users (id, issuer, subject, organisation_id, created_at, updated_at) "
                "VALUES (1, 'https://idp', 'partner', 1, :now, :now)"
            ),
            {"now": now},
        )
        for event_id, (kind, transaction) in enumerate(
            [("project.publish", 700), ("project.draw", 705), ("project.fail", 703)], start=1
        ):
            await conn.execute(
                text(
                    "INSERT INTO domain_events (id, transaction_id, aggregate_type, aggregate_key, sequence, "
                    "event_type, payload, actor_role, created_at) VALUES (:id, :tx, 'Project', :key, 1, :kind, "
                    ":payload, 'system', :now)"
                ),
                {
                    "id": event_id,
                    "tx": transaction,
                    "key": str(event_id),
                    "kind": kind,
                    "now": now,
                    "payload": json.dumps({"code": f"XM{event_id}", "from": "SELECTION", "to": "X"}),
                },
            )
        await conn.execute(
            text(
                "INSERT INTO webhook_endpoints (id, organisation_id, created_by_user_id, url, event_types, filter, "
                "permissions, start_transaction_id, start_event_id, secret, status, created_at, updated_at) "
                "VALUES (1, 1, 1, 'https://partner.example/hook', :types, '{}', '{}', 0, 0, 's', 'ACTIVE', "
                ":now, :now)"
            ),
            {"types": json.dumps(["project.select", "project.rank", "project.publish"]), "now": now},
        )
    await migrations.upgrade(engine)
    async with engine.connect() as conn:
        events = (
            await conn.execute(
                text(
                    "SELECT id, event_type, payload, commit_number FROM domain_events ORDER BY commit_number, id"
                )
            )
        ).all()
        types = (await conn.execute(text("SELECT event_types FROM webhook_endpoints"))).scalar_one()
        head = (await conn.execute(text("SELECT commit_number FROM outbox_head"))).scalar_one()
    assert [(row[0], row[1]) for row in events] == [
        (1, "project.publish"),
        (3, "project.failed"),
        (2, "project.result_announced"),
    ]
    payloads = {row[0]: row[2] if isinstance(row[2], dict) else json.loads(row[2]) for row in events}
    assert payloads[2]["action"] == "DRAW" and payloads[2]["result"] == 1
    assert payloads[3]["action"] == "FAIL"
    assert (json.loads(types) if isinstance(types, str) else types) == [
        "project.publish",
        "project.result_announced",
    ]
    assert head == 705  # new commits come after every stored one
