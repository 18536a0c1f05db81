"""Kept public answers, over real HTTP with the app's broker running: anonymous answers are given again
until a change is committed or their time is up; signed-in callers always get fresh ones; a kept
answer is charged like a run."""

from __future__ import annotations

import asyncio
import uuid
from contextlib import asynccontextmanager

import httpx
import pytest
from sqlalchemy import update

from tests.apps import served, static_key_app
from tests.notice_flow import published_notice
from tests.project_flow import operator_token
from zhongjie.models import Notice

NOTICES = '{ notices(first: 100, region: "370000") { edges { node { id title } } } }'
COSTLY = "{ notices(first: 100) { edges { node { region { name } } } } }"  # 1 + 100 × 1


async def _titles(client: httpx.AsyncClient, token: str | None = None) -> set[str]:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    response = await client.post("/graphql", json={"query": NOTICES}, headers=headers)
    body = response.json()
    assert "errors" not in body, body
    return {edge["node"]["title"] for edge in body["data"]["notices"]["edges"]}


@asynccontextmanager
async def _renamed_behind_the_apis_back(database, test_issuer, seconds: float):
    """An app keeping answers `seconds`, a published notice the public has asked for, then renamed by a write
    that commits no event; yields the client, the operator's token and the (old, new) titles."""
    operator = operator_token(test_issuer)
    title, renamed = f"公开答案 {uuid.uuid4().hex[:6]}", f"改名 {uuid.uuid4().hex[:6]}"
    app = static_key_app(database, test_issuer, public_cache_seconds=seconds)
    async with served(app) as host, httpx.AsyncClient(base_url=f"http://{host}") as client:
        await published_notice(client, operator, title)
        assert title in await _titles(client)
        async with database.transaction() as session:
            await session.execute(update(Notice).where(Notice.title == title).values(title=renamed))
        yield client, operator, (title, renamed)


async def test_an_answer_is_kept_until_a_change_is_committed(database, test_issuer) -> None:
    async with _renamed_behind_the_apis_back(database, test_issuer, 30) as (
        client,
        operator,
        (title, renamed),
    ):
        assert title in await _titles(client)  # the kept answer
        assert renamed in await _titles(client, operator)  # signed-in callers always get fresh answers
        await published_notice(client, operator, f"另一则 {uuid.uuid4().hex[:6]}")  # commits events
        titles = await _titles(client)
        assert renamed in titles and title not in titles


@pytest.mark.parametrize(("seconds", "waited"), [(0.5, 0.7), (0, 0)], ids=["expires", "switched off"])
async def test_a_kept_answer_expires_or_keeping_is_switched_off(
    database, test_issuer, seconds: float, waited: float
) -> None:
    async with _renamed_behind_the_apis_back(database, test_issuer, seconds) as (client, _, (_, renamed)):
        await asyncio.sleep(waited)
        assert renamed in await _titles(client)


async def test_a_kept_answer_is_charged_its_cost(database, test_issuer) -> None:
    app = static_key_app(
        database, test_issuer, public_cache_seconds=30, rate_capacity=150, rate_refill_per_second=0.001
    )
    async with served(app) as host, httpx.AsyncClient(base_url=f"http://{host}") as client:
        first = (await client.post("/graphql", json={"query": COSTLY})).json()
        cost = first["extensions"]["cost"]
        assert 75 < cost <= 150  # one run fits the bucket, two do not
        second = (await client.post("/graphql", json={"query": COSTLY})).json()
    assert [error["extensions"]["code"] for error in second["errors"]] == ["RATE_LIMITED"]
    assert second["extensions"]["throttle"]["remaining"] == first["extensions"]["throttle"]["remaining"]
