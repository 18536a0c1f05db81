"""Several server processes on one database: a change made through one reaches subscribers of another."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest
from websockets.asyncio.client import connect

from tests.processes import running_server
from tests.project_flow import application
from tests.ws_client import PROTOCOL, authorised, next_data, receive, subscribe

EVENTS = """subscription($after: String, $filter: EventFilter) {
  events(after: $after, filter: $filter) { cursor type sequence project { code } } }"""
CREATE = """mutation($input: CreateProjectInput!) {
  createProject(input: $input) { project { id code } errors { code message } } }"""
ACT = """mutation($input: ProjectActionInput!) { %s(input: $input) { errors { code message } } }"""


def _environment(database, identity_provider, poll: str) -> dict[str, str]:
    return {
        "ZHONGJIE_DATABASE_URL": database.engine.url.render_as_string(hide_password=False),
        "ZHONGJIE_OIDC_ISSUER": identity_provider.issuer,
        "ZHONGJIE_EVENTS_POLL_SECONDS": poll,
        "ZHONGJIE_WEBHOOK_DISPATCH": "false",
    }


async def _mutate(base: str, token: str, query: str, variables: dict) -> dict:
    async with httpx.AsyncClient(base_url=base, timeout=10) as client:
        response = await client.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"authorization": f"Bearer {token}"},
        )
    data = response.json()["data"]
    payload = next(iter(data.values()))
    assert payload["errors"] == [], payload
    return payload


def _ws(base: str) -> str:
    return base.replace("http", "ws", 1) + "/graphql"


async def test_a_subscriber_of_one_process_hears_changes_made_through_another_and_resumes(
    database, identity_provider, tmp_path
) -> None:
    """On PostgreSQL the readers poll only every 60 s, so prompt delivery is LISTEN/NOTIFY's doing;
    SQLite has no notifications between processes and delivers by polling."""
    poll = "60" if database.backend == "postgresql" else "0.5"
    operator = identity_provider.client_token("operator-client")
    owner = identity_provider.client_token("owner-client")
    investment = f"2026-370102-70-01-{uuid.uuid4().int % 1_000_000:06d}"
    wanted = {"filter": {"investmentProjectCodes": [investment]}}
    env = _environment(database, identity_provider, poll)
    with running_server(tmp_path, env=env) as process_a, running_server(tmp_path, env=env) as process_b:
        async with connect(_ws(process_a), subprotocols=[PROTOCOL]) as socket:
            await authorised(socket, operator)
            await subscribe(socket, EVENTS, wanted)
            await asyncio.sleep(0.5)
            created = await _mutate(
                process_b,
                owner,
                CREATE,
                {"input": {"project": application(investmentProjectCode=investment)}},
            )
            heard = (await next_data(socket, 10))["events"]
        assert (heard["type"], heard["sequence"], heard["project"]["code"]) == (
            "project.create",
            1,
            created["project"]["code"],
        )

        # while nobody listens, the project moves on through process B
        for name, token in (
            ("submitProject", owner),
            ("approveProject", operator),
            ("publishProject", operator),
        ):
            await _mutate(process_b, token, ACT % name, {"input": {"projectId": created["project"]["id"]}})

        async with connect(_ws(process_a), subprotocols=[PROTOCOL]) as socket:
            await authorised(socket, operator)
            await subscribe(socket, EVENTS, {**wanted, "after": heard["cursor"]})
            missed = [(await next_data(socket, 10))["events"] for _ in range(3)]
            with pytest.raises(TimeoutError):
                await receive(socket, 1)
    assert [(e["type"], e["sequence"]) for e in missed] == [
        ("project.submit", 2),
        ("project.approve", 3),
        ("project.publish", 4),
    ]


async def test_serve_with_two_workers_pushes_what_either_worker_commits(
    database, identity_provider, tmp_path
) -> None:
    operator = identity_provider.client_token("operator-client")
    owner = identity_provider.client_token("owner-client")
    investment = f"2026-370102-70-01-{uuid.uuid4().int % 1_000_000:06d}"
    env = _environment(database, identity_provider, "60" if database.backend == "postgresql" else "0.5")
    with running_server(tmp_path, "--workers", "2", env=env) as base:
        async with connect(_ws(base), subprotocols=[PROTOCOL]) as socket:
            await authorised(socket, operator)
            await subscribe(socket, EVENTS, {"filter": {"investmentProjectCodes": [investment]}})
            await asyncio.sleep(0.5)
            codes = []
            for _ in range(4):  # new connections each time, so both workers get some
                created = await _mutate(
                    base, owner, CREATE, {"input": {"project": application(investmentProjectCode=investment)}}
                )
                codes.append(created["project"]["code"])
            heard = [(await next_data(socket, 10))["events"]["project"]["code"] for _ in range(4)]
    assert heard == codes
