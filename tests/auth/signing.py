"""Signing test tokens, good and deliberately bad."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from typing import Any

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

AUDIENCE = "urn:zhongjie:api"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def unsigned(header: dict[str, Any], claims: dict[str, Any], signature: bytes = b"") -> str:
    return ".".join([b64(json.dumps(header).encode()), b64(json.dumps(claims).encode()), b64(signature)])


def hmac_signed(header: dict[str, Any], claims: dict[str, Any], secret: bytes) -> str:
    signing_input = ".".join([b64(json.dumps(header).encode()), b64(json.dumps(claims).encode())])
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(signature)}"


def standard_claims(issuer: str, **overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {
        "iss": issuer,
        "aud": AUDIENCE,
        "sub": f"test-{uuid.uuid4().hex[:12]}",
        "iat": now,
        "exp": now + 300,
        "roles": ["owner"],
    }
    claims.update(overrides)
    return {name: value for name, value in claims.items() if value is not None}


class TestIssuer:
    """An issuer whose key the API is configured to trust directly (no HTTP)."""

    __test__ = False  # not a pytest test class

    def __init__(self, issuer: str = "https://idp.zhongjie.test") -> None:
        self.issuer = issuer
        self.key = RSAKey.generate_key(2048, parameters={"alg": "RS256", "use": "sig"}, private=True)
        self.key.ensure_kid()

    @property
    def public_keys(self) -> KeySet:
        return KeySet([RSAKey.import_key(self.key.as_dict(private=False))])

    def token(self, **claims: Any) -> str:
        header = {"alg": "RS256", "typ": "at+jwt", "kid": self.key.kid}
        return jwt.encode(header, standard_claims(self.issuer, **claims), self.key)


def sign_with(key: RSAKey, claims: dict[str, Any], **header: Any) -> str:
    return jwt.encode({"alg": "RS256", "typ": "at+jwt", "kid": key.kid, **header}, claims, key)
