"""Liveness and readiness probes."""

from __future__ import annotations

import logging

from sqlalchemy import text
from starlette.requests import Request
from starlette.responses import JSONResponse

from zhongjie import migrations

logger = logging.getLogger("zhongjie.health")


async def healthz(request: Request) -> JSONResponse:
    """The process is up."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    """The database answers and its schema is at the migrations' head."""
    database = request.app.state.database
    try:
        async with database.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        at_head = await migrations.is_at_head(database.engine)
    except Exception:  # any failure to reach the database means "not ready"
        logger.warning("readiness check: database unreachable", exc_info=True)
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
    if not at_head:
        return JSONResponse({"status": "unavailable", "database": "migrations pending"}, status_code=503)
    return JSONResponse({"status": "ready"})
