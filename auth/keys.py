"""Signing keys of the identity provider: discovered, fetched, cached and refreshed.

`RemoteJwks` reads the issuer's discovery document (checked by Authlib's RFC 8414 / OpenID
metadata model, and its `issuer` against ours), then its JWKS. A `kid` the cached set lacks
triggers a refresh, at most one per cooldown however many tokens ask (a flood of random `kid`s
cannot make us hammer the provider); the set is also refetched when it is older than `max_age`,
which picks up rotation and drops retired keys. Authlib's validator reads keys synchronously
(`get_jwks`), so the refresh runs first and the validator reads `jwks`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any, Protocol

import httpx
from authlib.common.security import is_secure_transport
from authlib.oidc.discovery import (
    OpenIDProviderMetadata,
    get_well_known_url,
)
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import Key, KeySet

logger = logging.getLogger("zhongjie.auth")


class KeySourceError(Exception):
    """The provider's metadata or keys could not be obtained."""


class KeySource(Protocol):
    @property
    def jwks(self) -> KeySet:
        """The keys trusted now."""
        ...

    async def refresh_for(self, kid: str | None) -> None:
        """Fetch the keys anew if they lack `kid` or have aged, within the source's limits."""
        ...


def find_key(keys: KeySet, kid: str | None) -> Key | None:
    """The key named `kid`; without a `kid`, the only key of a one-key set."""
    try:
        return keys.get_by_kid(kid)
    except InvalidKeyIdError:
        return None


class StaticKeys:
    """A fixed key set (the demo issuer's own keys)."""

    def __init__(self, keys: KeySet) -> None:
        self.jwks = keys

    async def refresh_for(self, kid: str | None) -> None:
        return None


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
        if not is_secure_transport(issuer):  # HTTPS, or HTTP on loopback (development and tests)
            raise KeySourceError(f"refusing a non-HTTPS identity provider URL: {issuer}")
        self.http = http
        self.issuer = issuer.rstrip("/")
        self.cooldown = cooldown
        self.max_age = max_age
        self.clock = clock
        self.fetch_count = 0
        self.jwks = KeySet([])
        self._metadata: dict[str, Any] | None = None
        self._fetched_at: float | None = None
        self._lock = asyncio.Lock()

    async def metadata(self) -> dict[str, Any]:
        """The discovery document: our issuer's, with an HTTPS `jwks_uri`."""
        if self._metadata is None:
            document = OpenIDProviderMetadata(await self._get_json(get_well_known_url(self.issuer, True)))
            _validate(document.validate_issuer, document.validate_jwks_uri)
            if document["issuer"].rstrip("/") != self.issuer:
                raise KeySourceError("discovery document does not match the configured issuer")
            self._metadata = document
        return self._metadata

    async def introspection_endpoint(self) -> str | None:
        """The provider's RFC 7662 endpoint (HTTPS), if it offers one."""
        document = OpenIDProviderMetadata(await self.metadata())
        _validate(document.validate_introspection_endpoint)
        endpoint: str | None = document.get("introspection_endpoint")
        return endpoint

    async def refresh_for(self, kid: str | None) -> None:
        if self._fetched_at is None or self.clock() - self._fetched_at >= self.max_age:
            try:
                await self._refresh(only_if_older_than=self.max_age)
            except KeySourceError:
                if not self.jwks.keys:
                    raise
                logger.warning("JWKS refresh failed; keeping the cached keys", exc_info=True)
        if find_key(self.jwks, kid) is None and self.clock() - (self._fetched_at or 0) >= self.cooldown:
            await self._refresh(only_if_older_than=self.cooldown)

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
                self.jwks = KeySet.import_key_set({"keys": usable})
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


def _validate(*rules: Callable[[], None]) -> None:
    """Runs Authlib's metadata rules; their `ValueError` becomes ours."""
    try:
        for rule in rules:
            rule()
    except (ValueError, TypeError) as error:
        raise KeySourceError(f"unusable discovery document: {error}") from error


def _usable(jwk: Any) -> bool:
    """Public signing keys only: a JWKS entry meant for encryption, or a secret, is skipped."""
    return isinstance(jwk, dict) and jwk.get("use", "sig") == "sig" and jwk.get("kty") in {"RSA", "EC", "OKP"}
