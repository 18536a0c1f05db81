"""The compiled read path answers byte for byte as the standard executor does.

Two apps over one database, one with `compiled_reads=off` (graphql-core's executor alone) and one with
`on`, are asked the same documents by the same callers; every response body must be identical (data,
errors with their paths and codes, extensions). The documents are the reference operations of
`python -m bench` and hypothesis-generated queries over the whole read schema, asked anonymously and
with a token of every role, each role as its demo user (so "my agency", "my projects" have rows).

Generated documents are asked twice: as generated (nonsense arguments: the error paths) and made
plausible (`Plausible`): arguments naming objects name real ones, page sizes are small, free-text
filters are left out, so that the answers carry rows and take the compiled path.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from typing import Any

import hypothesis_graphql
import pytest
from graphql import (
    ArgumentNode,
    FieldNode,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    ast_from_value,
    get_named_type,
    is_enum_type,
    is_non_null_type,
    parse,
    print_ast,
    visit,
)
from hypothesis import HealthCheck, given, settings
from prometheus_client import REGISTRY

from bench.operations import AGENCY_PROFILE, CATALOG_PAGE, PROJECT_SEARCH
from tests.apps import http, static_key_app
from tests.hostile.test_fuzz import CUSTOM_SCALARS
from zhongjie.auth.demo_issuer import DEMO_USERS
from zhongjie.auth.principal import Role
from zhongjie.schema.api import schema

GRAPHQL_SCHEMA = schema._schema

EXAMPLES = int(os.environ.get("ZHONGJIE_DIFFERENTIAL_EXAMPLES", "60"))
CALLERS: tuple[Role | None, ...] = (None, *Role)


def _claims(role: Role) -> dict[str, Any]:
    user = DEMO_USERS[role]
    claims: dict[str, Any] = {
        "roles": [role.value],
        "org_code": user.organisation_code,
        "region": user.region_code,
    }
    if user.sector:
        claims["sector"] = user.sector
    if role is Role.PARTNER:
        claims["scope"] = "results:read"
    return claims


def _compiled_so_far() -> float:
    return REGISTRY.get_sample_value("zhongjie_compiled_reads_total", {"outcome": "compiled"}) or 0.0


def _generated_queries() -> list[str]:
    documents: list[str] = []

    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(hypothesis_graphql.queries(schema.as_str(), custom_scalars=CUSTOM_SCALARS))
    def collect(document: str) -> None:
        documents.append(document)

    collect()
    return documents


class Plausible(Visitor):
    """Rewrites a document's arguments: known names get real values, other optional arguments go unless
    they are enums or booleans (orders, flags), required ones stay as generated."""

    def __init__(self, type_info: TypeInfo, values: dict[str, Any]) -> None:
        super().__init__()
        self.type_info = type_info
        self.values = values

    def enter_field(self, node: FieldNode, *_args: Any) -> FieldNode | None:
        field = self.type_info.get_field_def()
        if field is None or not node.arguments:
            return None
        arguments: list[ArgumentNode] = []
        for argument in node.arguments or ():
            name = argument.name.value
            definition = field.args[name]
            value = self.values.get(f"{node.name.value}.{name}", self.values.get(name))
            if value is not None:
                argument = ArgumentNode(name=argument.name, value=ast_from_value(value, definition.type))
            elif not is_non_null_type(definition.type) and not (
                is_enum_type(get_named_type(definition.type))
                or get_named_type(definition.type).name == "Boolean"
            ):
                continue
            arguments.append(argument)
        return replace(node, arguments=tuple(arguments))


def plausible(document: str, values: dict[str, Any]) -> str:
    tree = parse(document)
    type_info = TypeInfo(GRAPHQL_SCHEMA)
    return print_ast(visit(tree, TypeInfoVisitor(type_info, Plausible(type_info, values))))


REAL_OBJECTS = """{
  serviceItems(first: 1) { edges { node { id code } } }
  projects(first: 1) { edges { node { id code } } }
  agencies(first: 1) { edges { node { id creditCode } } }
}"""


async def _plausible_values(both: BothPaths) -> dict[str, Any]:
    answer, _ = await both.ask(REAL_OBJECTS, {}, None)  # public objects: every caller may see them
    item, project, agency = (edges["edges"][0]["node"] for edges in json.loads(answer)["data"].values())
    return {
        "first": 3,
        "last": 3,
        "top": 3,
        "minAwards": 0,
        "year": 2026,
        "creditCode": agency["creditCode"],
        "serviceItem.code": item["code"],
        "project.code": project["code"],
        "projectCode": project["code"],
        "id": agency["id"],
        "ids": [item["id"], project["id"], agency["id"]],
    }


class BothPaths:
    """The standard and the compiled app over `database`, asked alike."""

    def __init__(self, database, issuer) -> None:
        self.issuer = issuer
        self.clients = [
            http(static_key_app(database, issuer, compiled_reads=mode, public_cache_seconds=0))
            for mode in ("off", "on")
        ]

    async def __aenter__(self) -> BothPaths:
        for client in self.clients:
            await client.__aenter__()
        return self

    async def __aexit__(self, *exc: object) -> None:
        for client in self.clients:
            await client.__aexit__(*exc)

    async def ask(self, document: str, variables: dict[str, Any], role: Role | None) -> tuple[bytes, bytes]:
        headers = {"content-type": "application/json"}
        if role is not None:
            headers["authorization"] = f"Bearer {self.issuer.token(**_claims(role))}"
        body = json.dumps({"query": document, "variables": variables})
        standard, compiled = [
            (await client.post("/graphql", content=body, headers=headers)).content for client in self.clients
        ]
        return standard, compiled


def test_every_role_has_a_demo_user() -> None:
    assert set(DEMO_USERS) == set(Role)


REFERENCE_OPERATIONS = {
    "catalog page": (CATALOG_PAGE, lambda values: {"first": 100}),
    "project search": (PROJECT_SEARCH, lambda values: {"first": 50, "region": "370100"}),
    "agency profile": (AGENCY_PROFILE, lambda values: {"code": values["creditCode"]}),
}


@pytest.mark.parametrize("operation", sorted(REFERENCE_OPERATIONS))
async def test_the_reference_operations_are_compiled_and_answer_alike(
    database, test_issuer, operation: str
) -> None:
    document, variables_of = REFERENCE_OPERATIONS[operation]
    async with BothPaths(database, test_issuer) as both:
        variables = variables_of(await _plausible_values(both))
        for role in CALLERS:
            before = _compiled_so_far()
            standard, compiled = await both.ask(document, variables, role)
            assert _compiled_so_far() == before + 1, f"{operation} as {role}: not answered compiled"
            assert compiled == standard, f"{operation} as {role}"
            answer = json.loads(compiled)
            assert "errors" not in answer and None not in answer["data"].values()


async def test_generated_queries_answer_alike_for_every_caller(database, test_issuer) -> None:
    generated = _generated_queries()
    differences: list[tuple[str, Role | None, bytes, bytes]] = []
    async with BothPaths(database, test_issuer) as both:
        values = await _plausible_values(both)
        documents = [*generated, *(plausible(document, values) for document in generated)]
        compiled_before = _compiled_so_far()
        for document in documents:
            for role in CALLERS:
                standard, compiled = await both.ask(document, {}, role)
                if compiled != standard:
                    differences.append((document, role, standard[:500], compiled[:500]))
    compiled_answers = _compiled_so_far() - compiled_before
    print(f"\n{len(documents)} documents × {len(CALLERS)} callers, {compiled_answers:.0f} answered compiled")
    assert differences == [], "\n\n".join(
        f"{document}\nas {role}\nstandard: {standard!r}\ncompiled: {compiled!r}"
        for document, role, standard, compiled in differences[:3]
    )
    # the comparison means something only if the compiled path answered a fair share of them
    assert compiled_answers >= len(generated) * len(CALLERS) / 4
