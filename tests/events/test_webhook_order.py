"""What a partner's receiver can rely on, through GraphQL and a real receiver: every body carries the
event's feed cursor, and every delivery has a `webhook-id` of its own."""

from __future__ import annotations

import json
import re
import uuid
from collections import Counter

import pytest

from tests.agency_flow import graphql
from tests.events.webhook_flow import deliver_until, endpoint_log, partner_token, register
from tests.project_flow import new_owner, operator_token, published
from tests.webhook_receiver import receiver
from zhongjie.base.settings import Settings

FAST = {"webhook_allowed_targets": ["127.0.0.1"], "webhook_retry_schedule": [0.1, 0.1]}
SETTINGS = Settings(database_url="unused://", **FAST)
PUBLISHED = """query($after: String, $filter: EventFilter) {
  events(first: 100, after: $after, types: ["project.publish"], filter: $filter) {
    events { cursor } endCursor hasMore } }"""


@pytest.fixture
def app_settings():
    return FAST


def _investment() -> str:
    return f"2026-370102-70-01-{uuid.uuid4().int % 1_000_000:06d}"


async def _feed(client, token: str, investment: str) -> list[str]:
    """The cursors of the publications of `investment`, in feed order (paging through the whole feed)."""
    cursors, after, more = [], None, True
    while more:
        variables = {"after": after, "filter": {"investmentProjectCodes": [investment]}}
        page = (await graphql(client, token, PUBLISHED, variables))["data"]["events"]
        cursors += [event["cursor"] for event in page["events"]]
        after, more = page["endCursor"] or after, page["hasMore"]
    return cursors


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
