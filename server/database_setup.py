"""Bringing a database to the current release: schema migrations, then shipped reference data."""

from __future__ import annotations

from zhongjie import migrations
from zhongjie.domain.reference_data import sync_reference_data
from zhongjie.models.database import Database


async def prepare_database(database: Database) -> None:
    await migrations.upgrade(database.engine)
    async with database.transaction() as session:
        await sync_reference_data(session)
