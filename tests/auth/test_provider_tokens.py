"""Tokens from the real OIDC provider, and every way a token must be refused (over HTTP)."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from typing import Any

import pytest
from joserfc import jwe
from joserfc.jwk import RSAKey

from tests.apps import http, post, users_with_subject
from tests.auth.conftest import app_for_provider
from tests.auth.signing import hmac_signed, sign_with, standard_claims, unsigned
from tests.identity_provider import IdentityProvider, new_signing_key, start_provider
from zhongjie.models.database import Database

VIEWER = "{ viewer { roles regionCode sector scopes user { name } organisation { code name } } }"


async def test_a_provider_token_shows_the_viewer_and_provisions_once(
    provider_app, identity_provider: IdentityProvider, database: Database
) -> None:
    token = identity_provider.client_token("owner-client")
    async with http(provider_app) as client:
        first = (await post(client, VIEWER, token)).json()
        second = (await post(client, VIEWER, token)).json()
    viewer = first["data"]["viewer"]
    assert viewer["roles"] == ["OWNER"]
    assert viewer["regionCode"] == "370100"
    assert viewer["organisation"] == {"code": "91370100OWNER0001A", "name": "济南测试业主"}
    assert viewer["scopes"] == ["results:read"]
    assert second == first
    assert await users_with_subject(database, "owner-client") == 1


async def test_without_a_token_viewer_is_null_and_public_queries_work(provider_app) -> None:
    async with http(provider_app) as client:
        result = (await post(client, "{ viewer { roles } serviceItems(first: 2) { totalCount } }")).json()
    assert result["data"]["viewer"] is None
    assert result["data"]["serviceItems"]["totalCount"] > 0


async def test_claim_mapping_is_configuration(
    database: Database, identity_provider: IdentityProvider
) -> None:
    token = identity_provider.client_token("keycloak-style-client")
    overrides = {"oidc_claim_roles": "realm_access.roles", "oidc_role_aliases": {"zj-authority": "authority"}}
    async with app_for_provider(database, identity_provider, **overrides) as app, http(app) as client:
        viewer = (await post(client, VIEWER, token)).json()["data"]["viewer"]
    assert viewer["roles"] == ["AUTHORITY"]
    assert viewer["sector"] == "自然资源"


async def test_opaque_tokens_are_introspected(
    database: Database, identity_provider: IdentityProvider
) -> None:
    token = identity_provider.client_token("partner-opaque-client")
    assert token.count(".") == 0
    overrides = {
        "oidc_introspection_client_id": "operator-client",
        "oidc_introspection_client_secret": "operator-secret-0123456789",
    }
    async with app_for_provider(database, identity_provider, **overrides) as app, http(app) as client:
        viewer = (await post(client, VIEWER, token)).json()["data"]["viewer"]
        forged = await post(client, VIEWER, "opaque" + uuid.uuid4().hex)
    assert viewer["roles"] == ["PARTNER"]
    assert forged.status_code == 401


def _public_pem(key: RSAKey) -> bytes:
    public = RSAKey.import_key(key.as_dict(private=False))
    return public.as_pem(private=False)


def refused_token(provider: IdentityProvider, case: str) -> tuple[str, str]:
    """The token of `case`, one the API must refuse, and its subject."""
    key = provider.key
    made: dict[str, tuple[Any, dict[str, Any]]] = {}

    def add(name: str, make: Any, **claims: Any) -> None:
        made[name] = (make, standard_claims(provider.issuer, **claims))

    now = int(time.time())
    add("alg none", lambda c: unsigned({"alg": "none", "typ": "at+jwt"}, c))
    add(
        "HS256 with the RSA public key",
        lambda c: hmac_signed({"alg": "HS256", "typ": "at+jwt"}, c, _public_pem(key)),
    )
    add("wrong iss", lambda c: sign_with(key, c), iss="https://evil.example")
    add("wrong aud", lambda c: sign_with(key, c), aud="urn:someone:else")
    add("no exp", lambda c: sign_with(key, c), exp=None)
    add("expired beyond leeway", lambda c: sign_with(key, c), exp=now - 120, iat=now - 600)
    add("nbf in the future", lambda c: sign_with(key, c), nbf=now + 600)
    add("iat in the future", lambda c: sign_with(key, c), iat=now + 600)
    add("unknown kid", lambda c: sign_with(new_signing_key(), c))
    attacker = new_signing_key()
    add(
        "embedded jwk is ignored",
        lambda c: sign_with(attacker, c, kid=key.kid, jwk=attacker.as_dict(private=False)),
    )
    add("jku is ignored", lambda c: sign_with(attacker, c, jku="https://evil.example/jwks"))
    add("wrong typ", lambda c: sign_with(key, c, typ="id+jwt"))
    add(
        "five-part JWE",
        lambda c: jwe.encrypt_compact(
            {"alg": "RSA-OAEP", "enc": "A256GCM"},
            json.dumps(c),
            _encryption_key(key),
        ),
    )
    add("garbage", lambda c: "garbage-" + c["sub"])
    add("over 8 KB", lambda c: sign_with(key, {**c, "padding": "x" * 9000}))
    add("tampered payload", lambda c: _tamper(sign_with(key, c)))
    make, claims = made[case]
    return make(claims), claims["sub"]


def _encryption_key(key: RSAKey) -> RSAKey:
    public = {name: value for name, value in key.as_dict(private=False).items() if name not in {"use", "alg"}}
    return RSAKey.import_key(public)


def _tamper(token: str) -> str:
    header, payload, signature = token.split(".")
    return ".".join([header, payload[:-2] + ("A" if payload[-2] != "A" else "B") + payload[-1], signature])


@pytest.mark.parametrize(
    "case",
    [
        "alg none",
        "HS256 with the RSA public key",
        "wrong iss",
        "wrong aud",
        "no exp",
        "expired beyond leeway",
        "nbf in the future",
        "iat in the future",
        "unknown kid",
        "embedded jwk is ignored",
        "jku is ignored",
        "wrong typ",
        "five-part JWE",
        "garbage",
        "over 8 KB",
        "tampered payload",
    ],
)
async def test_refused_tokens_get_401_with_no_data_and_provision_nothing(
    provider_app, identity_provider: IdentityProvider, database: Database, case: str
) -> None:
    token, subject = refused_token(identity_provider, case)
    async with http(provider_app) as client:
        response = await post(client, VIEWER, token)
    assert response.status_code == 401, response.text
    body = response.json()
    assert "data" not in body
    assert [error["extensions"]["code"] for error in body["errors"]] == ["UNAUTHENTICATED"]
    assert await users_with_subject(database, subject) == 0


async def test_a_valid_token_in_the_url_is_refused(provider_app, identity_provider: IdentityProvider) -> None:
    token = identity_provider.client_token("owner-client")
    async with http(provider_app) as client:
        in_query = await client.get(
            "/graphql", params={"query": "{ viewer { roles } }", "access_token": token}
        )
        other_scheme = await client.post(
            "/graphql", json={"query": "{ viewer { roles } }"}, headers={"authorization": f"Basic {token}"}
        )
    assert in_query.status_code == other_scheme.status_code == 401
    assert "data" not in in_query.json()


async def test_messages_of_refusals_are_localised(provider_app) -> None:
    async with http(provider_app) as client:
        english = await client.post(
            "/graphql",
            json={"query": "{ viewer { roles } }"},
            headers={"authorization": "Bearer nope", "accept-language": "en"},
        )
    assert english.json()["errors"][0]["message"] == "The access token is invalid or expired; sign in again"
    assert english.headers["www-authenticate"].startswith("Bearer")


async def test_a_flood_of_random_kids_fetches_the_jwks_at_most_once_per_cooldown(
    provider_app, identity_provider: IdentityProvider
) -> None:
    valid = identity_provider.client_token("owner-client")
    async with http(provider_app) as client:
        assert (await post(client, VIEWER, valid)).status_code == 200
        keys = provider_app.state.authenticator.keys
        before = keys.fetch_count
        flood = [sign_with(new_signing_key(), standard_claims(identity_provider.issuer)) for _ in range(5)]
        responses = await asyncio.gather(*(post(client, VIEWER, flood[n % 5]) for n in range(60)))
    assert {response.status_code for response in responses} == {401}
    assert keys.fetch_count - before <= 1


async def test_key_rotation_at_the_provider_is_picked_up_without_restart(
    database: Database, tmp_path_factory: pytest.TempPathFactory
) -> None:
    provider = start_provider(tmp_path_factory.mktemp("rotating-oidc"))
    try:
        async with (
            app_for_provider(database, provider, oidc_jwks_cooldown_seconds=0.2) as app,
            http(app) as client,
        ):
            old_token = provider.client_token("owner-client")
            assert (await post(client, VIEWER, old_token)).status_code == 200
            provider.rotate()
            await asyncio.sleep(0.3)
            new_token = provider.client_token("owner-client")
            assert (await post(client, VIEWER, new_token)).status_code == 200
            assert (await post(client, VIEWER, old_token)).status_code == 401  # retired key dropped
    finally:
        provider.stop()
