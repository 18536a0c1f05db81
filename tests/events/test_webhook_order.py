"""What a partner's receiver can rely on, through GraphQL and a real receiver: ordered endpoints get one
delivery at a time in feed order, every body carries the event's feed cursor, and every delivery has a
`webhook-id` of its own."""

from __future__ import annotations

import json
import re
import uuid
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from tests.agency_flow import graphql
from tests.events.webhook_flow import deliver_until, endpoint_log, partner_token, register
from tests.project_flow import new_owner, operator_token, published
from tests.webhook_receiver import Received, receiver
from zhongjie.base.clock import utcnow
from zhongjie.base.global_ids import decode_global_id
from zhongjie.base.settings import Settings
from zhongjie.models import DomainEvent, WebhookDelivery, WebhookEndpoint

FAST = {"webhook_allowed_targets": ["127.0.0.1"], "webhook_retry_schedule": [0.1, 0.1]}
SETTINGS = Settings(database_url="unused://", **FAST)
PUBLISHED = """query($after: String, $filter: EventFilter) {
  events(first: 100, after: $after, types: ["project.publish"], filter: $filter) {
    events { cursor } endCursor hasMore } }"""
UPDATE = """mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) {
  endpoint { ordered description } errors { code } } }"""


@pytest.fixture
def app_settings():
    return FAST


def _investment() -> str:
    return f"2026-370102-70-01-{uuid.uuid4().int % 1_000_000:06d}"


def _cursors(requests: list[Received]) -> list[str]:
    return [json.loads(request.body)["cursor"] for request in requests]


async def _feed(client, token: str, investment: str) -> list[str]:
    """The cursors of the publications of `investment`, in feed order (paging through the whole feed)."""
    cursors, after, more = [], None, True
    while more:
        variables = {"after": after, "filter": {"investmentProjectCodes": [investment]}}
        page = (await graphql(client, token, PUBLISHED, variables))["data"]["events"]
        cursors += [event["cursor"] for event in page["events"]]
        after, more = page["endCursor"] or after, page["hasMore"]
    return cursors


async def test_an_ordered_endpoint_gets_one_delivery_at_a_time_in_feed_order_past_a_dead_letter(
    client, database, test_issuer
) -> None:
    """The first event fails its first try and both retries: the later two wait through them and go once
    it is dead-lettered. A concurrent endpoint sees the same events side by side."""
    token, investment = partner_token(test_issuer), _investment()
    owner, operator = new_owner(test_issuer), operator_token(test_issuer)
    wanted = {"eventTypes": ["project.publish"], "filter": {"investmentProjectCodes": [investment]}}
    async with receiver(503, 503, 503, delay=0.2) as ordered, receiver(delay=0.2) as concurrent:
        created = await register(client, token, url=ordered.url, ordered=True, **wanted)
        assert created["endpoint"]["ordered"] is True
        other = await register(client, partner_token(test_issuer), url=concurrent.url, **wanted)
        assert other["endpoint"]["ordered"] is False
        for _ in range(3):
            await published(client, owner, operator, investmentProjectCode=investment)
        await deliver_until(
            database, SETTINGS, lambda: len(ordered.requests) >= 5 and len(concurrent.requests) >= 3
        )

    first, second, third = await _feed(client, token, investment)
    assert _cursors(ordered.requests) == [first, first, first, second, third]
    assert ordered.most_in_flight == 1
    assert sorted(_cursors(concurrent.requests)) == sorted([first, second, third])
    assert concurrent.most_in_flight > 1
    [endpoint] = await endpoint_log(client, token)
    statuses = [edge["node"]["status"] for edge in endpoint["deliveries"]["edges"]]
    assert statuses == ["DELIVERED", "DELIVERED", "DEAD"]  # newest first


async def test_an_endpoint_is_switched_to_ordered_delivery_and_back(client, test_issuer) -> None:
    token = partner_token(test_issuer)
    created = await register(client, token, url="https://93.184.215.14/hook", eventTypes=["project.publish"])
    assert created["endpoint"]["ordered"] is False
    endpoint_id = created["endpoint"]["id"]
    on = await graphql(client, token, UPDATE, {"input": {"endpointId": endpoint_id, "ordered": True}})
    assert on["data"]["updateWebhookEndpoint"] == {
        "endpoint": {"ordered": True, "description": None},
        "errors": [],
    }
    described = await graphql(
        client, token, UPDATE, {"input": {"endpointId": endpoint_id, "description": " 结果推送 "}}
    )
    assert described["data"]["updateWebhookEndpoint"]["endpoint"] == {
        "ordered": True,
        "description": "结果推送",
    }
    foreign = await graphql(
        client, partner_token(test_issuer), UPDATE, {"input": {"endpointId": endpoint_id, "ordered": False}}
    )
    assert foreign["data"]["updateWebhookEndpoint"] == {"endpoint": None, "errors": [{"code": "NOT_FOUND"}]}


async def test_every_body_carries_the_feed_cursor_whatever_its_document_selects(
    client, database, test_issuer
) -> None:
    token, investment = partner_token(test_issuer), _investment()
    bare = "subscription($types: [String!], $filter: EventFilter) { events(types: $types, filter: $filter) { type } }"
    async with receiver() as hooks:
        for document in (None, bare):
            await register(
                client,
                token,
                url=hooks.url,
                eventTypes=["project.publish"],
                filter={"investmentProjectCodes": [investment]},
                document=document,
            )
        await published(
            client, new_owner(test_issuer), operator_token(test_issuer), investmentProjectCode=investment
        )
        await deliver_until(database, SETTINGS, lambda: len(hooks.requests) >= 2)

    [cursor] = await _feed(client, token, investment)
    bodies = sorted(
        (json.loads(request.body) for request in hooks.requests), key=lambda body: len(body["data"]["events"])
    )
    assert [body["cursor"] for body in bodies] == [cursor, cursor]
    assert bodies[0]["data"] == {"events": {"type": "project.publish"}}  # the document asked for no cursor
    assert bodies[1]["data"]["events"]["cursor"] == cursor
    assert list(bodies[0]) == ["type", "timestamp", "cursor", "data"]


async def test_each_delivery_has_a_random_webhook_id_kept_on_its_retries(
    client, database, test_issuer
) -> None:
    token, investment = partner_token(test_issuer), _investment()
    owner, operator = new_owner(test_issuer), operator_token(test_issuer)
    async with receiver(500) as hooks:
        await register(
            client,
            token,
            url=hooks.url,
            eventTypes=["project.publish"],
            filter={"investmentProjectCodes": [investment]},
        )
        await published(client, owner, operator, investmentProjectCode=investment)
        await published(client, owner, operator, investmentProjectCode=investment)
        await deliver_until(database, SETTINGS, lambda: len(hooks.requests) >= 3)

    sent = Counter(request.headers["webhook-id"] for request in hooks.requests)
    assert sorted(sent.values()) == [1, 2]  # two deliveries, the one that failed sent again with its id
    assert all(re.fullmatch(r"msg_[0-9a-f]{32}", message_id) for message_id in sent)
    [endpoint] = await endpoint_log(client, token)
    assert {edge["node"]["messageId"] for edge in endpoint["deliveries"]["edges"]} == set(sent)


async def test_a_disabled_endpoints_backlog_holds_up_no_other_endpoint(client, database, test_issuer) -> None:
    """A disabled endpoint's deliveries stay pending and due; claims pass over them instead of filling up
    with them (here all but one claim of a round)."""
    token, investment = partner_token(test_issuer), _investment()
    async with receiver() as hooks:
        stalled = await register(
            client,
            partner_token(test_issuer),
            url="https://93.184.215.14/hook",
            eventTypes=["project.publish"],
        )
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
        stalled_id = int(decode_global_id(stalled["endpoint"]["id"])[1])
        async with database.transaction() as session:
            await session.execute(
                update(WebhookEndpoint).where(WebhookEndpoint.id == stalled_id).values(status="DISABLED")
            )
            for event_id in await session.scalars(select(DomainEvent.id).order_by(DomainEvent.id).limit(3)):
                session.add(
                    WebhookDelivery(
                        endpoint_id=stalled_id,
                        event_id=event_id,
                        message_id=f"msg_{uuid.uuid4().hex}",
                        event_type="project.publish",
                        body="{}",
                        status="PENDING",
                        next_attempt_at=utcnow() - timedelta(days=1),
                    )
                )
        narrow = Settings(database_url="unused://", **FAST, webhook_concurrency=3)
        await deliver_until(database, narrow, lambda: len(hooks.requests) >= 1, seconds=5)
