"""Property-based fuzzing of the whole schema (hypothesis-graphql): whatever valid document a caller sends,
anonymous or signed in, the API answers without a 500 and without an INTERNAL error."""

from __future__ import annotations

import json

import hypothesis_graphql
import pytest
from graphql import StringValueNode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.apps import http, static_key_app
from zhongjie.schema.api import schema

SDL = schema.as_str()


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


@pytest.mark.parametrize("kind", sorted(DOCUMENTS))
async def test_no_document_causes_a_server_error(database, test_issuer, kind: str) -> None:
    tokens = [
        None,
        test_issuer.token(roles=["operator"], org_code="FUZZ-OPERATOR", region="370000"),
        test_issuer.token(roles=["owner"], org_code="FUZZ-OWNER", region="370100"),
        test_issuer.token(roles=["agency_admin"], org_code="FUZZ-AGENCY", region="370100"),
        test_issuer.token(roles=["authority"], org_code="FUZZ-AUTHORITY", region="370100", sector="自然资源"),
    ]
    documents: list[tuple[str, str | None]] = []

    @settings(max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(DOCUMENTS[kind], st.sampled_from(tokens))
    def collect(document: str, token: str | None) -> None:
        documents.append((document, token))

    collect()
    failures = []
    async with http(static_key_app(database, test_issuer)) as client:
        for document, token in documents:
            headers = {"content-type": "application/json"}
            if token:
                headers["authorization"] = f"Bearer {token}"
            response = await client.post("/graphql", content=json.dumps({"query": document}), headers=headers)
            errors = response.json().get("errors", []) if response.status_code < 500 else []
            if response.status_code >= 500 or any(
                e.get("extensions", {}).get("code") == "INTERNAL" for e in errors
            ):
                failures.append((document, response.status_code, errors[:1]))
    assert failures == []
