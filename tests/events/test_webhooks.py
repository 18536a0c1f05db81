"""Webhooks through GraphQL and a real receiver on loopback: signing, retries, dead letters, scopes, safety."""

from __future__ import annotations

import json
import uuid

import pytest

from tests.agency_flow import actors, admitted_agency, graphql
from tests.apps import http, static_key_app
from tests.events.webhook_flow import deliver_until, endpoint_log, partner_token, register, rotate
from tests.project_flow import announced, new_owner, operator_token, published
from tests.webhook_receiver import REDIRECT, receiver, verifies
from zhongjie.base.settings import Settings

FAST = {"webhook_allowed_targets": ["127.0.0.1"], "webhook_retry_schedule": [0.1, 0.1]}
RESULT_DOCUMENT = """subscription($filter: ProjectResultFilter) { projectResults(filter: $filter) {
  project { code result { agency { creditCode businessPhone } } } } }"""


def _settings(**overrides) -> Settings:
    return Settings(database_url="unused://", **{**FAST, **overrides})


@pytest.fixture
def app_settings():
    return FAST


def _investment() -> str:
    return f"2026-370102-70-01-{uuid.uuid4().int % 1_000_000:06d}"


async def _published_for(client, test_issuer, investment: str) -> dict:
    return await published(
        client, new_owner(test_issuer), operator_token(test_issuer), investmentProjectCode=investment
    )


async def test_a_delivery_is_signed_per_standard_webhooks(client, database, test_issuer) -> None:
    token, investment = partner_token(test_issuer), _investment()
    async with receiver() as hooks:
        created = await register(
            client,
            token,
            url=hooks.url,
            eventTypes=["project.publish"],
            filter={"investmentProjectCodes": [investment]},
        )
        assert created["errors"] == [] and created["secret"].startswith("whsec_")
        project = await _published_for(client, test_issuer, investment)
        await deliver_until(database, _settings(), lambda: len(hooks.requests) >= 1)

    request = hooks.requests[0]
    assert verifies(created["secret"], request)
    assert not verifies("whsec_" + "A" * 44, request)
    body = json.loads(request.body)
    assert body["type"] == "project.publish"
    assert body["data"]["events"]["project"]["code"] == project["code"]
    [endpoint] = await endpoint_log(client, token)
    [delivery] = [edge["node"] for edge in endpoint["deliveries"]["edges"]]
    assert delivery["messageId"] == request.headers["webhook-id"] and delivery["status"] == "DELIVERED"
    assert delivery["attempts"] == [{"number": 1, "succeeded": True, "statusCode": 200, "error": None}]


async def test_failures_are_retried_with_the_same_id_then_dead_lettered_and_redelivered(
    client, database, test_issuer
) -> None:
    token, investment = partner_token(test_issuer), _investment()
    async with receiver(503, 500, 502) as hooks:
        await register(
            client,
            token,
            url=hooks.url,
            eventTypes=["project.publish"],
            filter={"investmentProjectCodes": [investment]},
        )
        await _published_for(client, test_issuer, investment)
        await deliver_until(database, _settings(), lambda: len(hooks.requests) >= 3)
        [endpoint] = await endpoint_log(client, token)
        [delivery] = [edge["node"] for edge in endpoint["deliveries"]["edges"]]
        assert delivery["status"] == "DEAD" and delivery["attemptCount"] == 3  # the first try and two retries
        assert [a["statusCode"] for a in delivery["attempts"]] == [503, 500, 502]
        assert endpoint["failingSince"] is not None

        redelivered = await graphql(
            client,
            token,
            "mutation($input: RedeliverWebhookInput!) { redeliverWebhook(input: $input) { delivery { status } errors { code } } }",
            {"input": {"deliveryId": delivery["id"]}},
        )
        assert redelivered["data"]["redeliverWebhook"] == {"delivery": {"status": "PENDING"}, "errors": []}
        await deliver_until(database, _settings(), lambda: len(hooks.requests) >= 4)

    assert len({request.headers["webhook-id"] for request in hooks.requests}) == 1
    [endpoint] = await endpoint_log(client, token)
    [delivery] = [edge["node"] for edge in endpoint["deliveries"]["edges"]]
    assert delivery["status"] == "DELIVERED" and [a["number"] for a in delivery["attempts"]] == [1, 2, 3, 4]
    assert endpoint["failingSince"] is None


async def test_an_endpoint_failing_too_long_is_disabled_and_its_owner_told(
    client, database, test_issuer
) -> None:
    token, investment = partner_token(test_issuer), _investment()
    async with receiver(500, 500, 500) as hooks:
        created = await register(
            client,
            token,
            url=hooks.url,
            eventTypes=["project.publish"],
            filter={"investmentProjectCodes": [investment]},
        )
        await _published_for(client, test_issuer, investment)
        settings = _settings(webhook_disable_after_seconds=0.05)
        await deliver_until(database, settings, lambda: len(hooks.requests) >= 2)
    [endpoint] = await endpoint_log(client, token)
    assert endpoint["status"] == "DISABLED"
    feed = """query { events(first: 100, types: ["webhook.endpoint_disabled"]) { events { webhookEndpoint { id } } } }"""
    mine = (await graphql(client, token, feed))["data"]["events"]["events"]
    assert {"webhookEndpoint": {"id": created["endpoint"]["id"]}} in mine
    others = (await graphql(client, partner_token(test_issuer), feed))["data"]["events"]["events"]
    assert {"webhookEndpoint": {"id": created["endpoint"]["id"]}} not in others

    enabled = await graphql(
        client,
        token,
        "mutation($input: WebhookEndpointInput!) { enableWebhookEndpoint(input: $input) { endpoint { status } errors { code } } }",
        {"input": {"endpointId": created["endpoint"]["id"]}},
    )
    assert enabled["data"]["enableWebhookEndpoint"] == {"endpoint": {"status": "ACTIVE"}, "errors": []}


async def test_redirects_are_not_followed(client, database, test_issuer) -> None:
    token, investment = partner_token(test_issuer), _investment()
    async with receiver(REDIRECT) as hooks:
        await register(
            client,
            token,
            url=hooks.url,
            eventTypes=["project.publish"],
            filter={"investmentProjectCodes": [investment]},
        )
        await _published_for(client, test_issuer, investment)
        await deliver_until(database, _settings(), lambda: len(hooks.requests) >= 2)
    assert hooks.redirected == []
    [endpoint] = await endpoint_log(client, token)
    [delivery] = [edge["node"] for edge in endpoint["deliveries"]["edges"]]
    assert [a["statusCode"] for a in delivery["attempts"]] == [302, 200]


async def test_after_a_rotation_both_secrets_sign_for_the_grace_period(client, database, test_issuer) -> None:
    token, investment = partner_token(test_issuer), _investment()
    async with receiver() as hooks:
        created = await register(
            client,
            token,
            url=hooks.url,
            eventTypes=["project.publish"],
            filter={"investmentProjectCodes": [investment]},
        )
        rotated = await rotate(client, token, created["endpoint"])
        assert rotated["errors"] == [] and rotated["secret"] != created["secret"]
        assert rotated["endpoint"]["secretRotatingUntil"] is not None
        assert rotated["endpoint"]["secretGraceEnds"] == [rotated["endpoint"]["secretRotatingUntil"]]
        await _published_for(client, test_issuer, investment)
        await deliver_until(database, _settings(), lambda: len(hooks.requests) >= 1)
    assert hooks.requests[0].verified_by == {created["secret"], rotated["secret"]}


async def test_a_partner_never_receives_a_field_its_scopes_exclude(client, database, test_issuer) -> None:
    people = actors(test_issuer, f"ORG{uuid.uuid4().hex[:8].upper()}", f"admin-{uuid.uuid4().hex[:8]}")
    agency = await admitted_agency(client, database, people)
    investment = _investment()
    plain, trusted = partner_token(test_issuer), partner_token(test_issuer, "results:read agencies:contacts")
    async with receiver() as plain_hooks, receiver() as trusted_hooks:
        for token, hooks in ((plain, plain_hooks), (trusted, trusted_hooks)):
            created = await register(
                client,
                token,
                url=hooks.url,
                eventTypes=["project.result_announced"],
                filter={"investmentProjectCodes": [investment]},
                document=RESULT_DOCUMENT,
            )
            assert created["errors"] == [], created["errors"]
        owner = new_owner(test_issuer)
        await announced(
            client,
            database,
            owner,
            operator_token(test_issuer),
            agency,
            people.admin,
            investmentProjectCode=investment,
        )
        await deliver_until(database, _settings(), lambda: plain_hooks.requests and trusted_hooks.requests)
    phone = {
        name: json.loads(hooks.requests[0].body)["data"]["projectResults"]["project"]["result"]["agency"][
            "businessPhone"
        ]
        for name, hooks in (("plain", plain_hooks), ("trusted", trusted_hooks))
    }
    assert "*" in phone["plain"] and "*" not in phone["trusted"]


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"url": "http://127.0.0.1:9/hook"}, "INVALID", "url"),  # not allow-listed: https required
        ({"url": "https://127.0.0.1/hook"}, "INVALID", "url"),
        ({"url": "https://169.254.169.254/latest/meta-data"}, "INVALID", "url"),
        ({"url": "https://10.1.2.3/hook"}, "INVALID", "url"),
        ({"url": "https://[::1]/hook"}, "INVALID", "url"),
        ({"url": "ftp://example.org/hook"}, "INVALID", "url"),
        ({"eventTypes": []}, "REQUIRED", "eventTypes"),
        ({"eventTypes": ["project.nonsense"]}, "INVALID", "eventTypes"),
        ({"document": "query { regions(first: 1) { edges { cursor } } }"}, "INVALID", "document"),
        ({"document": "subscription { events { nonsense } }"}, "INVALID", "document"),
        ({"document": "subscription($x: Int) { events { type } }"}, "INVALID", "document"),
    ],
)
async def test_unsafe_or_invalid_endpoints_are_refused(database, test_issuer, fields, code, field) -> None:
    async with http(static_key_app(database, test_issuer)) as client:  # nothing allow-listed
        payload = await register(
            client,
            partner_token(test_issuer),
            **{"url": "https://93.184.215.14/hook", "eventTypes": ["project.publish"], **fields},
        )
    assert payload["endpoint"] is None and payload["secret"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, ["input", field])]


async def test_only_partners_and_operators_register_and_only_their_organisation_sees_it(
    client, test_issuer
) -> None:
    owner = new_owner(test_issuer)
    refused = await register(
        client, owner.token, url="https://93.184.215.14/hook", eventTypes=["project.publish"]
    )
    assert [e["code"] for e in refused["errors"]] == ["FORBIDDEN"]
    anonymous = await graphql(
        client,
        None,
        'mutation { createWebhookEndpoint(input: {url: "https://example.org/h", eventTypes: ["project.publish"]}) { errors { code } } }',
    )
    assert [e["extensions"]["code"] for e in anonymous["errors"]] == ["UNAUTHENTICATED"]

    token = partner_token(test_issuer)
    created = await register(client, token, url="https://93.184.215.14/hook", eventTypes=["project.publish"])
    assert created["errors"] == []
    assert [e["id"] for e in await endpoint_log(client, token)] == [created["endpoint"]["id"]]
    assert await endpoint_log(client, partner_token(test_issuer)) == []
    node = "query($id: ID!) { node(id: $id) { id } }"
    assert (await graphql(client, partner_token(test_issuer), node, {"id": created["endpoint"]["id"]}))[
        "data"
    ]["node"] is None
    removed = await graphql(
        client,
        partner_token(test_issuer),
        "mutation($input: WebhookEndpointInput!) { deleteWebhookEndpoint(input: $input) { deletedEndpointId errors { code } } }",
        {"input": {"endpointId": created["endpoint"]["id"]}},
    )
    assert removed["data"]["deleteWebhookEndpoint"] == {
        "deletedEndpointId": None,
        "errors": [{"code": "NOT_FOUND"}],
    }
