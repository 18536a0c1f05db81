"""Logs are JSON lines with the request id, and no token ever reaches them."""

from __future__ import annotations

import io
import json
import logging

import httpx
import pytest

from tests.apps import static_key_app
from zhongjie.resolvers.loaders import Loaders, loader
from zhongjie.server.logs import JsonFormatter, RedactingFilter, redact


@pytest.fixture
def captured():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield stream
    root.removeHandler(handler)
    root.setLevel(previous)


async def test_no_token_reaches_the_logs(database, test_issuer, captured, monkeypatch) -> None:
    token = test_issuer.token(roles=["operator"], region="370000")

    async def broken(loaders: Loaders, codes: list[str]) -> list[object]:
        raise RuntimeError(f"upstream said: Authorization: Bearer {token}; url=/x?access_token={token}")

    monkeypatch.setattr(Loaders, "region", loader(broken))
    app = static_key_app(database, test_issuer)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        await client.get("/graphql", params={"query": "{ __typename }", "access_token": token})
        await client.post(
            "/graphql", json={"query": "{ viewer { roles } }"}, headers={"authorization": f"Bearer {token}x"}
        )
        await client.post(
            "/graphql",
            json={"query": '{ serviceItem(code: "ZJ-HJ-001") { region { code } } }'},
            headers={"authorization": f"Bearer {token}", "x-request-id": "trace-logs-0001"},
        )
    text = captured.getvalue()
    assert text, "something was logged"
    assert token not in text and token[:40] not in text
    lines = [json.loads(line) for line in text.splitlines()]
    assert any(line["request_id"] == "trace-logs-0001" and line["level"] == "ERROR" for line in lines)
    assert any(
        line["logger"] == "zhongjie.access" and "access_token" not in line["message"] for line in lines
    )


def test_redaction_patterns() -> None:
    assert redact("Bearer abc.def-ghi") == "Bearer [redacted]"
    assert "[redacted-jwt]" in redact("token eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl here")
    assert redact("/graphql?access_token=abc&x=1") == "/graphql?access_token=[redacted]&x=1"
    assert redact("secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw+/xr=") == "secret whsec_[redacted]"
