"""The migrations build exactly the models' schema, on SQLite and PostgreSQL, and undo it."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

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
