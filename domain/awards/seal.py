"""The platform's electronic seal (电子印章): Ed25519 keys, compact JWS signatures and the published key set.

Letters are signed with the newest active key. Rotating retires it (no new signatures) but keeps its public
half published at `/.well-known/jwks.json`, so every letter ever issued still verifies offline.
"""

from __future__ import annotations

import base64
import uuid
from datetime import datetime
from typing import Any

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, KeySetSerialization, OKPKey
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.models import SealKey

ALGORITHM = "Ed25519"  # fully specified (RFC 9864)
LETTER_MEDIA_TYPE = "zhongjie-letter+jws"


class SignatureInvalid(Exception):
    """The signature does not verify against the published keys, or is not in canonical form."""


def _new_key(now: datetime) -> SealKey:
    kid = f"seal-{now:%Y%m%d}-{uuid.uuid4().hex[:8]}"
    key = OKPKey.generate_key("Ed25519", parameters={"kid": kid, "use": "sig", "alg": ALGORITHM})
    return SealKey(
        kid=kid, private_jwk=key.as_dict(private=True), public_jwk=key.as_dict(private=False), created_at=now
    )


async def signing_key(session: AsyncSession, now: datetime) -> SealKey:
    """The newest active key; the first one is made on first use."""
    key = await session.scalar(
        select(SealKey).where(SealKey.retired_at.is_(None)).order_by(SealKey.created_at.desc()).limit(1)
    )
    if key is None:
        key = _new_key(now)
        session.add(key)
        await session.flush()
    return key


async def rotate(session: AsyncSession, now: datetime) -> SealKey:
    """Retire the active keys and start signing with a new one."""
    await session.execute(update(SealKey).where(SealKey.retired_at.is_(None)).values(retired_at=now))
    key = _new_key(now)
    session.add(key)
    await session.flush()
    return key


async def published_keys(session: AsyncSession) -> dict[str, Any]:
    """The JWKS of every key that ever signed: what verifiers need, offline."""
    keys = await session.scalars(select(SealKey).order_by(SealKey.created_at))
    return {"keys": [key.public_jwk for key in keys]}


def sign(key: SealKey, payload: bytes) -> str:
    protected = {"alg": ALGORITHM, "kid": key.kid, "typ": LETTER_MEDIA_TYPE}
    return jws.serialize_compact(
        protected, payload, OKPKey.import_key(key.private_jwk), algorithms=[ALGORITHM]
    )


def _canonical_base64(part: str) -> bool:
    """Base64url without padding, re-encoding to itself (no altered unused bits)."""
    try:
        decoded = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    except ValueError:
        return False
    return base64.urlsafe_b64encode(decoded).decode().rstrip("=") == part


def verify(token: str, jwks: KeySetSerialization) -> bytes:
    """The signed payload, if `token` is a canonical compact JWS by one of `jwks`' keys."""
    parts = token.split(".")
    if len(parts) != 3 or not all(_canonical_base64(part) for part in parts):
        raise SignatureInvalid("not a canonical compact JWS")
    try:
        verified = jws.deserialize_compact(token, KeySet.import_key_set(jwks), algorithms=[ALGORITHM])
    except (JoseError, ValueError, KeyError, TypeError) as error:
        raise SignatureInvalid(str(error) or type(error).__name__) from error
    return verified.payload
