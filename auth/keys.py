"""Signing keys of the identity provider: discovered, fetched, cached and refreshed.

`RemoteJwks` reads the issuer's discovery document, then its JWKS. An unknown `kid`
triggers a refresh, at most one per cooldown however many tokens ask (a flood of
random `kid`s cannot make us hammer the provider); the set is also refetched when it
is older than `max_age`, which picks up rotation and drops retired keys.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any, Protocol
from urllib.parse import urlsplit

import httpx
from joserfc.errors import JoseError
from joserfc.jwk import Key, KeySet

logger = logging.getLogger("zhongjie.auth")

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


class KeySourceError(Exception):
    """The provider's metadata or keys could not be obtained."""


class KeySource(Protocol):
    async def key_for(self, kid: str | None) -> Key | None: ...


def require_secure_url(url: str) -> str:
    """HTTPS, except on loopback (development and tests)."""
    parts = urlsplit(url)
    if parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS):
        return url
    raise KeySourceError(f"refusing a non-HTTPS identity provider URL: {url}")


def _pick(keys: KeySet, kid: str | None) -> Key | None:
    if kid is None:
        return keys.keys[0] if len(keys.keys) == 1 else None
    return next((key for key in keys.keys if key.kid == kid), None)


class StaticKeys:
    """A fixed key set (the demo issuer's own keys)."""

    def __init__(self, keys: KeySet) -> None:
        self.keys = keys

    async def key_for(self, kid: str | None) -> Key | None:
        return _pick(self.keys, kid)


class RemoteJwks:
    def __init__(
        self,
        http: httpx.AsyncClient,
        issuer: str,
        *,
        cooldown: float,
        max_age: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.http = http
        self.issuer = require_secure_url(issuer.rstrip("/"))
        self.cooldown = cooldown
        self.max_age = max_age
        self.clock = clock
        self.fetch_count = 0
        self._metadata: dict[str, Any] | None = None
        self._keys = KeySet([])
        self._fetched_at: float | None = None
        self._lock = asyncio.Lock()

    async def metadata(self) -> dict[str, Any]:
        if self._metadata is None:
            document = await self._get_json(f"{self.issuer}/.well-known/openid-configuration")
            if document.get("issuer", "").rstrip("/") != self.issuer or not document.get("jwks_uri"):
                raise KeySourceError("discovery document does not match the configured issuer")
            require_secure_url(document["jwks_uri"])
            self._metadata = document
        return self._metadata

    async def key_for(self, kid: str | None) -> Key | None:
        if self._fetched_at is None or self.clock() - self._fetched_at >= self.max_age:
            try:
                await self._refresh(only_if_older_than=self.max_age)
            except KeySourceError:
                if not self._keys.keys:
                    raise
                logger.warning("JWKS refresh failed; keeping the cached keys", exc_info=True)
        key = _pick(self._keys, kid)
        if key is None and self.clock() - (self._fetched_at or 0) >= self.cooldown:
            await self._refresh(only_if_older_than=self.cooldown)
            key = _pick(self._keys, kid)
        return key

    async def _refresh(self, only_if_older_than: float) -> None:
        async with self._lock:  # one fetch at a time; waiters reuse its result
            if self._fetched_at is not None and self.clock() - self._fetched_at < only_if_older_than:
                return
            self._fetched_at = self.clock()  # counts failures too, so the cooldown also limits retries
            metadata = await self.metadata()
            self.fetch_count += 1
            document = await self._get_json(metadata["jwks_uri"])
            try:
                usable = [jwk for jwk in document.get("keys", []) if _usable(jwk)]
                self._keys = KeySet.import_key_set({"keys": usable})
            except (JoseError, ValueError, TypeError) as error:
                raise KeySourceError(f"unusable JWKS: {error}") from error

    async def _get_json(self, url: str) -> dict[str, Any]:
        try:
            response = await self.http.get(url)
            response.raise_for_status()
            document = response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise KeySourceError(f"cannot fetch {url}: {error}") from error
        if not isinstance(document, dict):
            raise KeySourceError(f"{url} is not a JSON object")
        return document


def _usable(jwk: Any) -> bool:
    """Public signing keys only: a JWKS entry meant for encryption, or a secret, is skipped."""
    return isinstance(jwk, dict) and jwk.get("use", "sig") == "sig" and jwk.get("kty") in {"RSA", "EC", "OKP"}
