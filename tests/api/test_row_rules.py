"""Row rules on every path: each field of the schema returning rows of a row-ruled type (directly, in a list
or as a connection's edges) passes that type's rule, nested references and payloads included."""

from __future__ import annotations

import uuid

import pytest
import strawberry

from tests.agency_flow import graphql, mutate
from tests.api.schema_walk import object_fields, ruled_types, uncovered
from tests.apps import served_client, static_key_app
from tests.project_flow import close_signups, new_owner, operator_token, published, signed_up_agency
from zhongjie.schema.agencies import Agency
from zhongjie.schema.api import ApiSchema, schema
from zhongjie.schema.visibility import GuardedResolver


def test_every_field_returning_ruled_rows_passes_the_rule() -> None:
    graphql_schema = schema._schema
    assert {"Agency", "AgencyBranch", "Project", "ProjectSignup", "User"} <= ruled_types(
        graphql_schema
    ).keys()
    assert uncovered(graphql_schema) == []
    guarded = {c for c, field in object_fields(graphql_schema) if isinstance(field.resolve, GuardedResolver)}
    assert guarded == set(schema.row_guards)
    assert {
        "ProjectSignup.agency",
        "ProjectSignup.members",
        "Query.node",
        "AgencyConnection.edges",
    } <= guarded


@strawberry.type
class Sneaky:
    """A root type adding fields that return agencies, as a new feature might."""

    @strawberry.field
    def agency(self) -> Agency | None:
        return None

    @strawberry.field
    def agencies(self) -> list[Agency]:
        return []


def test_the_walk_finds_a_field_that_skips_the_rule() -> None:
    assert {"Sneaky.agency", "Sneaky.agencies"} <= set(uncovered(strawberry.Schema(query=Sneaky)._schema))
    assert uncovered(ApiSchema(query=Sneaky)._schema) == []  # the API schema guards whatever it is given


def test_a_single_ruled_row_must_be_nullable() -> None:
    @strawberry.type
    class Strict:
        @strawberry.field
        def agency(self) -> Agency:
            raise AssertionError("never resolved")

    with pytest.raises(TypeError, match=r"Strict\.agency"):
        ApiSchema(query=Strict)


SIGNUPS = """query($code: String!) { project(code: $code) { signups {
  agency { creditCode status qualifications { certificateNumber } contacts { id } practitioners { name } }
  members { creditCode } } } }"""
FOUND = """query($code: String!, $id: ID!) { agency(creditCode: $code) { creditCode } node(id: $id) { id }
  agencies(first: 5, filter: {search: $code}) { totalCount edges { node { creditCode } } } }"""


async def test_a_removed_agency_is_hidden_behind_a_sign_up(database, test_issuer) -> None:
    async with served_client(static_key_app(database, test_issuer)) as client:
        owner, operator = new_owner(test_issuer), operator_token(test_issuer)
        project = await published(client, owner, operator)
        agency, people = await signed_up_agency(client, database, test_issuer, project["id"])
        await close_signups(database, project["code"])  # who signed up is public from now on
        removed = await mutate(
            client,
            operator,
            "removeAgency",
            "agency { status }",
            {"agencyId": agency["id"], "reason": "BUSINESS_TERMINATED"},
        )
        assert removed == {"agency": {"status": "REMOVED"}, "errors": []}
        stranger = test_issuer.token(sub=f"s-{uuid.uuid4().hex[:6]}", org_code="ELSEWHERE", roles=["owner"])
        seen = {}
        for who, token in {
            "public": None,
            "stranger": stranger,
            "owner": owner.token,
            "operator": operator,
            "itself": people.admin,
        }.items():
            signups = await graphql(client, token, SIGNUPS, {"code": project["code"]})
            found = await graphql(client, token, FOUND, {"code": agency["creditCode"], "id": agency["id"]})
            assert "errors" not in signups and "errors" not in found, (who, signups, found)
            seen[who] = (signups["data"]["project"]["signups"], found["data"])

    hidden = ([{"agency": None, "members": []}], {"agency": None, "node": None, "agencies": _page([])})
    assert seen["public"] == seen["stranger"] == seen["owner"] == hidden
    for who in ("operator", "itself"):
        [signup], found = seen[who]
        assert signup["agency"]["creditCode"] == agency["creditCode"]
        assert signup["agency"]["status"] == "REMOVED" and signup["agency"]["qualifications"]
        assert found == {
            "agency": {"creditCode": agency["creditCode"]},
            "node": {"id": agency["id"]},
            "agencies": _page([agency["creditCode"]]),
        }


def _page(codes: list[str]) -> dict:
    return {"totalCount": len(codes), "edges": [{"node": {"creditCode": code}} for code in codes]}
