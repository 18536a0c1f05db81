"""`schema.graphql` is the committed contract: it must equal what `zhongjie schema` prints."""

from __future__ import annotations

import subprocess
from pathlib import Path

from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLObjectType

from tests.commands import zhongjie_command
from zhongjie.schema.api import schema

SNAPSHOT = Path(__file__).resolve().parents[2] / "schema.graphql"


def test_committed_sdl_is_current() -> None:
    printed = subprocess.run(zhongjie_command("schema"), check=True, capture_output=True, text=True).stdout
    assert printed == SNAPSHOT.read_text(encoding="utf-8"), (
        "schema.graphql is stale: run `zhongjie schema > schema.graphql` and review the diff"
    )


def test_every_type_and_field_is_described() -> None:
    missing = []
    for name, graphql_type in schema._schema.type_map.items():
        if name.startswith("__") or name in {"String", "Int", "Float", "Boolean", "ID"}:
            continue
        if not graphql_type.description:
            missing.append(name)
        if isinstance(graphql_type, GraphQLObjectType | GraphQLInputObjectType):
            missing += [
                f"{name}.{field}" for field, value in graphql_type.fields.items() if not value.description
            ]
        if isinstance(graphql_type, GraphQLEnumType):
            missing += [
                f"{name}.{value}" for value, spec in graphql_type.values.items() if not spec.description
            ]
    assert missing == []
