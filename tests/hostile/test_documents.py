"""Hostile documents through HTTP against a running server: each is costed for what it would do — through
fragments, `node`/`nodes` and introspection — and refused before validation when validating it alone would
take long; none stalls the server."""

from __future__ import annotations

import httpx
import pytest
from graphql import get_introspection_query

from tests.events.webhook_flow import partner_token, register
from tests.hostile import documents


@pytest.fixture
def signed_in(test_issuer) -> dict[str, str]:
    token = test_issuer.token(roles=["owner"], org_code="HOSTILE-DOCS", region="370100")
    return {"authorization": f"Bearer {token}"}


async def _send(client: httpx.AsyncClient, query: str, variables=None, headers=None) -> dict:
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    assert response.status_code == 200, response.text[:300]
    return response.json()


def _refusal(body: dict) -> str:
    assert body.get("data") is None, body
    [error] = body["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX", error
    return error["message"]


async def test_fragments_spreading_twice_are_costed_once_each(server) -> None:
    body = await _send(server, documents.spread_twice(24))
    assert "errors" not in body, body
    assert body["extensions"]["cost"] == 1  # one page of one region: the spreads merge into two fields


async def test_nested_fragments_spreading_twice_cost_their_true_figure(server) -> None:
    body = await _send(server, documents.spread_twice_nested(24))
    _refusal(body)
    assert body["extensions"]["cost"] > 10**20


@pytest.mark.parametrize("shape", ["under_node", "under_nodes", "under_regions"])
async def test_selections_under_node_cost_what_they_cost_through_regions(server, shape: str) -> None:
    body = await _send(server, getattr(documents, shape)(4))
    _refusal(body)
    assert body["extensions"]["cost"] > 10_000


async def test_node_costs_its_costliest_type(server) -> None:
    """Inline fragments on two types: the costlier one counts, not their sum and not the interface's."""
    region = "... on Region { children { parent { code } } }"
    agency = "... on Agency { qualifications { id } services { status } }"
    body = await _send(server, f'{{ node(id: "{documents.REGION_ID}") {{ id {region} {agency} }} }}')
    assert body["extensions"]["cost"] == 1 + (1 + 40 * 1)  # Region.children runs to 40; the agency's: 1 + 1


async def test_nodes_are_costed_by_the_ids_asked(server) -> None:
    ids = ", ".join(f'"{documents.REGION_ID}"' for _ in range(3))
    body = await _send(server, f"{{ nodes(ids: [{ids}]) {{ ... on Region {{ parent {{ code }} }} }} }}")
    assert body["extensions"]["cost"] == 1 + 3 * 1


@pytest.mark.parametrize("shape", ["aliased_introspection", "introspection_under_the_alias_limit"])
async def test_introspection_is_counted(server, signed_in, shape: str) -> None:
    body = await _send(server, getattr(documents, shape)(), headers=signed_in)
    _refusal(body)


async def test_one_full_introspection_is_answered(server, signed_in) -> None:
    body = await _send(server, get_introspection_query(descriptions=True), headers=signed_in)
    assert "errors" not in body, body["errors"][:1]
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"


@pytest.mark.parametrize(
    "shape", ["repeated_field", "repeated_through_fragments", "repeated_within_repeated"]
)
async def test_fields_validation_would_compare_pairwise_are_refused_before_validation(
    server, shape: str
) -> None:
    message = _refusal(await _send(server, getattr(documents, shape)()))
    assert "同名字段" in message


async def test_a_float_page_size_is_costed_as_the_page_it_is(server) -> None:
    as_float = await _send(server, documents.ITEMS_PAGE, {"first": 100.0})
    as_int = await _send(server, documents.ITEMS_PAGE, {"first": 100})
    assert as_float["extensions"]["cost"] == as_int["extensions"]["cost"] == 1 + 100 * 1


async def test_a_hostile_webhook_payload_document_is_refused(server, test_issuer) -> None:
    fragments = ["fragment F0 on Event { cursor type }"]
    fragments += [f"fragment F{i} on Event {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, 26)]
    nested = "subscription { events { ...F25 project { code } } }\n" + "\n".join(fragments)
    repeated = "subscription {{ events {{ {} }} }}".format(" ".join("project { code }" for _ in range(1000)))
    token = partner_token(test_issuer)
    for document in (nested, repeated):
        result = await register(
            server,
            token,
            url="https://1.1.1.1/hook",
            eventTypes=["project.result_announced"],
            document=document,
        )
        if document is nested:
            assert result["errors"] == [], result  # analysed in linear time, and harmless
        else:
            assert [e["code"] for e in result["errors"]] == ["INVALID"], result


async def test_of_several_operations_the_one_that_runs_is_costed(server) -> None:
    """Without operationName the first one runs (as strawberry does), so the first one is costed."""
    costly = f"query A {{ regions(first: 100) {{ edges {{ node {{ {documents.region_ladder(4)} }} }} }} }}"
    for operation_name in (None, "A"):
        response = await server.post(
            "/graphql", json={"query": costly + " query B { __typename }", "operationName": operation_name}
        )
        _refusal(response.json())
