"""Registering webhook endpoints through GraphQL and driving delivery, for the webhook tests."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from datetime import datetime

import httpx
from sqlalchemy import func, select

from tests.agency_flow import graphql
from tests.auth.signing import TestIssuer
from tests.webhook_receiver import trust
from zhongjie.base.clock import utcnow
from zhongjie.base.global_ids import decode_global_id, encode_global_id
from zhongjie.base.settings import Settings
from zhongjie.events.dispatch import dispatch_once
from zhongjie.events.webhook_states import DeliveryStatus
from zhongjie.models import DomainEvent, WebhookDelivery
from zhongjie.models.database import Database
from zhongjie.server.webhooks import dispatch_settings, payload_renderer

ENDPOINT_FIELDS = (
    "id url status ordered eventTypes failingSince disabledAt secretRotatingUntil secretGraceEnds"
)
CREATE = f"""mutation($input: CreateWebhookEndpointInput!) {{
  createWebhookEndpoint(input: $input) {{ endpoint {{ {ENDPOINT_FIELDS} }} secret errors {{ code field message }} }} }}"""
ROTATE = f"""mutation($input: WebhookEndpointInput!) {{
  rotateWebhookSecret(input: $input) {{ endpoint {{ {ENDPOINT_FIELDS} }} secret errors {{ code field message }} }} }}"""
LOG = """query { webhookEndpoints(first: 20) { edges { node { id status failingSince
  deliveries(first: 20) { edges { node { id messageId eventType status attemptCount body
    attempts { number succeeded statusCode error } } } } } } } }"""


def partner_token(issuer: TestIssuer, scope: str = "results:read") -> str:
    suffix = uuid.uuid4().hex[:8]
    return issuer.token(
        sub=f"partner-{suffix}", roles=["partner"], org_code=f"PARTNER{suffix.upper()}", scope=scope
    )


async def register(client: httpx.AsyncClient, token: str, **fields) -> dict:
    """The registration's payload; the receiver listening at the URL learns the secret."""
    result = await graphql(client, token, CREATE, {"input": fields})
    assert "errors" not in result, result["errors"]
    created = result["data"]["createWebhookEndpoint"]
    if created["secret"]:
        trust(created["endpoint"]["url"], created["secret"])
    return created


async def rotate(client: httpx.AsyncClient, token: str, endpoint: dict) -> dict:
    """The rotation's payload; the receiver listening at the endpoint's URL learns the new secret."""
    result = await graphql(client, token, ROTATE, {"input": {"endpointId": endpoint["id"]}})
    assert "errors" not in result, result["errors"]
    rotated = result["data"]["rotateWebhookSecret"]
    if rotated["secret"]:
        trust(endpoint["url"], rotated["secret"])
    return rotated


async def endpoint_log(client: httpx.AsyncClient, token: str) -> list[dict]:
    result = await graphql(client, token, LOG)
    assert "errors" not in result, result["errors"]
    return [edge["node"] for edge in result["data"]["webhookEndpoints"]["edges"]]


async def deliver_until(
    database: Database,
    settings: Settings,
    done: Callable[[], bool],
    seconds: float = 20,
    clock: Callable[[], datetime] = utcnow,
) -> None:
    """Run dispatch rounds, as a server's dispatcher would, at `clock`'s time, until `done()`."""
    render, rules = payload_renderer(database, settings), dispatch_settings(settings)
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient(follow_redirects=False, trust_env=False) as client:
        while not done():
            assert time.monotonic() < deadline, "not delivered in time"
            await dispatch_once(database, render, rules, client, clock=clock)
            await asyncio.sleep(0.05)


async def stored_delivery(database: Database, endpoint_id: str) -> str:
    """A delivered delivery of the latest event to the endpoint (by global ID), stored as the dispatcher's
    fan-out stores one, without rendering or sending anything; its global ID."""
    async with database.transaction() as session:
        delivery = WebhookDelivery(
            endpoint_id=int(decode_global_id(endpoint_id)[1]),
            event_id=await session.scalar(select(func.max(DomainEvent.id))),
            message_id=f"msg_test_{uuid.uuid4().hex}",
            event_type="project.publish",
            body="{}",
            status=DeliveryStatus.DELIVERED.value,
            next_attempt_at=utcnow(),
        )
        session.add(delivery)
        await session.flush()
        return encode_global_id("WebhookDelivery", delivery.id)
