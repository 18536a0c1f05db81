"""A production-mode server process keeps answering `/healthz` promptly while hostile documents and bodies
of every class arrive: no request holds its event loop."""

from __future__ import annotations

import asyncio
import time

import httpx

from tests.hostile.documents import HOSTILE
from tests.hostile.test_inputs import MALFORMED_BODIES
from tests.processes import running_server

PING_EVERY = 0.05
LONGEST_PING = 0.5
ROUNDS = 3


async def _ping(base: str, stop: asyncio.Event) -> list[float]:
    waits: list[float] = []
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        while not stop.is_set():
            started = time.perf_counter()
            response = await client.get("/healthz")
            waits.append(time.perf_counter() - started)
            assert response.status_code == 200
            await asyncio.sleep(PING_EVERY)
    return waits


async def _attack(base: str, token: str) -> list[tuple[str, int, list[str]]]:
    answers = []
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        for _ in range(ROUNDS):
            for name, (document, variables, signed_in) in HOSTILE.items():
                headers = {"authorization": f"Bearer {token}"} if signed_in else {}
                response = await client.post(
                    "/graphql", json={"query": document, "variables": variables}, headers=headers
                )
                answers.append((name, response.status_code, _codes(response)))
            for name, body in MALFORMED_BODIES.items():
                response = await client.post(
                    "/graphql", content=body, headers={"content-type": "application/json"}
                )
                answers.append((name, response.status_code, _codes(response)))
    return answers


def _codes(response: httpx.Response) -> list[str]:
    try:
        return [e.get("extensions", {}).get("code") for e in response.json().get("errors", [])]
    except ValueError:
        return ["(not JSON)"]


async def test_healthz_stays_prompt_while_hostile_requests_arrive(
    database, identity_provider, tmp_path
) -> None:
    env = {
        "ZHONGJIE_DATABASE_URL": database.engine.url.render_as_string(hide_password=False),
        "ZHONGJIE_OIDC_ISSUER": identity_provider.issuer,
        "ZHONGJIE_WEBHOOK_DISPATCH": "false",
        "ZHONGJIE_RATE_CAPACITY": "100000000",
    }
    token = identity_provider.client_token("owner-client")
    with running_server(tmp_path, env=env) as base:
        stop = asyncio.Event()
        pinger = asyncio.create_task(_ping(base, stop))
        await asyncio.sleep(0.3)
        attackers = [asyncio.create_task(_attack(base, token)) for _ in range(3)]
        answers = [answer for found in await asyncio.gather(*attackers) for answer in found]
        stop.set()
        waits = await pinger
    assert [a for a in answers if a[1] >= 500 or "INTERNAL" in a[2] or None in a[2]] == []
    assert len(waits) > 10
    assert max(waits) < LONGEST_PING, sorted(waits)[-5:]
