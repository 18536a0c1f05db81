"""Bringing a database to the current release (schema migrations, then shipped reference data), and
telling its write transactions what they need to know of the deployment."""

from __future__ import annotations

from zhongjie import migrations
from zhongjie.base.settings import Settings
from zhongjie.domain.ocds.publication import PUBLISHER
from zhongjie.domain.reference_data import sync_reference_data
from zhongjie.models.database import Database


async def prepare_database(database: Database) -> None:
    await migrations.upgrade(database.engine)
    async with database.transaction() as session:
        await sync_reference_data(session)


def configure(database: Database, settings: Settings) -> Database:
    """`database` with this deployment's publisher of OCDS releases, which each release fixes when it is
    published (its ocid prefix, the platform's address)."""
    database.info[PUBLISHER] = settings.ocds_publisher()
    return database
