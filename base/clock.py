"""The clock rules are judged on: timezone-aware UTC. Servers take it as a callable so tests can move it."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
