"""The Starlette application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route

from zhongjie.models.database import Database
from zhongjie.schema.api import schema
from zhongjie.server.graphql_view import GraphQLView
from zhongjie.server.health import healthz, readyz
from zhongjie.server.middleware import BodySizeLimitMiddleware, RequestIdMiddleware
from zhongjie.server.settings import Settings


def create_app(settings: Settings | None = None, database: Database | None = None) -> Starlette:
    """The app for `settings`; a given `database` is used as is and left open (tests share one)."""
    settings = settings or Settings()
    owns_database = database is None
    database = database or Database.from_url(settings.resolved_database_url)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        if owns_database:
            await database.dispose()

    graphql = GraphQLView(schema, database, settings)
    app = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/readyz", readyz, methods=["GET"]),
        ],
        middleware=[
            Middleware(RequestIdMiddleware),
            Middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes),
        ],
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.database = database
    return app
