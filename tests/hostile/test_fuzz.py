"""Property-based fuzzing of the whole schema (hypothesis-graphql) through HTTP against a running server:
whatever valid document a caller of any role sends, queries and mutations, the API answers without a 500
and without an INTERNAL error.

`ZHONGJIE_FUZZ_EXAMPLES` sets the documents per kind (default: a CI-sized 150); the README's *Tests*
section gives the long run and its figures.
"""

from __future__ import annotations

import json
import os
from collections import Counter

import httpx
import hypothesis_graphql
import pytest
from graphql import StringValueNode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.apps import served, static_key_app
from zhongjie.auth.principal import Role
from zhongjie.schema.api import schema

SDL = schema.as_str()
EXAMPLES = int(os.environ.get("ZHONGJIE_FUZZ_EXAMPLES", "150"))


def _as_string(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[StringValueNode]:
    return strategy.map(lambda value: StringValueNode(value=value))


CUSTOM_SCALARS = {
    "Date": _as_string(st.dates().map(str) | st.text(max_size=12)),
    "DateTime": _as_string(st.datetimes().map(lambda moment: moment.isoformat()) | st.text(max_size=12)),
    "Decimal": _as_string(st.decimals(allow_nan=True, allow_infinity=True).map(str) | st.text(max_size=8)),
    "JSON": _as_string(st.text(max_size=5)),
}
DOCUMENTS = {
    "query": hypothesis_graphql.queries(SDL, custom_scalars=CUSTOM_SCALARS),
    "mutation": hypothesis_graphql.mutations(SDL, custom_scalars=CUSTOM_SCALARS),
}


CALLERS = {
    None: None,  # anonymous
    Role.OPERATOR: {"org_code": "FUZZ-OPERATOR", "region": "370000"},
    Role.OWNER: {"org_code": "FUZZ-OWNER", "region": "370100"},
    Role.AGENCY: {"org_code": "FUZZ-AGENCY", "region": "370100"},
    Role.AGENCY_ADMIN: {"org_code": "FUZZ-AGENCY", "region": "370100"},
    Role.AUTHORITY: {"org_code": "FUZZ-AUTHORITY", "region": "370100", "sector": "自然资源"},
    Role.PARTNER: {"org_code": "FUZZ-PARTNER", "scope": "results:read"},
}


def _token(issuer, role: Role | None) -> str | None:
    """A fresh token of `role` (a long run outlasts any one token)."""
    return None if role is None else issuer.token(roles=[role.value], **CALLERS[role])


def _documents(kind: str) -> list[tuple[str, Role | None]]:
    documents: list[tuple[str, Role | None]] = []

    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(DOCUMENTS[kind], st.sampled_from(list(CALLERS)))
    def collect(document: str, role: Role | None) -> None:
        documents.append((document, role))

    collect()
    return documents


def test_every_role_has_a_fuzzing_caller() -> None:
    assert set(CALLERS) == {None, *Role}


@pytest.mark.parametrize("kind", sorted(DOCUMENTS))
async def test_no_document_causes_a_server_error(database, test_issuer, kind: str) -> None:
    documents = _documents(kind)
    failures, outcomes = [], Counter()
    async with served(static_key_app(database, test_issuer)) as address:
        async with httpx.AsyncClient(base_url=f"http://{address}", timeout=60) as client:
            for document, role in documents:
                headers = {"content-type": "application/json"}
                token = _token(test_issuer, role)
                if token:
                    headers["authorization"] = f"Bearer {token}"
                response = await client.post(
                    "/graphql", content=json.dumps({"query": document}), headers=headers
                )
                body = response.json() if response.status_code < 500 else {}
                errors = body.get("errors", [])
                outcomes["root fields answered"] += sum(
                    v is not None for v in (body.get("data") or {}).values()
                )
                codes = {e.get("extensions", {}).get("code") for e in errors} or {"ok"}
                outcomes.update(codes | {f"HTTP {response.status_code}"})
                if response.status_code >= 500 or "INTERNAL" in codes or None in codes:
                    failures.append((document, token is not None, response.status_code, errors[:1]))
    print(f"\n{kind}: {len(documents)} documents, outcomes {dict(sorted(outcomes.items()))}")
    assert failures == []
