"""X-Forwarded-For over real HTTP: believed only from ZHONGJIE_TRUSTED_PROXIES, so a caller cannot get
a fresh rate-limit bucket by naming another address."""

from __future__ import annotations

import httpx
import pytest
from pydantic import ValidationError

from tests.apps import served, static_key_app
from tests.auth.signing import TestIssuer
from zhongjie.base.settings import Settings
from zhongjie.models.database import Database

QUERY = "query Catalog { serviceItems(first: 3) { edges { node { code } } } }"  # costs 1


async def two_requests_claiming_two_addresses(address: str) -> list[dict]:
    async with httpx.AsyncClient(base_url=f"http://{address}", timeout=10) as client:
        answers = []
        for claimed in ("203.0.113.1", "203.0.113.2"):
            headers = {"x-forwarded-for": claimed, "forwarded": f"for={claimed}"}
            answers.append((await client.post("/graphql", json={"query": QUERY}, headers=headers)).json())
        return answers


@pytest.mark.parametrize("proxies", [[], ["10.0.0.0/8"]], ids=["no proxies", "another proxy"])
async def test_a_peer_that_is_no_trusted_proxy_keeps_its_own_bucket(
    database: Database, test_issuer: TestIssuer, proxies: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "*")  # uvicorn's own setting widens nothing
    app = static_key_app(
        database, test_issuer, rate_capacity=1.5, rate_refill_per_second=0.001, trusted_proxies=proxies
    )
    async with served(app) as address:
        first, second = await two_requests_claiming_two_addresses(address)
    assert "errors" not in first, first
    assert second["errors"][0]["extensions"]["code"] == "RATE_LIMITED"


async def test_a_trusted_proxy_names_the_client(database: Database, test_issuer: TestIssuer) -> None:
    app = static_key_app(
        database, test_issuer, rate_capacity=1.5, rate_refill_per_second=0.001, trusted_proxies=["127.0.0.1"]
    )
    async with served(app) as address:
        first, second = await two_requests_claiming_two_addresses(address)
    assert "errors" not in first and "errors" not in second, (first, second)


def test_trusted_proxies_are_addresses_or_networks() -> None:
    assert Settings(trusted_proxies=["10.0.0.5", "192.168.0.0/16"]).trusted_proxies == [
        "10.0.0.5/32",
        "192.168.0.0/16",
    ]
    for wrong in ("*", "proxy.internal"):
        with pytest.raises(ValidationError):
            Settings(trusted_proxies=[wrong])
