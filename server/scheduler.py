"""Timed jobs: run in the background of every server process, but by one at a time.

Each run takes a transaction-level PostgreSQL advisory lock, so with several workers
(or machines) on one database only one of them does the work; SQLite has one writer anyway.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.base.clock import utcnow
from zhongjie.domain import audit, calendar_store
from zhongjie.domain.agencies.qualifications import expire_qualifications
from zhongjie.domain.credit.records import expire_records, reassess_due_profiles
from zhongjie.domain.selection.closing import close_due_signups
from zhongjie.models.database import Database

logger = logging.getLogger("zhongjie.jobs")
ADVISORY_LOCK_KEY = 0x5A4A_0001  # "ZJ" jobs


async def _claim(session: AsyncSession) -> bool:
    if session.get_bind().dialect.name != "postgresql":
        return True
    return bool(
        await session.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
    )


async def run_timed_jobs(database: Database, now: datetime) -> dict[str, int] | None:
    """One round of every timed job; None when another process holds the round."""
    async with database.transaction() as session:
        await calendar_store.current(session)  # a calendar imported elsewhere counts here from now on
        if not await _claim(session):
            return None
        return {
            "expired_qualifications": await expire_qualifications(session, now),
            "closed_signups": await close_due_signups(session, now),
            "expired_credit_records": await expire_records(session, now),
            "reassessed_credit_profiles": await reassess_due_profiles(session, now),
            "audit_seals": 1 if await audit.seal(session, now) else 0,
        }


async def run_forever(database: Database, interval: float, clock: Callable[[], datetime] = utcnow) -> None:
    while True:
        try:
            done = await run_timed_jobs(database, clock())
            if done:
                logger.info("timed jobs: %s", done)
        except Exception:  # a failed round is retried at the next interval
            logger.exception("timed jobs failed")
        await asyncio.sleep(interval)
