"""Alembic environment: uses the connection handed in by `zhongjie.migrations`, or, when
run by the `alembic` command line (e.g. `alembic revision --autogenerate`), connects
with the configured `ZHONGJIE_DATABASE_URL`."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from zhongjie.base.settings import Settings
from zhongjie.models import Base
from zhongjie.models.database import create_engine


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_with_own_engine() -> None:
    engine = create_engine(Settings().resolved_database_url)
    async with engine.begin() as conn:
        await conn.run_sync(run_migrations)
    await engine.dispose()


given_connection = context.config.attributes.get("connection")
if given_connection is not None:
    run_migrations(given_connection)
else:
    asyncio.run(run_with_own_engine())
