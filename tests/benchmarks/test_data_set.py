"""The benchmark's data set obeys the platform's own rules, so the benchmarks measure answers the platform
would give: each stored credit profile is the published rule applied to the stored records, an agency is
blacklisted exactly when the rule blacklists it, project time limits stay within their items', and services
fall due when the platform's own deadline says (checked on a small data set of the same generator)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from bench.generate import NOW, Scale, generate
from tests.databases import DatabaseFactory, postgres_available, require_or_skip
from zhongjie.domain import calendar_store
from zhongjie.domain.credit.scoring import RecordFacts, assess
from zhongjie.domain.credit.vocabulary import CreditCategory, RecordStatus, Severity
from zhongjie.models.database import Database
from zhongjie.server.database_setup import prepare_database


@pytest.fixture
async def generated(tmp_path):
    """A migrated PostgreSQL database holding the generator's data set at a hundredth of province scale."""
    if reason := await postgres_available():
        require_or_skip(reason)
    factory = DatabaseFactory("postgresql", tmp_path)
    url = await factory.create()
    database = Database.from_url(url)
    try:
        await prepare_database(database)
        dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        await generate(dsn, Scale.times(0.01), log=lambda *_: None)
        connection = await asyncpg.connect(dsn)
        try:
            yield connection, database
        finally:
            await connection.close()
    finally:
        await database.dispose()
        await factory.drop_all()


async def test_every_profile_is_the_rule_over_the_stored_records(generated) -> None:
    connection, _ = generated
    records: dict[str, list[RecordFacts]] = defaultdict(list)
    for row in await connection.fetch(
        "SELECT credit_code, category, severity, status, valid_from, valid_until FROM credit_records"
    ):
        records[row["credit_code"]].append(
            RecordFacts(
                CreditCategory(row["category"]),
                Severity(row["severity"]),
                RecordStatus(row["status"]),
                row["valid_from"],
                row["valid_until"],
            )
        )
    today: date = NOW.date()
    profiles = await connection.fetch(
        """SELECT c.credit_code, c.score, c.level, c.restriction, c.reassess_on, a.blacklisted
           FROM credit_profiles c JOIN agencies a ON a.credit_code = c.credit_code"""
    )
    assert len(profiles) == 200
    for profile in profiles:
        expected = assess(records[profile["credit_code"]], today)
        assert (profile["score"], profile["level"], profile["restriction"], profile["reassess_on"]) == (
            expected.score,
            expected.level.value,
            expected.restriction.value,
            expected.reassess_on,
        ), profile["credit_code"]
        assert profile["blacklisted"] == (expected.restriction.value == "BLACKLISTED")
    assert len({profile["level"] for profile in profiles}) >= 3  # not one level for all
    expired = [r for facts in records.values() for r in facts if r.status is RecordStatus.EXPIRED]
    assert expired and all(record.valid_until and record.valid_until < today for record in expired)


async def test_time_limits_and_due_dates_follow_the_catalog_and_the_calendar(generated) -> None:
    connection, database = generated
    beyond = await connection.fetchval(
        """SELECT count(*) FROM projects p JOIN service_items i ON i.id = p.service_item_id
           WHERE p.time_limit_days < 1 OR p.time_limit_days > i.time_limit_days"""
    )
    assert beyond == 0
    awards = await connection.fetch(
        """SELECT a.service_started_at, a.service_due_at, a.extension_days, p.time_limit_days
           FROM project_awards a JOIN projects p ON p.id = a.project_id
           WHERE a.service_started_at IS NOT NULL ORDER BY a.id LIMIT 200"""
    )
    assert awards
    async with database.session() as session:
        for award in awards:
            days = award["time_limit_days"] + award["extension_days"]
            assert award["service_due_at"] == await calendar_store.deadline(
                session, award["service_started_at"], days, field="dueAt"
            )
