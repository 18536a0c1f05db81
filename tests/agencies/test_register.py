"""The public register: `agencies` filters and ordering, and batched reads."""

from __future__ import annotations

import uuid

import pytest

from tests.agency_flow import actors, admitted_agency, graphql, mutate

LIST = """query($filter: AgencyFilter, $first: Int!) { agencies(first: $first, filter: $filter) { totalCount
  edges { node { creditCode name status businessPhone
    qualifications { level verificationState qualificationType { code name } }
    services { priceQuote status serviceItem { code name } }
    branches { name region { name } serviceRegions { code } } } } } }"""


async def add_agencies(client, database, issuer, states: tuple[bool, ...], name: str) -> list:
    """Agencies through entry (admitted when their state is True), each with one branch;
    the second one's branch serves Jiangmen, the others' serve Jinan's Lixia district."""
    made = []
    for position, with_license in enumerate(states):
        people = actors(issuer, f"ORG{uuid.uuid4().hex[:8].upper()}", f"admin-{uuid.uuid4().hex[:8]}")
        agency = await admitted_agency(client, database, people, with_license=with_license, name=name)
        jiangmen = position == 1
        await mutate(
            client,
            people.admin,
            "addAgencyBranch",
            "agency { id }",
            {
                "agencyId": agency["id"],
                "name": "分公司",
                "address": "分公司地址",
                "regionCode": "440703" if jiangmen else "370102",
                "serviceRegionCodes": ["440705", "440781"] if jiangmen else ["370102"],
            },
        )
        made.append((agency, people))
    return made


@pytest.fixture
async def register(client, database, test_issuer):
    """Two admitted agencies and one still in review."""
    name = f"登记册{uuid.uuid4().hex[:8]}测绘公司"
    return client, await add_agencies(client, database, test_issuer, (True, True, False), name), name


def codes(result: dict) -> set[str]:
    return {edge["node"]["creditCode"] for edge in result["data"]["agencies"]["edges"]}


async def test_the_public_sees_admitted_agencies_only(register) -> None:
    client, made, name = register
    own = {"search": name}  # the shared database holds other tests' agencies too
    public = await graphql(client, None, LIST, {"first": 100, "filter": own})
    operator = await graphql(
        client,
        made[0][1].operator,
        LIST,
        {"first": 100, "filter": {**own, "statuses": ["QUALIFICATION_REVIEW"]}},
    )
    assert {made[0][0]["creditCode"], made[1][0]["creditCode"]} <= codes(public)
    assert made[2][0]["creditCode"] not in codes(public)
    assert made[2][0]["creditCode"] in codes(operator)
    assert all(edge["node"]["status"] == "ACTIVE" for edge in public["data"]["agencies"]["edges"])


async def test_filters(register) -> None:
    client, made, name = register
    first, branch = made[0][0]["creditCode"], made[1][0]["creditCode"]

    async def found(filter_: dict) -> set[str]:
        # among this test's agencies only: the shared database holds other tests' agencies too
        own = {"search": name, **filter_}
        return codes(await graphql(client, None, LIST, {"first": 100, "filter": own}))

    assert {first, branch} <= await found({"serviceItemCode": "ZJ-ZR-006"})
    assert not {first, branch} & await found({"serviceItemCode": "ZJ-HJ-001"})
    assert branch in await found({"regionCode": "440705"})
    assert first not in await found({"regionCode": "440705"})
    assert first in await found({"regionCode": "370102"})
    assert first in await found({"regionCode": "370200"})  # entry is valid province-wide
    assert {first, branch} <= await found({"qualificationTypeCode": "SURVEYING", "minLevel": "乙级"})
    assert not {first, branch} & await found({"qualificationTypeCode": "SURVEYING", "minLevel": "甲级"})
    assert await found({"search": first[-6:]}) == {first}


async def test_a_bad_level_is_bad_user_input(register) -> None:
    client, _, _ = register
    result = await graphql(
        client, None, LIST, {"first": 5, "filter": {"qualificationTypeCode": "SURVEYING", "minLevel": "特级"}}
    )
    assert result["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_agency_pages_take_the_same_statements_for_5_and_50(
    register, database, test_issuer, count_statements
) -> None:
    client, made, name = register
    await add_agencies(client, database, test_issuer, (True, False, True, True), name)
    operator = made[0][1].operator
    # these seven agencies, and only they, all have qualifications, services and branches with service regions
    only_complete = {"search": name}
    sizes, counts = [], []
    for first in (5, 50):
        with count_statements() as counter:
            result = await graphql(client, operator, LIST, {"first": first, "filter": only_complete})
        assert "errors" not in result
        sizes.append(len(result["data"]["agencies"]["edges"]))
        counts.append(counter.count)
    assert sizes[0] == 5 and sizes[1] > 5
    assert counts[0] == counts[1], counts
    assert counts[0] <= 10
