"""The service-item catalog through GraphQL."""

from __future__ import annotations

import base64

import pytest

ITEM_FIELDS = """
  id code name serviceType legalBasis feeStandard feeBasis pricingType timeLimitDays department active version
  region { code name level }
  administrativeMatters { id code name powerType department }
  qualificationRequirements { qualificationType { code name sector levels } minLevel }
"""


async def test_first_page_of_the_catalog(gql) -> None:
    data = await gql.data(
        "{ serviceItems(first: 5) { totalCount edges { node { code name legalBasis timeLimitDays } } } }"
    )
    edges = data["serviceItems"]["edges"]
    assert len(edges) == 5
    assert data["serviceItems"]["totalCount"] >= 40
    assert all(edge["node"]["legalBasis"] and edge["node"]["timeLimitDays"] > 0 for edge in edges)
    codes = [edge["node"]["code"] for edge in edges]
    assert codes == sorted(codes)


async def test_one_item_by_code_with_its_versions_and_relations(gql) -> None:
    data = await gql.data(
        f'{{ serviceItem(code: "ZJ-ZR-006") {{ {ITEM_FIELDS} '
        "versions { version changedBy reason changedAt changes { field before after } snapshot } } }"
    )
    item = data["serviceItem"]
    assert item["name"] == "房产测绘"
    assert item["serviceType"] == "TECHNICAL_REVIEW"
    assert item["pricingType"] == "GOVERNMENT_GUIDED"
    assert item["region"] == {"code": "370000", "name": "山东省", "level": "PROVINCE"}
    assert {m["code"] for m in item["administrativeMatters"]} == {"370000-QR-0305", "370000-XK-0704"}
    assert item["qualificationRequirements"][0]["qualificationType"]["code"] == "SURVEYING"
    assert item["qualificationRequirements"][0]["minLevel"] == "乙级"
    first_version = item["versions"][-1]
    assert first_version["version"] == 1
    assert first_version["changedBy"] == "demo"
    assert first_version["snapshot"]["code"] == "ZJ-ZR-006"
    assert {"field": "name", "before": None, "after": "房产测绘"} in first_version["changes"]


async def test_codes_are_matched_case_insensitively_and_unknown_code_is_null(gql) -> None:
    data = await gql.data(
        '{ a: serviceItem(code: "zj-zr-006") { code } b: serviceItem(code: "NO-SUCH-CODE") { code } }'
    )
    assert data == {"a": {"code": "ZJ-ZR-006"}, "b": None}


async def _all_codes(gql, extra_arguments: str = "", page_size: int = 7) -> list[str]:
    codes: list[str] = []
    after = None
    while True:
        data = await gql.data(
            f"query($after: String) {{ serviceItems(first: {page_size}, after: $after {extra_arguments}) "
            "{ edges { cursor node { code } } pageInfo { hasNextPage endCursor hasPreviousPage } } }",
            {"after": after},
        )
        connection = data["serviceItems"]
        codes += [edge["node"]["code"] for edge in connection["edges"]]
        assert connection["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not connection["pageInfo"]["hasNextPage"]:
            return codes
        after = connection["pageInfo"]["endCursor"]


async def test_paging_visits_every_item_once(gql) -> None:
    total = (await gql.data("{ serviceItems(first: 1) { totalCount } }"))["serviceItems"]["totalCount"]
    codes = await _all_codes(gql)
    assert len(codes) == len(set(codes)) == total


@pytest.mark.parametrize("field", ["NAME", "TIME_LIMIT_DAYS", "UPDATED_AT"])
@pytest.mark.parametrize("direction", ["ASC", "DESC"])
async def test_paging_in_every_ordering_is_complete_and_sorted(gql, field: str, direction: str) -> None:
    order = f", orderBy: {{field: {field}, direction: {direction}}}"
    codes = await _all_codes(gql, order, page_size=6)
    everything = await gql.data(
        f"{{ serviceItems(first: 100 {order}) "
        "{ edges { node { code name timeLimitDays updatedAt } } } }"
    )
    nodes = [edge["node"] for edge in everything["serviceItems"]["edges"]]
    assert codes == [node["code"] for node in nodes]
    if field != "NAME":  # names sort by the database's collation, which Python does not share
        key = {"TIME_LIMIT_DAYS": "timeLimitDays", "UPDATED_AT": "updatedAt"}[field]
        values = [node[key] for node in nodes]
        assert values == sorted(values, reverse=direction == "DESC")


async def test_filters(gql) -> None:
    async def codes(filter_text: str) -> set[str]:
        """Codes of the shipped catalog's items that match (other tests import items of their own)."""
        data = await gql.data(
            f"{{ serviceItems(first: 100, filter: {filter_text}) {{ edges {{ node {{ code }} }} }} }}"
        )
        return {
            edge["node"]["code"]
            for edge in data["serviceItems"]["edges"]
            if edge["node"]["code"].startswith("ZJ-")
        }

    assert await codes('{search: "测绘"}') >= {"ZJ-ZR-006", "ZJ-ZR-007"}
    assert await codes('{search: "zj-qx-00"}') == {"ZJ-QX-001", "ZJ-QX-002", "ZJ-QX-003"}
    assert await codes('{search: "100%_"}') == set()
    assert await codes("{types: [TESTING], pricingTypes: [MARKET_REGULATED]}") >= {"ZJ-QX-002", "ZJ-HJ-004"}
    assert all(code.startswith("ZJ-") for code in await codes("{types: [APPRAISAL, TRIAL]}"))
    # usable in Xinhui: Guangdong's list (440000), not Shandong's
    xinhui = await codes('{regionCode: "440705"}')
    assert xinhui == {"ZJ-ZR-012", "ZJ-JT-003", "ZJ-JT-004"}
    assert "ZJ-HJ-001" in await codes('{regionCode: "370102"}')
    assert await codes('{administrativeMatterCode: "370000-XK-0602"}') == {"ZJ-QX-002"}
    assert await codes('{qualificationTypeCode: "SAFETY_EVALUATION"}') == {
        "ZJ-YJ-001",
        "ZJ-YJ-002",
        "ZJ-YJ-003",
    }
    assert await codes("{active: false}") <= await codes("{active: null}")


@pytest.mark.parametrize(
    "arguments",
    [
        "first: 0",
        "first: 101",
        "first: -1",
        'after: "not-a-cursor"',
        'after: "bm90IGpzb24"',
        'filter: {regionCode: "44070"}',
        'filter: {search: "' + "x" * 101 + '"}',
        "first: 9999999999999",
        'first: "ten"',
    ],
)
async def test_bad_arguments_are_bad_user_input(gql, arguments: str) -> None:
    result = await gql(f"{{ serviceItems({arguments}) {{ edges {{ node {{ code }} }} }} }}")
    assert [error["extensions"]["code"] for error in result["errors"]] == ["BAD_USER_INPUT"]
    assert result.get("data") is None


async def test_a_cursor_of_another_ordering_is_refused(gql) -> None:
    data = await gql.data("{ serviceItems(first: 1) { pageInfo { endCursor } } }")
    cursor = data["serviceItems"]["pageInfo"]["endCursor"]
    codes = await gql.error_codes(
        f'{{ serviceItems(first: 1, after: "{cursor}", orderBy: {{field: NAME}}) {{ totalCount }} }}'
    )
    assert codes == ["BAD_USER_INPUT"]


async def test_a_forged_cursor_with_wrong_value_types_is_refused(gql) -> None:
    forged = base64.urlsafe_b64encode(b'["CODE:ASC",{"a":1},"x"]').decode().rstrip("=")
    assert await gql.error_codes(f'{{ serviceItems(after: "{forged}") {{ totalCount }} }}') == [
        "BAD_USER_INPUT"
    ]


async def test_messages_follow_accept_language(gql) -> None:
    gql.language = "en"
    english = await gql("{ serviceItems(first: 0) { totalCount } }")
    gql.language = "zh-CN,zh;q=0.9"
    chinese = await gql("{ serviceItems(first: 0) { totalCount } }")
    assert english["errors"][0]["message"] == "first must be between 1 and 100"
    assert chinese["errors"][0]["message"] == "first 必须在 1 到 100 之间"


async def test_administrative_matters_and_their_items(gql) -> None:
    data = await gql.data(
        '{ administrativeMatters(first: 100, filter: {powerTypes: [LICENSING], search: "防雷"}) '
        "{ totalCount edges { node { code name powerType serviceItems { code } } } } }"
    )
    nodes = [edge["node"] for edge in data["administrativeMatters"]["edges"]]
    shipped = {
        node["code"] for node in nodes if node["code"].startswith("370000-")
    }  # other tests add matters
    assert shipped == {"370000-XK-0601", "370000-XK-0602"}
    by_code = {node["code"]: node for node in nodes}
    assert {item["code"] for item in by_code["370000-XK-0601"]["serviceItems"]} == {"ZJ-QX-001", "ZJ-QX-003"}


async def test_regions_tree(gql) -> None:
    data = await gql.data(
        '{ regions(filter: {parentCode: "440700"}) '
        "{ totalCount edges { node { code name level parent { code name } } } } }"
    )
    nodes = [edge["node"] for edge in data["regions"]["edges"]]
    assert data["regions"]["totalCount"] == 7
    assert {node["name"] for node in nodes} >= {"新会区", "蓬江区", "台山市"}
    assert all(
        node["parent"] == {"code": "440700", "name": "江门市"} and node["level"] == "DISTRICT"
        for node in nodes
    )

    provinces = await gql.data(
        '{ regions(filter: {level: PROVINCE, search: "东"}) { edges { node { code children { code } } } } }'
    )
    by_code = {edge["node"]["code"]: edge["node"] for edge in provinces["regions"]["edges"]}
    assert len(by_code["370000"]["children"]) == 16
    assert len(by_code["440000"]["children"]) == 21


async def test_qualification_types(gql) -> None:
    data = await gql.data("{ qualificationTypes { code name levels } }")
    surveying = next(qt for qt in data["qualificationTypes"] if qt["code"] == "SURVEYING")
    assert surveying == {"code": "SURVEYING", "name": "测绘资质", "levels": ["甲级", "乙级"]}
