"""Secret rotation through GraphQL and a real receiver verifying with the Standard Webhooks library: every
secret retired within the grace period signs until its own grace ends, on a clock the test moves."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest

from tests.agency_flow import graphql
from tests.apps import http, static_key_app
from tests.events.webhook_flow import deliver_until, partner_token, register, rotate
from tests.project_flow import new_owner, operator_token, published
from tests.webhook_receiver import receiver
from zhongjie.base.clock import utcnow
from zhongjie.base.settings import Settings
from zhongjie.events.endpoints import MAX_RETIRED_SECRETS

GRACE = timedelta(hours=1)
FAST = {"webhook_allowed_targets": ["127.0.0.1"], "webhook_secret_grace_seconds": GRACE.total_seconds()}
MINUTE = timedelta(minutes=1)


@pytest.fixture
def app_settings():
    return FAST


@dataclass
class MovedClock:
    """Now, moved `ahead` (the server's and the dispatcher's time; tokens and `webhook-timestamp` keep
    the real one)."""

    ahead: timedelta = field(default_factory=timedelta)

    def __call__(self) -> datetime:
        return utcnow() + self.ahead


def _ends(endpoint: dict) -> list[datetime]:
    return [datetime.fromisoformat(end) for end in endpoint["secretGraceEnds"]]


async def test_secrets_rotated_twice_within_the_grace_period_each_sign_until_their_own_grace_ends(
    client, database, test_issuer
) -> None:
    token, investment = partner_token(test_issuer), f"2026-370102-70-01-{uuid.uuid4().int % 1_000_000:06d}"
    owner, operator = new_owner(test_issuer), operator_token(test_issuer)
    clock = MovedClock()
    settings = Settings(database_url="unused://", **FAST)
    async with receiver() as hooks, http(static_key_app(database, test_issuer, clock, **FAST)) as moved:
        created = await register(
            client,
            token,
            url=hooks.url,
            eventTypes=["project.publish"],
            filter={"investmentProjectCodes": [investment]},
        )
        endpoint = created["endpoint"]
        first = await rotate(moved, token, endpoint)
        clock.ahead = 10 * MINUTE
        second = await rotate(moved, token, endpoint)
        assert first["errors"] == second["errors"] == []
        original, middle, current = created["secret"], first["secret"], second["secret"]
        assert len({original, middle, current}) == 3
        [original_ends, middle_ends] = _ends(second["endpoint"])
        assert middle_ends - original_ends == pytest.approx(10 * MINUTE, abs=timedelta(seconds=30))
        assert datetime.fromisoformat(second["endpoint"]["secretRotatingUntil"]) == middle_ends

        async def delivered_with(ahead: timedelta) -> frozenset[str]:
            """The secrets a delivery of a new event verifies with, sent `ahead` of now."""
            clock.ahead = ahead
            await published(client, owner, operator, investmentProjectCode=investment)
            count = len(hooks.requests)
            await deliver_until(database, settings, lambda: len(hooks.requests) > count, clock=clock)
            return hooks.requests[-1].verified_by

        assert await delivered_with(10 * MINUTE) == {original, middle, current}
        assert await delivered_with(GRACE + 5 * MINUTE) == {middle, current}  # the first grace ended
        assert await delivered_with(GRACE + 15 * MINUTE) == {current}  # and the second
        assert len(hooks.requests[-1].headers["webhook-signature"].split()) == 1

        seen = await graphql(
            moved,
            token,
            "query($id: ID!) { node(id: $id) { ... on WebhookEndpoint { secretGraceEnds secretRotatingUntil } } }",
            {"id": endpoint["id"]},
        )
        assert seen["data"]["node"] == {"secretGraceEnds": [], "secretRotatingUntil": None}
    assert all(request.verified_by for request in hooks.requests)


async def test_rotations_beyond_the_secrets_that_may_sign_at_once_wait_for_the_first_grace_to_end(
    client, database, test_issuer
) -> None:
    token = partner_token(test_issuer)
    created = await register(client, token, url="https://93.184.215.14/hook", eventTypes=["project.publish"])
    endpoint = created["endpoint"]
    for _ in range(MAX_RETIRED_SECRETS):
        assert (await rotate(client, token, endpoint))["errors"] == []
    refused = await rotate(client, token, endpoint)
    assert refused["secret"] is None and refused["endpoint"] is None
    [error] = refused["errors"]
    assert (error["code"], error["field"]) == ("NOT_ALLOWED", ["input", "endpointId"])
    assert f"{MAX_RETIRED_SECRETS} 个旧密钥" in error["message"]
    clock = MovedClock(GRACE + MINUTE)  # every grace has ended
    async with http(static_key_app(database, test_issuer, clock, **FAST)) as later:
        rotated = await rotate(later, token, endpoint)
    assert rotated["errors"] == [] and len(_ends(rotated["endpoint"])) == 1
