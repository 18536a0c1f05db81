"""Global IDs: `node(id:)` and `nodes(ids:)` for every node type."""

from __future__ import annotations

import base64

import pytest


async def test_every_node_type_round_trips(gql) -> None:
    data = await gql.data(
        '{ serviceItem(code: "ZJ-QX-002") { id administrativeMatters { id } region { id } } }'
    )
    item = data["serviceItem"]
    ids = [item["id"], item["administrativeMatters"][0]["id"], item["region"]["id"]]
    resolved = await gql.data(
        """query($ids: [ID!]!) { nodes(ids: $ids) { __typename id
             ... on ServiceItem { code } ... on AdministrativeMatter { code } ... on Region { code } } }""",
        {"ids": ids},
    )
    assert [(n["__typename"], n["code"]) for n in resolved["nodes"]] == [
        ("ServiceItem", "ZJ-QX-002"),
        ("AdministrativeMatter", "370000-XK-0602"),
        ("Region", "370000"),
    ]
    assert [n["id"] for n in resolved["nodes"]] == ids
    single = await gql.data("query($id: ID!) { node(id: $id) { id } }", {"id": ids[0]})
    assert single["node"]["id"] == ids[0]


def _id(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


async def test_a_well_formed_id_of_nothing_is_null(gql) -> None:
    data = await gql.data(
        "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
        {"ids": [_id("ServiceItem:999999"), _id("Region:999999")]},
    )
    assert data["nodes"] == [None, None]


@pytest.mark.parametrize(
    "bad_id",
    [
        "",
        "abc",
        "!!!",
        _id("ServiceItem"),
        _id("ServiceItem:abc"),
        _id("NoSuchType:1"),
        _id("Service Item:1"),
        _id("ServiceItem:" + "9" * 40),
        "\u00e9\u00e9",
    ],
)
async def test_a_malformed_id_is_bad_user_input(gql, bad_id: str) -> None:
    assert await gql.error_codes("query($id: ID!) { node(id: $id) { id } }", {"id": bad_id}) == [
        "BAD_USER_INPUT"
    ]


async def test_too_many_ids_at_once(gql) -> None:
    ids = [_id(f"ServiceItem:{n}") for n in range(101)]
    assert await gql.error_codes("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ids}) == [
        "BAD_USER_INPUT"
    ]
