"""README quick start: `zhongjie serve --demo` on a fresh folder serves the catalog over real HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.commands import zhongjie_command


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder: Path = tmp_path_factory.mktemp("demo")
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("ZHONGJIE_")}
    process = subprocess.Popen(
        zhongjie_command("serve", "--demo", "--port", str(port)),
        cwd=folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"demo server exited: {process.stdout.read() if process.stdout else ''}")
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            pytest.fail("demo server did not become ready in 60 s")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert (folder / "var" / "zhongjie.sqlite3").exists()


def test_demo_serves_the_catalog(demo_server: str) -> None:
    query = "{ serviceItems(first: 5) { edges { node { code name legalBasis timeLimitDays } } } }"
    response = httpx.post(f"{demo_server}/graphql", json={"query": query}, timeout=10)
    edges = response.json()["data"]["serviceItems"]["edges"]
    assert len(edges) == 5

    code = edges[0]["node"]["code"]
    detail = httpx.post(
        f"{demo_server}/graphql",
        json={
            "query": f'{{ serviceItem(code: "{code}") {{ code versions {{ version changedBy reason }} }} }}'
        },
        timeout=10,
    ).json()["data"]["serviceItem"]
    assert detail["code"] == code and detail["versions"][0]["version"] == 1


def test_demo_serves_graphiql(demo_server: str) -> None:
    response = httpx.get(f"{demo_server}/graphql", headers={"accept": "text/html"}, timeout=10)
    assert response.status_code == 200 and "graphiql" in response.text.lower()


def test_zhongjie_token_gives_a_token_the_demo_server_accepts(demo_server: str) -> None:
    printed = subprocess.run(
        zhongjie_command("token", "--role", "operator", "--region", "440705", "--url", demo_server),
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    ).stdout.strip()
    response = httpx.post(
        f"{demo_server}/graphql",
        json={"query": "{ viewer { roles regionCode region { name } } }"},
        headers={"authorization": f"Bearer {printed}"},
        timeout=10,
    )
    assert response.json()["data"]["viewer"] == {
        "roles": ["OPERATOR"],
        "regionCode": "440705",
        "region": {"name": "新会区"},
    }
