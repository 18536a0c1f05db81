"""Strict validation of JWT access tokens.

Checked before any key is touched: the size cap, the compact JWS shape (a five-part
JWE is refused), the algorithm allow-list (never `none`; HS256 only with its own
configured secret, never with a key from the JWKS), `typ`, and no `crit`. Keys come
only from the configured key source by `kid`: `jwk`, `jku` and `x5u` headers are
ignored. Then the signature, `iss`, `aud`, `exp` (required), `nbf` and `iat` with a
leeway of at most 60 seconds.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import Key, OctKey
from joserfc.jws import JWSRegistry

from zhongjie.auth.keys import KeySource, KeySourceError

ACCEPTED_TYPES = {"at+jwt", "application/at+jwt", "jwt"}
HMAC_ALGORITHM = "HS256"
MAX_LEEWAY_SECONDS = 60


class InvalidToken(Exception):
    """The token is not acceptable; the reason is for logs, never for the caller."""


class NotAJwt(InvalidToken):
    """The token is not a compact JWS at all (maybe an opaque token for introspection)."""


@dataclass(frozen=True)
class TokenRules:
    issuer: str
    audience: str
    algorithms: frozenset[str]
    max_bytes: int
    leeway_seconds: int
    hmac_secret: str | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.leeway_seconds <= MAX_LEEWAY_SECONDS:
            raise ValueError("leeway must be between 0 and 60 seconds")
        if "none" in {alg.lower() for alg in self.algorithms}:
            raise ValueError("the `none` algorithm is never accepted")

    @property
    def allowed_algorithms(self) -> frozenset[str]:
        allowed = {alg for alg in self.algorithms if not alg.upper().startswith("HS")}
        return frozenset(allowed | {HMAC_ALGORITHM}) if self.hmac_secret else frozenset(allowed)


def _segment(text: str) -> Any:
    try:
        return json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (ValueError, binascii.Error) as error:
        raise InvalidToken("malformed token segment") from error


class JwtValidator:
    def __init__(self, rules: TokenRules, keys: KeySource, now: Callable[[], float]) -> None:
        self.rules = rules
        self.keys = keys
        self.now = now
        self.registry = JWSRegistry(algorithms=list(rules.allowed_algorithms))

    async def validate(self, token: str) -> dict[str, Any]:
        """The token's claims, or `InvalidToken`."""
        if len(token.encode()) > self.rules.max_bytes:
            raise InvalidToken("token larger than the size cap")
        parts = token.split(".")
        if len(parts) == 5:
            raise InvalidToken("encrypted tokens (JWE) are not accepted")
        if len(parts) != 3:
            raise NotAJwt("not a compact JWS")
        header = _segment(parts[0])
        if not isinstance(header, dict):
            raise InvalidToken("header is not an object")
        algorithm = header.get("alg")
        if algorithm not in self.rules.allowed_algorithms:
            raise InvalidToken(f"algorithm {algorithm!r} not allowed")
        if str(header.get("typ", "")).lower() not in ACCEPTED_TYPES:
            raise InvalidToken(f"token type {header.get('typ')!r} not accepted")
        if "crit" in header:
            raise InvalidToken("critical header parameters are not supported")
        key = await self._key(algorithm, header.get("kid"))
        try:
            decoded = jwt.decode(token, key, algorithms=[algorithm], registry=self.registry)
            self._claims_registry().validate(decoded.claims)
        except JoseError as error:
            raise InvalidToken(f"{type(error).__name__}: {error}") from error
        return decoded.claims

    async def _key(self, algorithm: str, kid: Any) -> Key:
        if algorithm == HMAC_ALGORITHM:
            assert self.rules.hmac_secret is not None  # allowed_algorithms guarantees it
            return OctKey.import_key(self.rules.hmac_secret)
        if kid is not None and not isinstance(kid, str):
            raise InvalidToken("kid is not a string")
        try:
            key = await self.keys.key_for(kid)
        except KeySourceError as error:
            raise InvalidToken(f"signing keys unavailable: {error}") from error
        if key is None:
            raise InvalidToken(f"unknown signing key {kid!r}")
        return key

    def _claims_registry(self) -> jwt.JWTClaimsRegistry:
        return jwt.JWTClaimsRegistry(
            now=lambda: int(self.now()),
            leeway=self.rules.leeway_seconds,
            iss={"essential": True, "value": self.rules.issuer},
            aud={"essential": True, "value": self.rules.audience},
            exp={"essential": True},
        )
