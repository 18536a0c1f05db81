"""The `projects` query: filters, ordering, batched reads."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests.agency_flow import graphql
from tests.project_flow import create, new_owner, operator_token, published

LIST = """query($filter: ProjectFilter, $first: Int!) { projects(first: $first, filter: $filter) { totalCount
  edges { node { code title status budget owner { code name } region { name } serviceItem { code name }
    administrativeMatter { code } requirements { minLevel qualificationType { code } } result { agency { name } } } } } }"""


@pytest.fixture
async def listing(client, test_issuer):
    owner, operator = new_owner(test_issuer), operator_token(test_issuer)
    marker = f"查询测试{uuid.uuid4().hex[:6]}"
    projects = [
        await published(client, owner, operator, title=f"{marker}甲", regionCode="370102"),
        await published(
            client,
            owner,
            operator,
            title=f"{marker}乙",
            regionCode="370200",
            fundingType="SOCIAL",
            investmentProjectCode="2026-370203-70-01-000999",
        ),
        await create(client, owner, title=f"{marker}丙"),
    ]
    for n in range(5):
        projects.append(await published(client, owner, operator, title=f"{marker}批{n}"))
    return client, owner, operator, marker, projects


def codes(result: dict) -> set[str]:
    return {edge["node"]["code"] for edge in result["data"]["projects"]["edges"]}


async def test_filters(listing) -> None:
    client, owner, _, marker, projects = listing
    first, second, draft = projects[0]["code"], projects[1]["code"], projects[2]["code"]

    async def found(filter_: dict, token: str | None = None) -> set[str]:
        return codes(
            await graphql(client, token, LIST, {"first": 100, "filter": {"search": marker, **filter_}})
        )

    assert draft not in await found({})
    assert draft in await found({}, owner.token)
    assert first in await found({"regionCode": "370100"}) and second not in await found(
        {"regionCode": "370100"}
    )
    assert {first, second} <= await found({"regionCode": "370000"})
    assert await found({"fundingTypes": ["SOCIAL"]}) == {second}
    assert await found({"investmentProjectCode": "2026-370203-70-01-000999"}) == {second}
    assert first in await found({"serviceItemCode": "ZJ-ZR-006", "ownerCode": owner.organisation})
    assert await found({"statuses": ["DRAFT"]}, owner.token) == {draft}
    now = datetime.now(UTC)
    assert first in await found({"publishedFrom": (now - timedelta(hours=1)).isoformat()})
    assert await found({"publishedTo": (now - timedelta(hours=1)).isoformat()}) == set()
    naive = await graphql(
        client, None, LIST, {"first": 5, "filter": {"publishedFrom": "2026-01-01T00:00:00"}}
    )
    assert naive["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_project_pages_take_the_same_statements_for_3_and_7(listing, count_statements) -> None:
    client, owner, _, marker, _ = listing
    counts = []
    for first in (3, 7):
        with count_statements() as counter:
            result = await graphql(
                client,
                owner.token,
                LIST,
                {"first": first, "filter": {"search": marker, "statuses": ["PUBLISHED"]}},
            )
        assert "errors" not in result and len(result["data"]["projects"]["edges"]) == first
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
