"""Fixtures shared by every test: databases on both backends, the app and a GraphQL client."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from sqlalchemy import event
from starlette.applications import Starlette

from tests.agency_flow import Actors, actors, admitted_agency
from tests.apps import GraphQLClient, http, static_key_app
from tests.auth.signing import TestIssuer
from tests.databases import DatabaseFactory, postgres_available, require_or_skip
from tests.identity_provider import IdentityProvider, start_provider
from zhongjie.base.settings import Settings
from zhongjie.models.database import Database
from zhongjie.schema.compiled.executor import MISMATCHES, REFERENCE_RUN
from zhongjie.server.database_setup import prepare_database
from zhongjie.server.demo import load_demo_data

BACKENDS = ["sqlite", "postgresql"]
# every query of the suite is answered as in production and also by the standard executor alone; the two
# must agree (the compiled read path's differential proof, see `mismatches_fail_the_test`)
os.environ.setdefault("ZHONGJIE_COMPILED_READS", "verify")


@pytest.fixture(autouse=True)
def mismatches_fail_the_test() -> Iterator[None]:
    """A query whose compiled answer differs from the standard executor's fails the test that sent it."""
    MISMATCHES.clear()
    yield
    found = list(MISMATCHES)
    MISMATCHES.clear()
    assert not found, "compiled and standard answers differ:\n" + "\n".join(
        json.dumps(
            {
                "document": m.document,
                "variables": m.variables,
                "standard": m.standard,
                "compiled": m.compiled,
            },
            ensure_ascii=False,
            default=str,
        )[:4000]
        for m in found
    )


@pytest.fixture(scope="session", params=BACKENDS)
async def database_factory(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[DatabaseFactory]:
    backend = request.param
    if backend == "postgresql" and (reason := await postgres_available()):
        require_or_skip(reason)
    factory = DatabaseFactory(backend, tmp_path_factory.mktemp(backend))
    yield factory
    await factory.drop_all()


@pytest.fixture
async def empty_database(database_factory: DatabaseFactory) -> AsyncIterator[Database]:
    """A database with no tables at all, of the current backend."""
    database = Database.from_url(await database_factory.create())
    yield database
    await database.dispose()


@pytest.fixture(scope="session")
async def database(database_factory: DatabaseFactory) -> AsyncIterator[Database]:
    """A migrated database with reference data and the shipped catalog, shared by the session.

    Tests that write use their own item codes, so they never disturb each other.
    """
    database = Database.from_url(await database_factory.create())
    await prepare_database(database)
    await load_demo_data(database)
    yield database
    await database.dispose()


@pytest.fixture
def settings() -> Settings:
    return Settings(database_url="unused://", demo=False)


@pytest.fixture
def app_settings() -> dict[str, Any]:
    """Settings of `app` beyond the tests' defaults; a module overrides this fixture to change them."""
    return {}


@pytest.fixture
def app(database: Database, test_issuer: TestIssuer, app_settings: dict[str, Any]) -> Starlette:
    """The app under test: it trusts the test issuer's key, so tests act as any role."""
    return static_key_app(database, test_issuer, **app_settings)


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """An in-process HTTP client of `app`."""
    async with http(app) as client:
        yield client


@pytest.fixture
async def world(
    client: httpx.AsyncClient, database: Database, test_issuer: TestIssuer
) -> tuple[httpx.AsyncClient, dict[str, Any], Actors]:
    """`client`, an agency it admitted (surveying, in Jinan: the flows' defaults) and the agency's people."""
    people = actors(test_issuer, f"ORG{uuid.uuid4().hex[:8].upper()}", f"admin-{uuid.uuid4().hex[:8]}")
    agency = await admitted_agency(client, database, people)
    assert agency["status"] == "ACTIVE"
    return client, agency, people


@pytest.fixture
def gql(client: httpx.AsyncClient) -> GraphQLClient:
    return GraphQLClient(client)


@pytest.fixture(scope="session")
def identity_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IdentityProvider]:
    """The real OIDC provider (npm oidc-provider) on loopback."""
    provider = start_provider(tmp_path_factory.mktemp("oidc"))
    yield provider
    provider.stop()


@pytest.fixture(scope="session")
def test_issuer() -> TestIssuer:
    """An identity provider whose key the test apps trust directly."""
    return TestIssuer()


@dataclass
class StatementCounter:
    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_statements(database: Database):
    @contextmanager
    def counting() -> Iterator[StatementCounter]:
        counter = StatementCounter()

        def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            if REFERENCE_RUN.get():
                return  # verify mode's second answer, by the standard executor: not the answer's cost
            if (
                not statement.lstrip()
                .upper()
                .startswith(("PRAGMA", "BEGIN", "COMMIT", "ROLLBACK", "SELECT PG_"))
            ):
                counter.statements.append(statement)

        event.listen(database.engine.sync_engine, "before_cursor_execute", record)
        try:
            yield counter
        finally:
            event.remove(database.engine.sync_engine, "before_cursor_execute", record)

    return counting


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """One line per backend, so a run shows that PostgreSQL was exercised and not skipped."""
    for backend in BACKENDS:
        counts = {
            outcome: sum(
                1 for report in terminalreporter.stats.get(outcome, []) if f"[{backend}" in report.nodeid
            )
            for outcome in ("passed", "failed", "skipped", "error")
        }
        terminalreporter.write_line(
            f"backend {backend}: {counts['passed']} passed, {counts['failed']} failed, "
            f"{counts['skipped']} skipped, {counts['error']} errors"
        )
