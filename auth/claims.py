"""Where our facts are found in a provider's claims: configuration, not code.

A Keycloak-style provider keeps roles at `realm_access.roles`; a custom one may use
`roles` or a space-separated string. Values are checked and cut to size here, so a
provider's odd claim cannot reach the database unchecked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from zhongjie.auth.principal import Role
from zhongjie.base.regions import REGION_CODE

ORGANISATION_CODE = re.compile(r"^[0-9A-Za-z_-]{1,64}$")


@dataclass(frozen=True)
class TokenIdentity:
    """What a validated token says about its bearer."""

    issuer: str
    subject: str
    name: str | None
    email: str | None
    phone: str | None
    organisation_code: str | None
    organisation_name: str | None
    organisation_phone: str | None
    roles: frozenset[Role]
    region_code: str | None
    sector: str | None
    scopes: frozenset[str]
    expires_at: datetime | None


@dataclass(frozen=True)
class ClaimMapping:
    roles: str = "roles"
    organisation_code: str = "org_code"
    organisation_name: str = "org_name"
    organisation_phone: str = "org_phone"
    region: str = "region"
    sector: str = "sector"
    scopes: str = "scope"
    name: str = "name"
    email: str = "email"
    phone: str = "phone_number"
    role_aliases: Mapping[str, str] | None = None

    def identity(self, claims: Mapping[str, Any]) -> TokenIdentity:
        subject = _text(claims.get("sub"), 255) or _text(claims.get("client_id"), 255)
        if not subject:
            raise ValueError("token names no subject")
        code = _text(_lookup(claims, self.organisation_code), 64)
        region = _text(_lookup(claims, self.region), 6)
        exp = claims.get("exp")
        return TokenIdentity(
            issuer=_text(claims.get("iss"), 255) or "",
            subject=subject,
            name=_text(_lookup(claims, self.name), 100),
            email=_text(_lookup(claims, self.email), 254),
            phone=_text(_lookup(claims, self.phone), 32),
            organisation_code=code if code and ORGANISATION_CODE.fullmatch(code) else None,
            organisation_name=_text(_lookup(claims, self.organisation_name), 200),
            organisation_phone=_text(_lookup(claims, self.organisation_phone), 32),
            roles=self._roles(_lookup(claims, self.roles)),
            region_code=region if region and REGION_CODE.fullmatch(region) else None,
            sector=_text(_lookup(claims, self.sector), 64),
            scopes=frozenset(scope[:64] for scope in _words(_lookup(claims, self.scopes))),
            expires_at=datetime.fromtimestamp(exp, UTC) if isinstance(exp, int | float) else None,
        )

    def _roles(self, value: Any) -> frozenset[Role]:
        aliases = self.role_aliases or {}
        roles = set()
        for word in _words(value):
            name = aliases.get(word, word)
            if name in Role._value2member_map_:
                roles.add(Role(name))
        return frozenset(roles)


def _lookup(claims: Mapping[str, Any], path: str) -> Any:
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _text(value: Any, limit: int) -> str | None:
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None
    text = str(value).strip()
    return text[:limit] if text else None


def _words(value: Any) -> list[str]:
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []
