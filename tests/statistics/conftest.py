"""Each statistics module computes its figures on a database of its own, holding only the rows of the
module's `build(session)`: the shared database's other tests would move every figure."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.apps import GraphQLClient, served_client
from tests.databases import DatabaseFactory
from zhongjie.base.settings import Settings
from zhongjie.models.database import Database
from zhongjie.server.app import create_app
from zhongjie.server.database_setup import prepare_database


@pytest.fixture(scope="module")
async def database(
    database_factory: DatabaseFactory, request: pytest.FixtureRequest
) -> AsyncIterator[Database]:
    """Overrides the shared database for the module."""
    database = Database.from_url(await database_factory.create())
    await prepare_database(database)
    async with database.transaction() as session:
        await request.module.build(session)
    yield database
    await database.dispose()


@pytest.fixture
async def gql(database: Database) -> AsyncIterator[GraphQLClient]:
    """The public's view, across a real socket as a client outside would ask."""
    app = create_app(Settings(database_url="unused://", demo=False), database)
    async with served_client(app) as http:
        yield GraphQLClient(http)
