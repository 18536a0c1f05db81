"""Request limits: each refusal has its own code, and every response states its cost."""

from __future__ import annotations

import pytest

from tests.agency_flow import graphql
from tests.apps import client_for, http, static_key_app


async def test_every_response_states_its_cost_and_throttle(database) -> None:
    async with client_for(database) as client:
        result = await graphql(
            client, None, "{ serviceItems(first: 10) { edges { node { code region { name } } } } }"
        )
    assert result["extensions"]["cost"] == 1 + 10 * 1  # the connection, and a region per item
    assert result["extensions"]["throttle"]["remaining"] < result["extensions"]["throttle"]["capacity"]


@pytest.mark.parametrize(
    ("query", "settings"),
    [
        (
            "{ serviceItems(first: 100) { edges { node { versions { version } qualificationRequirements { qualificationType { code } } } } } }",
            {"max_cost": 500},
        ),
        (
            "{ regions(first: 1) { edges { node { parent { parent { parent { parent { code } } } } } } } }",
            {"max_depth": 5},
        ),
        (
            '{ a: serviceItem(code: "X") { code } b: serviceItem(code: "Y") { code } c: serviceItem(code: "Z") { code } }',
            {"max_aliases": 2},
        ),
        (
            '{ serviceItem(code: "X") @include(if: true) { code @skip(if: false) name @skip(if: false) } }',
            {"max_directives": 2},
        ),
    ],
    ids=["cost", "depth", "aliases", "directives"],
)
async def test_over_limit_operations_are_refused_before_running(database, query: str, settings: dict) -> None:
    async with client_for(database, **settings) as client:
        result = await graphql(client, None, query)
    assert result["data"] is None
    assert [error["extensions"]["code"] for error in result["errors"]] == ["QUERY_TOO_COMPLEX"]


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ('{ project(code: "XM\\u0000") { code } }', {}),
        ("query($code: String!) { project(code: $code) { code } }", {"code": "XM\x00"}),
        ("query($f: EventFilter) { events(filter: $f) { hasMore } }", {"f": {"regions": ["37\x000000"]}}),
    ],
    ids=["literal", "variable", "nested"],
)
async def test_text_with_a_nul_character_is_refused_at_the_edge(
    database, query: str, variables: dict
) -> None:
    """PostgreSQL cannot store NUL in text; it must never reach the database as an internal error."""
    async with client_for(database) as client:
        result = await graphql(client, None, query, variables)
    assert result["data"] is None
    assert [error["extensions"]["code"] for error in result["errors"]] == ["BAD_USER_INPUT"]


async def test_documents_over_the_token_limit_are_refused(database) -> None:
    query = "{ " + " ".join(f"a{n}: __typename" for n in range(200)) + " }"
    async with client_for(database, max_tokens=100) as client:
        response = await client.post("/graphql", json={"query": query})
    assert [error["extensions"]["code"] for error in response.json()["errors"]] == ["QUERY_TOO_COMPLEX"]


async def test_a_caller_spending_too_many_points_is_rate_limited(database) -> None:
    query = "{ serviceItems(first: 50) { edges { node { code region { name } } } } }"  # costs 51
    async with client_for(database, rate_capacity=120, rate_refill_per_second=1) as client:
        results = [await graphql(client, None, query) for _ in range(3)]
    assert "errors" not in results[0] and "errors" not in results[1]
    assert [error["extensions"]["code"] for error in results[2]["errors"]] == ["RATE_LIMITED"]
    assert results[2]["extensions"]["throttle"]["retryAfterSeconds"] >= 1


@pytest.mark.parametrize(
    ("demo", "policy", "signed_in", "allowed"),
    [
        (True, "off", False, True),
        (False, "authenticated", False, False),
        (False, "authenticated", True, True),
        (False, "off", True, False),
        (False, "on", False, True),
    ],
)
async def test_introspection_policy(database, test_issuer, demo, policy, signed_in, allowed) -> None:
    app = static_key_app(database, test_issuer, demo=demo, introspection=policy)
    token = test_issuer.token() if signed_in else None
    async with http(app) as client:
        result = await graphql(client, token, "{ __schema { queryType { name } } }")
        typename = await graphql(client, None, "{ __typename }")
    assert ("errors" not in result) is allowed
    if not allowed:
        assert result["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert typename["data"] == {"__typename": "Query"}


async def test_field_suggestions_only_in_demo_mode(database) -> None:
    for demo in (False, True):
        async with client_for(database, demo=demo) as client:
            result = await graphql(client, None, '{ serviceItem(code: "X") { nam } }')
        message = result["errors"][0]["message"]
        assert ("Did you mean" in message) is demo
