"""Real dispatcher processes (`zhongjie webhooks dispatch`) sharing the database with a real receiver."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.commands import zhongjie_command
from tests.events.webhook_flow import endpoint_log, partner_token, register
from tests.project_flow import new_owner, operator_token, published
from tests.webhook_receiver import HANG, receiver


@contextmanager
def dispatcher(database, **settings: str) -> Iterator[subprocess.Popen]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("ZHONGJIE_")}
    environment.update(
        {
            "ZHONGJIE_DATABASE_URL": database.engine.url.render_as_string(hide_password=False),
            "ZHONGJIE_WEBHOOK_ALLOWED_TARGETS": '["127.0.0.1"]',
            "ZHONGJIE_WEBHOOK_POLL_SECONDS": "0.1",
            "ZHONGJIE_EVENTS_POLL_SECONDS": "0.5",
            **{f"ZHONGJIE_{name.upper()}": value for name, value in settings.items()},
        }
    )
    process = subprocess.Popen(
        zhongjie_command("webhooks", "dispatch"),
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=20)


async def _until(condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


async def _delivered(client, token: str, count: int, seconds: float = 60) -> None:
    """Wait until the partner's one endpoint has `count` deliveries, all delivered."""
    deadline = time.monotonic() + seconds
    while True:
        [endpoint] = await endpoint_log(client, token)
        deliveries = [edge["node"] for edge in endpoint["deliveries"]["edges"]]
        if len(deliveries) == count and all(d["status"] == "DELIVERED" for d in deliveries):
            return
        assert time.monotonic() < deadline, "not delivered in time"
        await asyncio.sleep(0.2)


@pytest.fixture
def app_settings():
    return {"webhook_allowed_targets": ["127.0.0.1"]}


async def test_a_dispatcher_killed_mid_delivery_is_replaced_and_the_event_sent_again_with_its_id(
    client, database, test_issuer
) -> None:
    token, investment = partner_token(test_issuer), f"2026-370102-70-01-{uuid.uuid4().int % 1_000_000:06d}"
    async with receiver(HANG) as hooks:
        await register(
            client,
            token,
            url=hooks.url,
            eventTypes=["project.publish"],
            filter={"investmentProjectCodes": [investment]},
        )
        await published(
            client, new_owner(test_issuer), operator_token(test_issuer), investmentProjectCode=investment
        )
        with dispatcher(database, webhook_lease_seconds="2") as first:
            await _until(lambda: len(hooks.requests) == 1)
            first.send_signal(signal.SIGKILL)  # kill -9 while the receiver holds the request
            first.wait(timeout=10)
        hooks.release.set()
        with dispatcher(database, webhook_lease_seconds="2"):
            await _until(lambda: len(hooks.requests) == 2)
            await _delivered(client, token, 1)
    ids = [request.headers["webhook-id"] for request in hooks.requests]
    assert ids[0] == ids[1]
    [endpoint] = await endpoint_log(client, token)
    [delivery] = [edge["node"] for edge in endpoint["deliveries"]["edges"]]
    assert delivery["status"] == "DELIVERED"
    assert [(a["number"], a["succeeded"]) for a in delivery["attempts"]] == [(1, False), (2, True)]
    assert "lease expired" in delivery["attempts"][0]["error"]


async def test_two_dispatchers_deliver_each_attempt_once_through_an_outage(
    client, database, test_issuer
) -> None:
    """The receiver is down for the first three requests; five events, two dispatchers racing."""
    token, investment = partner_token(test_issuer), f"2026-370102-70-01-{uuid.uuid4().int % 1_000_000:06d}"
    async with receiver(503, 503, 503) as hooks:
        await register(
            client,
            token,
            url=hooks.url,
            eventTypes=["project.publish"],
            filter={"investmentProjectCodes": [investment]},
        )
        owner, operator = new_owner(test_issuer), operator_token(test_issuer)
        for _ in range(5):
            await published(client, owner, operator, investmentProjectCode=investment)
        schedule = {"webhook_retry_schedule": "[0.3, 0.3, 0.3, 0.3, 0.3]"}
        with dispatcher(database, **schedule), dispatcher(database, **schedule):
            await _delivered(client, token, 5)

    [endpoint] = await endpoint_log(client, token)
    deliveries = [edge["node"] for edge in endpoint["deliveries"]["edges"]]
    sent = Counter(request.headers["webhook-id"] for request in hooks.requests)
    assert set(sent) == {d["messageId"] for d in deliveries}
    for delivery in deliveries:
        numbers = [a["number"] for a in delivery["attempts"]]
        assert numbers == list(range(1, len(numbers) + 1))  # each attempt once, by one dispatcher
        assert sent[delivery["messageId"]] == len(numbers)  # the receiver saw exactly those attempts
        assert [a["succeeded"] for a in delivery["attempts"]][-1] is True
    assert sum(sent.values()) == 5 + 3
