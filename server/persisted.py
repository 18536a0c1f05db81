"""Persisted queries: automatic persisted queries (APQ) by SHA-256, or trusted documents only.

APQ (`ZHONGJIE_PERSISTED_QUERIES=apq`, the default): a client may send only
`extensions.persistedQuery.sha256Hash`; an unknown hash answers PERSISTED_QUERY_NOT_FOUND and the
client sends the document with its hash once, which is checked and remembered.

Trusted documents (`trusted`, for production front-ends): only documents registered in the file
`ZHONGJIE_TRUSTED_DOCUMENTS` (a JSON object of SHA-256 hex → document, as front-end build tools emit)
run, whether named by hash or sent in full; anything else is refused. `off` ignores the extension.
In every mode, the operations of the trusted documents are the only ones the metrics name.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from dataclasses import replace
from pathlib import Path
from typing import Any

from strawberry.http import GraphQLRequestData

APQ_CACHE_SIZE = 10_000


class PersistedQueryRefused(Exception):
    def __init__(self, code: str, message_key: str) -> None:
        super().__init__(message_key)
        self.code = code
        self.message_key = message_key


def _is_version_one(value: object) -> bool:
    return type(value) is int and value == 1  # not True, not 1.0


def _is_sha256(value: object) -> bool:
    return isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdefABCDEF" for c in value)


def sha256(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


class PersistedQueries:
    def __init__(self, mode: str, trusted_file: Path | None) -> None:
        self.mode = mode
        self.remembered: OrderedDict[str, str] = OrderedDict()
        self.trusted: dict[str, str] = {}
        if mode == "trusted" and trusted_file is None:
            raise ValueError("trusted-documents mode needs ZHONGJIE_TRUSTED_DOCUMENTS")
        if trusted_file is not None:  # in any mode, their operations are named in the metrics
            self.trusted = {
                str(k).lower(): str(v) for k, v in json.loads(trusted_file.read_text("utf-8")).items()
            }
        self.trusted_texts = frozenset(self.trusted.values())

    def resolve(self, data: GraphQLRequestData) -> GraphQLRequestData:
        """The request with its document filled in, or `PersistedQueryRefused`."""
        persisted: Any = (data.extensions or {}).get("persistedQuery")
        if self.mode == "off":
            return data
        if persisted is not None and not isinstance(persisted, dict):
            raise PersistedQueryRefused("BAD_USER_INPUT", "persisted_query_invalid")
        given: dict[str, Any] = persisted or {}
        wanted = given.get("sha256Hash")
        if wanted is not None and not (_is_sha256(wanted) and _is_version_one(given.get("version"))):
            raise PersistedQueryRefused("BAD_USER_INPUT", "persisted_query_invalid")
        if self.mode == "trusted":
            return self._trusted(data, wanted)
        if wanted is None:
            return data
        wanted = wanted.lower()
        if data.query is None:
            document = self.remembered.get(wanted)
            if document is None:
                raise PersistedQueryRefused("PERSISTED_QUERY_NOT_FOUND", "persisted_query_not_found")
            self.remembered.move_to_end(wanted)
            return replace(data, query=document)
        if sha256(data.query) != wanted:
            raise PersistedQueryRefused("BAD_USER_INPUT", "persisted_query_hash_mismatch")
        self.remembered[wanted] = data.query
        if len(self.remembered) > APQ_CACHE_SIZE:
            self.remembered.popitem(last=False)
        return data

    def _trusted(self, data: GraphQLRequestData, wanted: str | None) -> GraphQLRequestData:
        key = (wanted or (sha256(data.query) if data.query is not None else "")).lower()
        document = self.trusted.get(key)
        if document is None or (data.query is not None and data.query != document):
            raise PersistedQueryRefused("FORBIDDEN", "untrusted_document")
        return replace(data, query=document)
