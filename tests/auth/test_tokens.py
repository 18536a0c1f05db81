"""The validator on its own: what our rules accept where Authlib's RFC 9068 defaults would not."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import ECKey, Key, KeySet, OKPKey, RSAKey

from tests.auth.signing import AUDIENCE, b64, standard_claims
from zhongjie.auth.keys import StaticKeys
from zhongjie.auth.tokens import InvalidToken, JwtValidator, TokenRules

ISSUER = "https://idp.zhongjie.test"
KEYS: dict[str, Key] = {
    "RS256": RSAKey.generate_key(2048, private=True),
    "PS256": RSAKey.generate_key(2048, private=True),
    "ES256": ECKey.generate_key("P-256", private=True),
    "EdDSA": OKPKey.generate_key("Ed25519", private=True),
}
for _key in KEYS.values():
    _key.ensure_kid()


def validator(leeway: int = 30) -> JwtValidator:
    public = KeySet([type(key).import_key(key.as_dict(private=False)) for key in KEYS.values()])
    rules = TokenRules(ISSUER, AUDIENCE, frozenset(KEYS), max_bytes=8192, leeway_seconds=leeway)
    return JwtValidator(rules, StaticKeys(public), time.time)


def signed(algorithm: str = "RS256", typ: str | None = "at+jwt", **claims: Any) -> str:
    key = KEYS[algorithm]
    header = {"alg": algorithm, "kid": key.kid, **({"typ": typ} if typ else {})}
    token = jwt.encode(header, standard_claims(ISSUER, **claims), key, algorithms=[algorithm])
    if typ is None:  # joserfc adds `typ: JWT` to a header without one
        _, payload, signature = token.split(".")
        token = ".".join([b64(json.dumps(header).encode()), payload, signature])
    return token


@pytest.mark.parametrize("algorithm", sorted(KEYS))
async def test_every_allowed_algorithm_is_accepted(algorithm: str) -> None:
    """Authlib's own decoding allows only joserfc's defaults (HS256, RS256, ES256)."""
    assert (await validator().validate(signed(algorithm)))["iss"] == ISSUER


@pytest.mark.parametrize("typ", ["at+jwt", "application/at+jwt", "JWT"])
async def test_accepted_types(typ: str) -> None:
    """`JWT` as Keycloak-style providers send it; Authlib's RFC 9068 rule refuses it."""
    assert await validator().validate(signed(typ=typ))


async def test_a_missing_typ_is_refused() -> None:
    """Authlib's RFC 9068 rule lets it pass."""
    with pytest.raises(InvalidToken):
        await validator().validate(signed(typ=None))


async def test_client_id_and_jti_are_not_required() -> None:
    """RFC 9068 (and Authlib) require them; the identity system's tokens may lack them."""
    claims = await validator().validate(signed())
    assert "client_id" not in claims and "jti" not in claims


async def test_expiry_within_the_leeway_is_accepted_and_beyond_it_refused() -> None:
    """Authlib's `validate_token` validates with no leeway."""
    now = int(time.time())
    assert await validator(leeway=30).validate(signed(exp=now - 20, iat=now - 300))
    with pytest.raises(InvalidToken):
        await validator(leeway=30).validate(signed(exp=now - 40, iat=now - 300))


@pytest.mark.parametrize("header", [{"alg": ["RS256"], "typ": "at+jwt"}, {"alg": "RS256", "typ": ["at+jwt"]}])
async def test_odd_header_values_are_refused(header: dict[str, Any]) -> None:
    token = ".".join([b64(json.dumps(header).encode()), b64(b"{}"), b64(b"sig")])
    with pytest.raises(InvalidToken):
        await validator().validate(token)
