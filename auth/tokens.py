"""Strict validation of JWT access tokens, through Authlib's RFC 9068 resource-server validator.

Checked before any key is touched: the size cap, the compact JWS shape (a five-part JWE is
refused), the algorithm allow-list (never `none`; HS256 only with its own configured secret,
never with a key from the JWKS), `typ` (`at+jwt`, or `JWT` as Keycloak-style providers send),
and no `crit`. Keys come only from the configured key source by `kid`: `jwk`, `jku` and `x5u`
headers are ignored. Then Authlib's claims model checks `iss`, `aud`, `exp` (required), `nbf`
and `iat` with a leeway of at most 60 seconds.

Authlib's `authenticate_token` is replaced here: it decodes with joserfc's default algorithms
(HS256, RS256 and ES256; no allow-list), requires `client_id` and `jti`, which tokens we accept
may lack, and its `typ` rule lets a missing `typ` through but refuses `JWT`; its `validate_token`
takes no leeway. So we decode with our registry and validate the claims with our clock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from authlib.oauth2.claims import JWTClaims
from authlib.oauth2.rfc9068 import JWTBearerTokenValidator
from authlib.oauth2.rfc9068.claims import JWTAccessTokenClaims
from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import GuestProtocol, Key, KeySet, OctKey
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


class AccessTokenClaims(JWTAccessTokenClaims):  # type: ignore[misc]  # Authlib's class is untyped
    """RFC 9068's claims and their checks, but not Authlib's `typ` rule: `typ` is judged before
    any key is touched, where `JWT` is accepted too."""

    def validate(self, now: int | None = None, leeway: int = 0) -> None:
        JWTClaims.validate(self, now, leeway)


class JwtValidator(JWTBearerTokenValidator):  # type: ignore[misc]  # Authlib's class is untyped
    def __init__(self, rules: TokenRules, keys: KeySource, now: Callable[[], float]) -> None:
        super().__init__(issuer=rules.issuer, resource_server=rules.audience)
        self.rules = rules
        self.keys = keys
        self.now = now
        self.registry = JWSRegistry(algorithms=list(rules.allowed_algorithms))
        self.hmac_key = OctKey.import_key(rules.hmac_secret) if rules.hmac_secret else None

    async def validate(self, token: str) -> dict[str, Any]:
        """The token's claims, or `InvalidToken`."""
        header = self._header(token)
        if header["alg"] != HMAC_ALGORITHM:
            try:
                await self.keys.refresh_for(header.get("kid"))
            except KeySourceError as error:
                raise InvalidToken(f"signing keys unavailable: {error}") from error
        try:
            claims = self.authenticate_token(token)
            claims.validate(now=int(self.now()), leeway=self.rules.leeway_seconds)
        except JoseError as error:
            raise InvalidToken(f"{type(error).__name__}: {error}") from error
        return dict(claims)

    def _header(self, token: str) -> dict[str, Any]:
        if len(token.encode()) > self.rules.max_bytes:
            raise InvalidToken("token larger than the size cap")
        parts = token.count(".") + 1
        if parts == 5:
            raise InvalidToken("encrypted tokens (JWE) are not accepted")
        if parts != 3:
            raise NotAJwt("not a compact JWS")
        try:
            header = dict(jws.extract_compact(token.encode()).protected)
        except JoseError as error:
            raise InvalidToken(f"malformed token: {error}") from error
        algorithm = header.get("alg")
        if not isinstance(algorithm, str) or algorithm not in self.rules.allowed_algorithms:
            raise InvalidToken(f"algorithm {algorithm!r} not allowed")
        if str(header.get("typ", "")).lower() not in ACCEPTED_TYPES:
            raise InvalidToken(f"token type {header.get('typ')!r} not accepted")
        if "crit" in header:
            raise InvalidToken("critical header parameters are not supported")
        return header

    def get_jwks(self) -> KeySet:
        """Authlib's hook: the provider's keys, as the key source holds them now."""
        return self.keys.jwks

    def authenticate_token(self, token_string: str) -> AccessTokenClaims:
        """The decoded token with its claim rules, not yet validated (see the module docstring)."""
        decoded = jwt.decode(token_string, self._key, registry=self.registry)
        options = {
            "iss": {"essential": True, "validate": self.validate_iss},
            "aud": {"essential": True, "value": self.resource_server},
            "exp": {"essential": True},
        }
        return AccessTokenClaims(decoded.claims, decoded.header, options)

    def _key(self, token: GuestProtocol) -> Key:
        """The verification key: the HS256 secret for HS256 only, else the JWKS key named by `kid`."""
        headers = token.headers()
        if headers["alg"] == HMAC_ALGORITHM:
            assert self.hmac_key is not None  # allowed_algorithms guarantees it
            return self.hmac_key
        return self.get_jwks().get_by_kid(headers.get("kid"))
