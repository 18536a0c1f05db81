"""From a request's credentials to a `Principal`.

A bearer token comes in the `Authorization` header (HTTP) or the `connection_init`
payload (WebSocket), never in the URL. No token: the anonymous public. A token that
fails any check: `Unauthenticated`, and nothing is provisioned.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx
from joserfc.jwk import KeySet

from zhongjie.auth.claims import ClaimMapping
from zhongjie.auth.introspection import Introspector
from zhongjie.auth.keys import KeySource, RemoteJwks, StaticKeys
from zhongjie.auth.principal import ANONYMOUS, Principal
from zhongjie.auth.provisioning import Provisioner
from zhongjie.auth.tokens import InvalidToken, JwtValidator, NotAJwt, TokenRules
from zhongjie.base.errors import DomainError, ErrorCode
from zhongjie.base.settings import Settings
from zhongjie.models.database import Database

logger = logging.getLogger("zhongjie.auth")

QUERY_TOKEN_PARAMETERS = ("access_token", "token", "id_token")


class Unauthenticated(DomainError):
    code = ErrorCode.UNAUTHENTICATED


class Authenticator:
    def __init__(
        self,
        validator: JwtValidator | None,
        introspector: Introspector | None,
        mapping: ClaimMapping,
        provisioner: Provisioner,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        self.validator = validator
        self.introspector = introspector
        self.mapping = mapping
        self.provisioner = provisioner
        self.http = http

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        database: Database,
        *,
        issuer: str | None = None,
        static_keys: KeySet | None = None,
        now: Callable[[], float] = time.time,
    ) -> Authenticator:
        """The authenticator for the configured provider, or for `issuer` with `static_keys` (demo)."""
        mapping = ClaimMapping(
            roles=settings.oidc_claim_roles,
            organisation_code=settings.oidc_claim_organisation_code,
            organisation_name=settings.oidc_claim_organisation_name,
            organisation_phone=settings.oidc_claim_organisation_phone,
            region=settings.oidc_claim_region,
            sector=settings.oidc_claim_sector,
            scopes=settings.oidc_claim_scopes,
            name=settings.oidc_claim_name,
            email=settings.oidc_claim_email,
            phone=settings.oidc_claim_phone,
            role_aliases=settings.oidc_role_aliases,
        )
        provisioner = Provisioner(database)
        issuer = issuer or settings.oidc_issuer
        if issuer is None:
            return cls(None, None, mapping, provisioner)
        rules = TokenRules(
            issuer=issuer.rstrip("/"),
            audience=settings.oidc_audience,
            algorithms=frozenset(settings.oidc_algorithms),
            max_bytes=settings.oidc_max_token_bytes,
            leeway_seconds=settings.oidc_leeway_seconds,
            hmac_secret=settings.oidc_hmac_secret.get_secret_value() if settings.oidc_hmac_secret else None,
        )
        if static_keys is not None:
            return cls(JwtValidator(rules, StaticKeys(static_keys), now), None, mapping, provisioner)
        http = httpx.AsyncClient(timeout=settings.oidc_http_timeout_seconds, follow_redirects=False)
        remote = RemoteJwks(
            http,
            rules.issuer,
            cooldown=settings.oidc_jwks_cooldown_seconds,
            max_age=settings.oidc_jwks_max_age_seconds,
        )
        introspector = None
        if settings.oidc_introspection_client_id and settings.oidc_introspection_client_secret:
            secret = settings.oidc_introspection_client_secret.get_secret_value()
            introspector = Introspector(remote, settings.oidc_introspection_client_id, secret, rules, now)
        return cls(JwtValidator(rules, remote, now), introspector, mapping, provisioner, http)

    @property
    def keys(self) -> KeySource | None:
        return self.validator.keys if self.validator else None

    async def authenticate(self, token: str | None) -> Principal:
        if token is None:
            return ANONYMOUS
        try:
            claims = await self._claims(token)
            identity = self.mapping.identity(claims)
        except (InvalidToken, ValueError) as error:
            logger.info("token refused: %.200s", error)
            raise Unauthenticated("invalid_token") from error
        provisioned = await self.provisioner.provision(identity)
        return Principal(
            user_id=provisioned.user_id,
            subject=identity.subject,
            issuer=identity.issuer,
            name=identity.name,
            organisation_id=provisioned.organisation_id,
            organisation_code=identity.organisation_code,
            roles=identity.roles,
            region_code=identity.region_code,
            sector=identity.sector,
            scopes=identity.scopes,
            expires_at=identity.expires_at,
        )

    async def _claims(self, token: str) -> dict[str, Any]:
        if self.validator is None:
            raise InvalidToken("no identity provider is configured")
        try:
            return await self.validator.validate(token)
        except NotAJwt:
            if self.introspector is None:
                raise
            return await self.introspector.claims(token)

    async def close(self) -> None:
        if self.http is not None:
            await self.http.aclose()


def bearer_token(headers: Mapping[str, str], query: Mapping[str, str] | None = None) -> str | None:
    """The bearer token of a request; `Unauthenticated` for a token in the URL or another scheme."""
    if query is not None and any(name in query for name in QUERY_TOKEN_PARAMETERS):
        raise Unauthenticated("token_in_url")
    value = next((v for k, v in headers.items() if k.lower() == "authorization"), None)
    if value is None:
        return None
    scheme, _, token = str(value).strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("unsupported_authorization")
    return token.strip()
