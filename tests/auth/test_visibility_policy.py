"""Every non-public field, for every role and relation, is shown, hidden or masked exactly as declared.

The test finds the restricted fields by walking the schema, so a non-public field added
later is covered without touching this file; a new type with such fields needs a sample
below, and the test fails until it has one.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from strawberry.types.base import StrawberryObjectDefinition

from tests.auth.conftest import http, post, static_key_app
from tests.auth.signing import TestIssuer
from zhongjie.auth.principal import Role
from zhongjie.auth.visibility import FieldRule, mask_email, mask_phone
from zhongjie.models.database import Database
from zhongjie.schema.api import schema
from zhongjie.schema.visibility import field_rule

# the caller's relation to the sample row; a "scoped stranger" holds every scope the rules name
VARIANTS = ("stranger", "scoped stranger", "colleague", "self")


def restricted_fields() -> list[tuple[str, str, FieldRule, Any]]:
    """(type name, GraphQL field name, rule, strawberry type) of every restricted field in the schema."""
    found = []
    for graphql_type in schema.schema_converter.type_map.values():
        definition = graphql_type.definition
        if not isinstance(definition, StrawberryObjectDefinition):
            continue
        for field in definition.fields:
            rule = field_rule(field)
            if rule is not None:
                name = schema.config.name_converter.get_graphql_name(field)
                found.append((definition.name, name, rule, definition.origin))
    return found


@dataclass(frozen=True)
class Sample:
    """A row of a restricted type, made through the API by its owner's token."""

    global_id: str
    organisation_code: str
    values: dict[str, Any]  # raw value of each restricted field


def _claims(subject: str, organisation: str, role: Role | None) -> dict[str, Any]:
    return {"sub": subject, "org_code": organisation, "roles": [role.value] if role else []}


async def _sample_user(client: Any, issuer: TestIssuer, owner_subject: str, organisation: str) -> Sample:
    token = issuer.token(
        **_claims(owner_subject, organisation, Role.AGENCY), phone_number="13912345678", email="li@example.cn"
    )
    data = (await post(client, "{ viewer { user { id } } }", token)).json()["data"]
    values = {"email": "li@example.cn", "phone": "13912345678"}
    return Sample(data["viewer"]["user"]["id"], organisation, values)


async def _sample_organisation(
    client: Any, issuer: TestIssuer, owner_subject: str, organisation: str
) -> Sample:
    token = issuer.token(**_claims(owner_subject, organisation, Role.AGENCY), org_phone="13712345678")
    data = (await post(client, "{ viewer { organisation { id } } }", token)).json()["data"]
    return Sample(data["viewer"]["organisation"]["id"], organisation, {"contactPhone": "13712345678"})


ALL_SCOPES = sorted(
    {scope for _, _, rule, _ in restricted_fields() for scope in rule.audience.scopes} | {"x:y"}
)

SAMPLES: dict[str, Callable[..., Awaitable[Sample]]] = {
    "User": _sample_user,
    "Organisation": _sample_organisation,
}


def expected_visible(audience: Any, role: Role | None, variant: str) -> bool:
    """The declared rule, read independently of the policy code."""
    if role is None:
        return False
    if audience.authenticated or role in audience.roles:
        return True
    if audience.scopes and variant == "scoped stranger":
        return True
    for relation in audience.relations:
        if relation.name == "self" and variant == "self":
            return True
        if relation.name == "own organisation" and variant in {"self", "colleague"}:
            return True
        if relation.name not in {"self", "own organisation"}:
            pytest.fail(f"the test does not know the relation {relation.name!r}: teach it")
    return False


def test_the_schema_has_restricted_fields_and_samples_for_them() -> None:
    fields = restricted_fields()
    assert {(type_name, field) for type_name, field, _, _ in fields} >= {
        ("User", "email"),
        ("User", "phone"),
        ("Organisation", "contactPhone"),
    }
    assert {type_name for type_name, *_ in fields} <= set(SAMPLES), "add a sample for the new restricted type"


@pytest.mark.parametrize("role", [None, *Role], ids=lambda role: role.value if role else "public")
async def test_each_restricted_field_for_each_role_and_relation(
    database: Database, test_issuer: TestIssuer, role: Role | None
) -> None:
    app = static_key_app(database, test_issuer)
    async with http(app) as client:
        for type_name, field, rule, origin in restricted_fields():
            owner = f"owner-{uuid.uuid4().hex[:10]}"
            organisation = f"ORG{uuid.uuid4().hex[:10].upper()}"
            sample = await SAMPLES[type_name](client, test_issuer, owner, organisation)
            for variant in VARIANTS:
                subject = owner if variant == "self" else f"caller-{uuid.uuid4().hex[:10]}"
                caller_org = (
                    organisation
                    if variant in {"self", "colleague"}
                    else f"OTHER{uuid.uuid4().hex[:8].upper()}"
                )
                token = test_issuer.token(**_claims(subject, caller_org, role)) if role else None
                query = f'{{ node(id: "{sample.global_id}") {{ ... on {type_name} {{ {field} }} }} }}'
                response = (await post(client, query, token)).json()
                assert "errors" not in response, response
                context = f"{type_name}.{field} for {role} as {variant}"

                row_rule = getattr(origin, "row_rule", None)
                if row_rule is not None and not expected_visible(row_rule.audience, role, variant):
                    assert response["data"]["node"] is None, context
                    continue
                value = response["data"]["node"][field]
                withheld = response.get("extensions", {}).get("visibility", [])
                raw = sample.values[field]
                if expected_visible(rule.audience, role, variant):
                    assert value == raw, context
                    assert f"{type_name}.{field}" not in withheld, context
                else:
                    assert value == (rule.mask(raw) if rule.mask else None), context
                    assert value != raw, context
                    assert withheld == [f"{type_name}.{field}"], context


def test_masks() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0531-88886666") == "053******6666"
    assert mask_phone("12345") == "***45"
    assert mask_email("zhang@example.cn") == "z***@example.cn"
    assert mask_email("no-at-sign") == "***"
