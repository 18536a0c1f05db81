"""Opaque global IDs (Relay): `Type:key`, base64url without padding.

Both the schema (which shows them) and the resolvers (which look objects up by them) need them,
so they live below both.
"""

from __future__ import annotations

import base64
import binascii

from zhongjie.base.errors import BadInput, RuleViolation, UserErrorCode


def encode_global_id(type_name: str, key: object) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{key}".encode()).decode().rstrip("=")


def decode_global_id(global_id: str) -> tuple[str, str]:
    """`(type name, key)` of an ID made by `encode_global_id`; `BadInput` if it is not one."""
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        type_name, separator, key = base64.urlsafe_b64decode(padded.encode("ascii")).decode().partition(":")
    except (UnicodeError, ValueError, binascii.Error):
        type_name, separator, key = "", "", ""
    if not (separator and type_name.isidentifier() and key):
        raise BadInput("malformed_global_id", field="id", value=global_id[:64])
    return type_name, key


def key_of(global_id: str, type_name: str, field: str) -> int:
    """The database key of a global ID of `type_name`; an ID of another type refers to nothing."""
    decoded_type, key = decode_global_id(global_id)
    if decoded_type != type_name or not key.isdigit() or len(key) > 18:
        raise RuleViolation(UserErrorCode.NOT_FOUND, "record_not_found", field=field)
    return int(key)
