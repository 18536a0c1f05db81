"""README quick start: `zhongjie serve --demo` on a fresh folder serves the catalog over real HTTP."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from tests.commands import zhongjie_command
from tests.processes import running_server


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder: Path = tmp_path_factory.mktemp("demo")
    with running_server(folder, "--demo") as base:
        yield base
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


def test_demo_releases_are_dated_by_now_and_published(demo_server: str) -> None:
    """Every release of the demo's feed happened already, and the feed serves some of every stage kind."""
    response = httpx.get(f"{demo_server}/ocds/releases", params={"limit": 500}, timeout=10)
    releases = response.json()["releases"]
    now = datetime.now(UTC)
    assert releases and all(datetime.fromisoformat(r["date"]) <= now for r in releases)
    assert {"tender", "award", "contract", "implementation"} <= {tag for r in releases for tag in r["tag"]}
