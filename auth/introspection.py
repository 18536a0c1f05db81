"""RFC 7662 token introspection for opaque access tokens.

The endpoint comes from the provider's discovery document (checked by Authlib's metadata
model). The request and the checks of the answer are ours: Authlib's `IntrospectTokenValidator`
fetches synchronously and checks only a truthy `active` and the scope, and its httpx client
works only through a deprecated fallback (see the README's identity section).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from zhongjie.auth.keys import KeySourceError, RemoteJwks
from zhongjie.auth.tokens import InvalidToken, TokenRules


class Introspector:
    def __init__(
        self,
        provider: RemoteJwks,
        client_id: str,
        client_secret: str,
        rules: TokenRules,
        now: Callable[[], float],
    ) -> None:
        self.provider = provider
        self.credentials = httpx.BasicAuth(client_id, client_secret)
        self.rules = rules
        self.now = now

    async def claims(self, token: str) -> dict[str, Any]:
        if len(token.encode()) > self.rules.max_bytes:
            raise InvalidToken("token larger than the size cap")
        try:
            endpoint = await self.provider.introspection_endpoint()
            if not endpoint:
                raise InvalidToken("the provider offers no introspection endpoint")
            response = await self.provider.http.post(
                endpoint,
                data={"token": token, "token_type_hint": "access_token"},
                auth=self.credentials,
            )
            response.raise_for_status()
            claims = response.json()
        except (httpx.HTTPError, ValueError, KeySourceError) as error:
            raise InvalidToken(f"introspection failed: {error}") from error
        return self._checked(claims)

    def _checked(self, claims: Any) -> dict[str, Any]:
        if not isinstance(claims, dict) or claims.get("active") is not True:
            raise InvalidToken("token is not active")
        if claims.get("iss", self.rules.issuer) != self.rules.issuer:
            raise InvalidToken("wrong issuer")
        audience = claims.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.rules.audience not in audiences:
            raise InvalidToken("wrong audience")
        expires = claims.get("exp")
        if not isinstance(expires, int | float) or expires <= self.now() - self.rules.leeway_seconds:
            raise InvalidToken("expired or without expiry")
        return claims
