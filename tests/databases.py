"""Fresh test databases on each backend: SQLite always, PostgreSQL when reachable.

PostgreSQL is found through ZHONGJIE_TEST_DATABASE_URL (any database on the server;
the tests create their own beside it and drop them) or on 127.0.0.1:5432 as user
postgres. With CI set, an unreachable PostgreSQL fails the run instead of skipping.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"


def postgres_server_url() -> str:
    return os.environ.get("ZHONGJIE_TEST_DATABASE_URL", DEFAULT_POSTGRES_URL)


def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def postgres_available() -> str | None:
    """None when the server answers, else why not."""
    try:
        connection = await asyncpg.connect(_asyncpg_dsn(postgres_server_url()), timeout=5)
    except (OSError, asyncpg.PostgresError) as error:
        return f"{type(error).__name__}: {error}"
    await connection.close()
    return None


def require_or_skip(reason: str) -> None:
    message = f"PostgreSQL unreachable at {make_url(postgres_server_url()).render_as_string()}: {reason}"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI requires PostgreSQL)", pytrace=False)
    pytest.skip(message)


class DatabaseFactory:
    """Creates empty databases of one backend and drops them all at the end."""

    def __init__(self, backend: str, folder: Path) -> None:
        self.backend = backend
        self.folder = folder
        self.created: list[str] = []

    async def create(self) -> str:
        name = f"zhongjie_test_{uuid.uuid4().hex[:12]}"
        if self.backend == "sqlite":
            return f"sqlite+aiosqlite:///{(self.folder / f'{name}.sqlite3').as_posix()}"
        connection = await asyncpg.connect(_asyncpg_dsn(postgres_server_url()))
        try:
            await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()
        self.created.append(name)
        return make_url(postgres_server_url()).set(database=name).render_as_string(hide_password=False)

    async def drop_all(self) -> None:
        if not self.created:
            return
        connection = await asyncpg.connect(_asyncpg_dsn(postgres_server_url()))
        try:
            for name in self.created:
                await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await connection.close()
