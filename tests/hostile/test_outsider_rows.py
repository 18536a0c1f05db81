"""What an outside tester found after the first round, through HTTP against a running server: a list
that repeats itself is refused with DUPLICATE (not an INTERNAL from the unique key, nor stored 20,000
times), and organisations nobody may know of yet cannot be listed by walking their IDs."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from tests.project_flow import application
from zhongjie.base.global_ids import encode_global_id
from zhongjie.models import Agency, Organisation

CREATE = "mutation($input: CreateProjectInput!) { createProject(input: $input) { project { code } errors { code field } } }"


async def _data(client: httpx.AsyncClient, query: str, variables=None, token=None) -> dict:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    body = (
        await client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)
    ).json()
    assert "errors" not in body, body
    return body["data"]


async def _create(client: httpx.AsyncClient, token: str, **fields) -> dict:
    data = await _data(client, CREATE, {"input": {"project": application(**fields)}}, token)
    return data["createProject"]


async def test_a_repeated_recusal_or_requirement_is_refused_as_a_duplicate(server, test_issuer) -> None:
    owner = test_issuer.token(roles=["owner"], org_code="HOSTILE-DUP-OWNER", region="370100")
    agencies = await _data(server, "{ agencies(first: 1) { edges { node { creditCode } } } }")
    code = agencies["agencies"]["edges"][0]["node"]["creditCode"]
    item = await _data(
        server,
        '{ serviceItem(code: "ZJ-ZR-006") { qualificationRequirements { qualificationType { code } } } }',
    )
    requirement = item["serviceItem"]["qualificationRequirements"][0]["qualificationType"]["code"]

    recusals = await _create(server, owner, recusedCreditCodes=[code, code])
    requirements = await _create(server, owner, requirements=[{"qualificationTypeCode": requirement}] * 2_000)

    assert recusals["project"] is None
    assert recusals["errors"] == [{"code": "DUPLICATE", "field": ["input", "recusedCreditCodes", "1"]}]
    assert requirements["project"] is None
    assert requirements["errors"] == [{"code": "DUPLICATE", "field": ["input", "requirements", "1"]}]


async def test_organisations_of_hidden_applications_cannot_be_listed(server, database, test_issuer) -> None:
    async with database.session() as session:
        hidden = (await session.scalars(select(Agency).where(Agency.status == "DRAFT").limit(1))).one()
        public = (
            await session.scalars(
                select(Agency).where(Agency.status == "ACTIVE", Agency.blacklisted.is_(False)).limit(1)
            )
        ).one()
        codes = [
            (await session.get(Organisation, agency.organisation_id)).code for agency in (hidden, public)
        ]
    ids = [encode_global_id("Organisation", agency.organisation_id) for agency in (hidden, public)]
    query = "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Organisation { code } } }"
    operator = test_issuer.token(roles=["operator"], org_code="HOSTILE-OPERATOR", region="370000")

    anonymous = (await _data(server, query, {"ids": ids}))["nodes"]
    staff = (await _data(server, query, {"ids": ids}, operator))["nodes"]

    assert anonymous == [None, {"code": codes[1]}]
    assert staff == [{"code": codes[0]}, {"code": codes[1]}]
