"""Several server processes on one database: a change made through one reaches subscribers of another."""

from __future__ import annotations

import asyncio
import uuid

import httpx
from websockets.asyncio.client import connect

from tests.processes import running_server
from tests.project_flow import application
from tests.ws_client import PROTOCOL, authorised, next_data, subscribe

EVENTS = """subscription($filter: EventFilter) {
  events(filter: $filter) { type sequence project { code } } }"""
CREATE = """mutation($input: CreateProjectInput!) {
  createProject(input: $input) { project { code } errors { code message } } }"""


async def test_a_subscriber_of_one_process_hears_a_change_made_through_another(
    database, identity_provider, tmp_path
) -> None:
    """On PostgreSQL the readers poll only every 60 s, so prompt delivery is LISTEN/NOTIFY's doing;
    SQLite has no notifications between processes and delivers by polling."""
    poll = "60" if database.backend == "postgresql" else "0.5"
    env = {
        "ZHONGJIE_DATABASE_URL": database.engine.url.render_as_string(hide_password=False),
        "ZHONGJIE_OIDC_ISSUER": identity_provider.issuer,
        "ZHONGJIE_EVENTS_POLL_SECONDS": poll,
        "ZHONGJIE_WEBHOOK_DISPATCH": "false",
    }
    operator = identity_provider.client_token("operator-client")
    owner = identity_provider.client_token("owner-client")
    investment = f"2026-370102-70-01-{uuid.uuid4().int % 1_000_000:06d}"
    with running_server(tmp_path, env=env) as process_a, running_server(tmp_path, env=env) as process_b:
        async with connect(process_a.replace("http", "ws") + "/graphql", subprotocols=[PROTOCOL]) as socket:
            await authorised(socket, operator)
            await subscribe(socket, EVENTS, {"filter": {"investmentProjectCodes": [investment]}})
            await asyncio.sleep(0.5)
            async with httpx.AsyncClient(base_url=process_b, timeout=10) as client:
                response = await client.post(
                    "/graphql",
                    json={
                        "query": CREATE,
                        "variables": {"input": {"project": application(investmentProjectCode=investment)}},
                    },
                    headers={"authorization": f"Bearer {owner}"},
                )
            created = response.json()["data"]["createProject"]
            assert created["errors"] == [], created
            heard = (await next_data(socket, 10))["events"]
    assert heard == {"type": "project.create", "sequence": 1, "project": {"code": created["project"]["code"]}}
