"""The JWKS cache against the real provider: refresh rules, and an outage that keeps cached keys."""

from __future__ import annotations

import httpx
import pytest
from joserfc.jwk import Key

from tests.identity_provider import IdentityProvider, start_provider
from zhongjie.auth.keys import KeySourceError, RemoteJwks, find_key


async def key_for(keys: RemoteJwks, kid: str) -> Key | None:
    """The key `kid` after the refresh a token naming it would trigger."""
    await keys.refresh_for(kid)
    return find_key(keys.jwks, kid)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_refreshes_by_age_and_by_unknown_kid_within_the_cooldown(
    identity_provider: IdentityProvider,
) -> None:
    clock = FakeClock()
    async with httpx.AsyncClient() as http:
        keys = RemoteJwks(http, identity_provider.issuer, cooldown=30, max_age=600, clock=clock)
        assert (await key_for(keys, identity_provider.key.kid)) is not None
        assert keys.fetch_count == 1
        for _ in range(20):
            assert await key_for(keys, "unknown") is None
        assert keys.fetch_count == 1  # within the cooldown: no refetch
        clock.now += 31
        assert await key_for(keys, "unknown") is None
        assert await key_for(keys, "unknown-too") is None
        assert keys.fetch_count == 2  # one refresh for the new cooldown window
        clock.now += 600
        await keys.refresh_for(identity_provider.key.kid)
        assert keys.fetch_count == 3  # aged out


async def test_an_outage_keeps_the_cached_keys(tmp_path_factory: pytest.TempPathFactory) -> None:
    provider = start_provider(tmp_path_factory.mktemp("outage-oidc"))
    clock = FakeClock()
    async with httpx.AsyncClient() as http:
        keys = RemoteJwks(http, provider.issuer, cooldown=30, max_age=60, clock=clock)
        kid = provider.key.kid
        assert await key_for(keys, kid) is not None
        provider.stop()
        clock.now += 61
        assert await key_for(keys, kid) is not None  # stale but still the provider's key
    async with httpx.AsyncClient() as http:
        cold = RemoteJwks(http, provider.issuer, cooldown=30, max_age=60, clock=clock)
        with pytest.raises(KeySourceError):
            await key_for(cold, kid)


async def test_plain_http_is_refused_except_on_loopback() -> None:
    async with httpx.AsyncClient() as http:
        with pytest.raises(KeySourceError):
            RemoteJwks(http, "http://idp.example.cn", cooldown=30, max_age=600)
