"""Every connection of `Query` pages in every order it offers: the second page, asked for after the first
page's end cursor, answers without an error (a cursor holds each sort value: times, codes, amounts)."""

from __future__ import annotations

from typing import Any

import httpx
from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLNonNull, get_named_type

from tests.apps import served, static_key_app
from zhongjie.schema.api import schema


def _orders(argument: Any) -> list[str]:
    """The `orderBy` literals an argument admits, or one empty order when it has none."""
    if argument is None:
        return [""]
    order = get_named_type(argument.type)
    assert isinstance(order, GraphQLInputObjectType)
    fields = get_named_type(order.fields["field"].type)
    directions = get_named_type(order.fields["direction"].type)
    assert isinstance(fields, GraphQLEnumType) and isinstance(directions, GraphQLEnumType)
    return [
        f", orderBy: {{field: {field}, direction: {direction}}}"
        for field in fields.values
        for direction in directions.values
    ]


def _connections() -> list[tuple[str, str]]:
    cases = []
    for name, field in schema._schema.query_type.fields.items():
        if not get_named_type(field.type).name.endswith("Connection"):
            continue
        if any(isinstance(a.type, GraphQLNonNull) and a.default_value is None for a in field.args.values()):
            continue  # needs an argument this walk cannot invent
        cases += [(name, order) for order in _orders(field.args.get("orderBy"))]
    return cases


CASES = _connections()


def test_the_walk_finds_the_ordered_connections() -> None:
    assert ("projects", ", orderBy: {field: BUDGET, direction: DESC}") in CASES


async def test_every_connection_pages_in_every_order(database, test_issuer) -> None:
    operator = test_issuer.token(roles=["operator"], org_code="PAGING-OPERATOR", region="370000")
    failures = []
    async with served(static_key_app(database, test_issuer)) as address:
        async with httpx.AsyncClient(base_url=f"http://{address}", timeout=30) as client:
            for name, order in CASES:
                pages = []
                after = ""
                for _ in range(2):
                    query = f"{{ {name}(first: 1{order}{after}) {{ totalCount pageInfo {{ endCursor hasNextPage }} }} }}"
                    body = (
                        await client.post(
                            "/graphql", json={"query": query}, headers={"authorization": f"Bearer {operator}"}
                        )
                    ).json()
                    if body.get("errors"):
                        failures.append((name, order, body["errors"][0]))
                        break
                    page = body["data"][name]["pageInfo"]
                    pages.append(page)
                    if not page["hasNextPage"]:
                        break
                    after = f', after: "{page["endCursor"]}"'
    assert failures == []
