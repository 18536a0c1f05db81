"""Revision 0022: an endpoint's one previous secret becomes its one retired secret, still signing until the
same moment, and comes back when the revision is undone; existing endpoints stay concurrent."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import text

from zhongjie import migrations
from zhongjie.models.database import Database

BEFORE = "0022-1"


async def test_the_previous_secret_becomes_the_one_retired_secret_and_back(empty_database: Database) -> None:
    engine = empty_database.engine
    await migrations.upgrade(engine, BEFORE)
    now, ends = datetime(2026, 12, 8, 8, tzinfo=UTC), datetime(2026, 12, 9, 8, tzinfo=UTC)
    async with engine.begin() as conn:
        await conn.execute(
            text("INSERT INTO organisations (id, code, created_at, updated_at) VALUES (1, 'P1', :now, :now)"),
            {"now": now},
        )
        await conn.execute(
            text(
                "INSERT INTO users (id, issuer, subject, organisation_id, created_at, updated_at) "
                "VALUES (1, 'https://idp', 'partner', 1, :now, :now)"
            ),
            {"now": now},
        )
        for endpoint_id, previous, until in ((1, "whsec_old", ends), (2, None, None)):
            await conn.execute(
                text(
                    "INSERT INTO webhook_endpoints (id, organisation_id, created_by_user_id, url, event_types, "
                    "filter, permissions, start_commit_number, start_event_id, secret, previous_secret, "
                    "previous_secret_expires_at, status, created_at, updated_at) VALUES (:id, 1, 1, "
                    "'https://partner.example/hook', '[]', '{}', '{}', 0, 0, 'whsec_new', :previous, :until, "
                    "'ACTIVE', :now, :now)"
                ),
                {"id": endpoint_id, "previous": previous, "until": until, "now": now},
            )

    await migrations.upgrade(engine)
    async with engine.connect() as conn:
        rows = (
            await conn.execute(text("SELECT id, retired_secrets, ordered FROM webhook_endpoints ORDER BY id"))
        ).all()
    retired = {row[0]: row[1] if isinstance(row[1], list) else json.loads(row[1]) for row in rows}
    assert retired == {1: [{"secret": "whsec_old", "expiresAt": ends.isoformat()}], 2: []}
    assert [bool(row[2]) for row in rows] == [False, False]

    await migrations.downgrade(engine, BEFORE)
    async with engine.connect() as conn:
        back = (
            await conn.execute(
                text(
                    "SELECT id, previous_secret, previous_secret_expires_at FROM webhook_endpoints ORDER BY id"
                )
            )
        ).all()
    assert [(row[0], row[1]) for row in back] == [(1, "whsec_old"), (2, None)]
    restored = back[0][2] if isinstance(back[0][2], datetime) else datetime.fromisoformat(back[0][2])
    assert restored.replace(tzinfo=restored.tzinfo or UTC) == ends
    assert back[1][2] is None
