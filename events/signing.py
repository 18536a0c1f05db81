"""Standard Webhooks signatures: `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>`.

The signature is HMAC-SHA256 over `id.timestamp.body` with the secret's key bytes (the
base64 after `whsec_`). A rotation retires the current secret rather than dropping it: every
secret retired within the grace period keeps signing until its own grace ends, beside the
new one, space-separated (the scheme allows several `v1,` signatures), so a receiver holding
any of them verifies, however often the secret was rotated meanwhile.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import datetime

SECRET_PREFIX = "whsec_"  # noqa: S105 - the scheme's prefix, not a secret
SECRET_BYTES = 32

RetiredSecrets = list[dict[str, str]]  # [{"secret": "whsec_…", "expiresAt": ISO 8601}], newest first


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def signature(secret: str, message_id: str, timestamp: int, body: str) -> str:
    signed = f"{message_id}.{timestamp}.{body}".encode()
    return "v1," + base64.b64encode(hmac.new(_key(secret), signed, hashlib.sha256).digest()).decode()


def signed_headers(active_secrets: list[str], message_id: str, timestamp: int, body: str) -> dict[str, str]:
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(
            signature(secret, message_id, timestamp, body) for secret in active_secrets
        ),
    }


def grace_end(entry: dict[str, str]) -> datetime:
    return datetime.fromisoformat(entry["expiresAt"])


def still_signing(retired: RetiredSecrets, now: datetime) -> RetiredSecrets:
    """The retired secrets whose grace has not ended at `now`, newest first."""
    return [entry for entry in retired if grace_end(entry) > now]


def signing_secrets(current: str, retired: RetiredSecrets, now: datetime) -> tuple[str, ...]:
    """Every secret that signs at `now`: the current one, then the retired ones still in their grace."""
    return (current, *(entry["secret"] for entry in still_signing(retired, now)))


def retire(current: str, retired: RetiredSecrets, ends: datetime, now: datetime) -> RetiredSecrets:
    """`retired` after `current` is replaced: it signs until `ends`; the ended ones are pruned."""
    return [{"secret": current, "expiresAt": ends.isoformat()}, *still_signing(retired, now)]
