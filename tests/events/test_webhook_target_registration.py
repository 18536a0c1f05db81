"""Registering a webhook on an address off the public internet, over HTTP against a running server:
refused as a user error on the URL, in the caller's language, and nothing is registered."""

from __future__ import annotations

import httpx

from tests.apps import served, static_key_app
from tests.events.webhook_flow import CREATE, endpoint_log, partner_token
from zhongjie.base.messages import MESSAGES

# shared (CGNAT) space, 6to4 of 127.0.0.1, the IPv4 dummy address: the external test's findings
NOT_PUBLIC = ["http://100.64.0.1/", "http://[2002:7f00:1::]/", "http://192.0.0.8/", "https://100.64.0.1/hook"]


async def _create(client: httpx.AsyncClient, token: str, url: str, language: str) -> dict:
    response = await client.post(
        "/graphql",
        json={"query": CREATE, "variables": {"input": {"url": url, "eventTypes": ["project.publish"]}}},
        headers={"authorization": f"Bearer {token}", "accept-language": language},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]["createWebhookEndpoint"]


async def test_targets_off_the_public_internet_are_refused(database, test_issuer) -> None:
    token = partner_token(test_issuer)
    zh, en = MESSAGES["webhook_target_private"]
    async with (
        served(static_key_app(database, test_issuer)) as address,
        httpx.AsyncClient(base_url=f"http://{address}", trust_env=False) as client,
    ):
        for url in NOT_PUBLIC:
            for language, message in (("zh-CN", zh), ("en", en)):
                payload = await _create(client, token, url, language)
                assert payload["endpoint"] is None and payload["secret"] is None, url
                assert payload["errors"] == [
                    {"code": "INVALID", "field": ["input", "url"], "message": message}
                ], url
        assert await endpoint_log(client, token) == []
    assert "公网" in zh and "globally routable" in en
