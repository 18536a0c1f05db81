"""The Starlette application factory."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Route, WebSocketRoute

from zhongjie.auth.authenticator import Authenticator
from zhongjie.auth.demo_issuer import DemoIssuer
from zhongjie.base.clock import utcnow
from zhongjie.base.observability import count_statements
from zhongjie.base.settings import Settings
from zhongjie.events.broker import EventBroker
from zhongjie.models.database import Database
from zhongjie.resolvers.loaders import Loaders
from zhongjie.schema.api import schema
from zhongjie.schema.limits import CostBuckets
from zhongjie.server.database_setup import configure
from zhongjie.server.demo_identity import demo_identity_routes
from zhongjie.server.draws import draw_routes
from zhongjie.server.graphql_view import GraphQLView
from zhongjie.server.health import healthz, readyz
from zhongjie.server.letters import letter_routes
from zhongjie.server.logs import configure_logging
from zhongjie.server.middleware import BodySizeLimitMiddleware, RequestIdMiddleware, StorableTargetMiddleware
from zhongjie.server.observability import metrics
from zhongjie.server.ocds import ocds_routes
from zhongjie.server.runtime import tune_garbage_collection
from zhongjie.server.scheduler import run_forever
from zhongjie.server.webhooks import dispatch_webhooks


def create_app(
    settings: Settings | None = None,
    database: Database | None = None,
    authenticator: Authenticator | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> Starlette:
    """The app for `settings`; a given `database` is used as is and left open (tests share one).
    `clock` is the server time rules are judged on (tests move it; nothing else should)."""
    settings = settings or Settings()
    if settings.json_logs:
        configure_logging()  # in every worker process
    owns_database = database is None
    database = configure(database or Database.from_url(settings.resolved_database_url), settings)
    count_statements(database.engine)
    routes: list[BaseRoute] = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        Route("/metrics", metrics, methods=["GET"]),
        *letter_routes(),
        *draw_routes(),
        *ocds_routes(),
    ]
    if authenticator is None:
        authenticator, demo_routes = _identity(settings, database)
        routes += demo_routes

    broker = EventBroker(database, settings.events_poll_seconds, lambda: Loaders(database))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        tune_garbage_collection()
        broker.start()
        tasks = [asyncio.create_task(run_forever(database, settings.job_interval_seconds))]
        if settings.webhook_dispatch:
            tasks.append(asyncio.create_task(dispatch_webhooks(database, settings, broker.signal)))
        yield
        for task in tasks:
            task.cancel()
        await broker.stop()
        await authenticator.close()
        if owns_database:
            await database.dispose()

    buckets = CostBuckets(capacity=settings.rate_capacity, refill=settings.rate_refill_per_second)
    graphql = GraphQLView(schema, database, settings, authenticator, buckets, broker, clock)
    routes += [Route("/graphql", graphql, methods=["GET", "POST"]), WebSocketRoute("/graphql", graphql)]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(RequestIdMiddleware),
            Middleware(StorableTargetMiddleware),
            Middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes),
        ],
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.database = database
    app.state.authenticator = authenticator
    return app


def _identity(settings: Settings, database: Database) -> tuple[Authenticator, list[BaseRoute]]:
    """The configured provider; in demo mode without one, the built-in demo issuer and its endpoints."""
    if settings.demo and settings.oidc_issuer is None:
        issuer = DemoIssuer(settings)
        authenticator = Authenticator.from_settings(
            settings, database, issuer=issuer.issuer, static_keys=issuer.public_keys
        )
        return authenticator, [demo_identity_routes(issuer)]
    return Authenticator.from_settings(settings, database), []
