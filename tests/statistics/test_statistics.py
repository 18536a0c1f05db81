"""Market statistics through GraphQL against a fixture whose every figure was computed by hand.

Shandong (370000), items A and B, agencies X, Y, Z (Beijing times):

| project | item | district | funds | method | budget | status | winner | contract | published | result |
|---|---|---|---|---|---|---|---|---|---|---|
| P1 | A | 370102 | FISCAL | DIRECT | 100000 | COMPLETED | X | 80000 | 11-02 10:00 | 11-05 (3 wd) |
| P2 | A | 370102 | FISCAL | RANDOM | 50000 | IN_SERVICE | X | 45000 | 11-02 10:00 | 11-09 (5 wd) |
| P3 | A | 370103 | SOCIAL | BIDDING | 200000 | ACCEPTED | Y | 150000 | 09-28 10:00 | 10-09 (4 wd: 国庆) |
| P4 | B | 370102 | SOCIAL | AVERAGE_PRICE | 30000 | RESULT_ANNOUNCED | Z | – | 11-16 10:00 | 11-18 (2 wd) |
| P5 | A | 370102 | FISCAL | DIRECT | 20000 | FAILED | – | – | 11-02 10:00 | – |
| P6 | B | 370102 | FISCAL | DIRECT | 60000 | PUBLISHED | – | – | 11-30 23:30 | – |
| P7 | A | 370102 | FISCAL | DIRECT | 999999 | DRAFT | – | – | – | – |
| P8 | A | 370102 | FISCAL | DIRECT | 70000 | CANCELLED | – | – | 11-02 10:00 | – |
| P9 | A | 370102 | FISCAL | DIRECT | 100000 | COMPLETED | Y | 90000 | 11-03 10:00 | 11-04 (1 wd) |
| P10 | B | 370102 | SOCIAL | DIRECT | 40000 | PUBLISHED | – | – | 12-01 00:30 | – |

P2 drew one objection and one complaint. Evaluations: P1 by the owner (5,4,5,4,5) and an authority
(3,4,3,4,3), P9 by the owner (4,3,4,5,2). Guangzhou (440100, the city itself) holds two markets of known concentration:
item C won 5, 3 and 2 times by X, Y and Z (HHI 3800), item D once each by X, Y, Z and W (HHI 2500).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from zhongjie.domain.agencies.credit_code import check_character
from zhongjie.models import (
    Agency,
    Organisation,
    Project,
    ProjectAward,
    ProjectEnquiry,
    ServiceEvaluation,
    ServiceItem,
    User,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
ITEMS = {"A": "ZJ-STAT-A", "B": "ZJ-STAT-B", "C": "ZJ-STAT-C", "D": "ZJ-STAT-D"}


def beijing(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def credit_code(index: int) -> str:
    body = f"91370100MA{index:07d}"
    return body + check_character(body)


class Fixture:
    """Builds the rows of the table above in one session."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self.count = 0
        self.awards: dict[int, ProjectAward] = {}

    async def setup(self) -> None:
        self.owner = Organisation(code="OWNER-STAT", name="统计测试业主", region_code="370102")
        self.authority = Organisation(code="AUTH-STAT", name="统计测试主管部门", region_code="370100")
        self.session.add_all([self.owner, self.authority])
        await self.session.flush()
        self.user = User(issuer="urn:test", subject="stat-user", organisation_id=self.owner.id)
        self.session.add(self.user)
        self.items = {}
        for key, code in ITEMS.items():
            item = ServiceItem(
                code=code,
                name=f"统计测试事项{key}",
                service_type="ASSESSMENT",
                legal_basis="《测试条例》",
                fee_standard="按合同约定",
                fee_basis="市场调节",
                pricing_type="MARKET_REGULATED",
                time_limit_days=20,
                department="测试部门",
                region_code="370000",
                active=True,
                version=1,
            )
            self.items[key] = item
        self.session.add_all(self.items.values())
        self.agencies = {}
        for index, key in enumerate("XYZW", start=1):
            organisation = Organisation(code=f"AG-STAT-{key}", name=f"机构{key}", region_code="370100")
            self.session.add(organisation)
            await self.session.flush()
            self.agencies[key] = Agency(
                credit_code=credit_code(index),
                name=f"统计测试机构{key}",
                legal_representative="张三",
                region_code="370100",
                address="济南市",
                business_phone="053100000000",
                status="ACTIVE",
                organisation_id=organisation.id,
            )
        self.session.add_all(self.agencies.values())
        await self.session.flush()

    async def project(
        self,
        item: str,
        region: str,
        funds: str,
        method: str,
        budget: int,
        status: str,
        published: str | None,
        result: str | None = None,
        winner: str | None = None,
        contract: int | None = None,
    ) -> Project:
        self.count += 1
        project = Project(
            code=f"ST{uuid.uuid4().hex[:10].upper()}",
            title=f"统计测试项目{self.count}",
            owner_organisation_id=self.owner.id,
            created_by=self.user.id,
            region_code=region,
            service_item_id=self.items[item].id,
            funding_type=funds,
            trade_mode="CHOOSE_ONE",
            selection_method=method,
            budget=Decimal(budget),
            price_ceiling=Decimal(budget),
            scope="统计测试",
            requirements=[],
            time_limit_days=20,
            signup_working_days=3,
            status=status,
            published_at=beijing(published) if published else None,
            selected_agency_id=self.agencies[winner].id if winner else None,
            result_announced_at=beijing(result) if result else None,
            publicity_ends_at=beijing(result) if result else None,
        )
        self.session.add(project)
        await self.session.flush()
        if winner:
            award = ProjectAward(
                project_id=project.id,
                agency_id=self.agencies[winner].id,
                status="ACTIVE",
                price=Decimal(contract) if contract else None,
                service_started_at=beijing(result) if contract else None,
            )
            self.session.add(award)
            await self.session.flush()
            self.awards[project.id] = award
        return project

    async def evaluation(self, project: Project, winner: str, scores: tuple[int, ...], by_authority=False):
        aspects = ("quality", "timeliness", "attitude", "feeReasonableness", "standardisation")
        self.session.add(
            ServiceEvaluation(
                project_id=project.id,
                award_id=self.awards[project.id].id,
                agency_id=self.agencies[winner].id,
                evaluator_kind="AUTHORITY" if by_authority else "OWNER",
                evaluator_organisation_id=(self.authority if by_authority else self.owner).id,
                evaluator_user_id=self.user.id,
                scores=dict(zip(aspects, scores, strict=True)),
            )
        )

    async def enquiry(self, project: Project, kind: str, status: str) -> None:
        self.session.add(
            ProjectEnquiry(
                project_id=project.id,
                kind=kind,
                status=status,
                content="测试",
                filed_by=self.user.id,
                filed_at=beijing("2026-11-10 10:00"),
            )
        )


async def build(session) -> None:
    f = Fixture(session)
    await f.setup()
    p1 = await f.project(
        "A",
        "370102",
        "FISCAL",
        "DIRECT",
        100000,
        "COMPLETED",
        "2026-11-02 10:00",
        "2026-11-05 10:00",
        "X",
        80000,
    )
    p2 = await f.project(
        "A",
        "370102",
        "FISCAL",
        "RANDOM",
        50000,
        "IN_SERVICE",
        "2026-11-02 10:00",
        "2026-11-09 10:00",
        "X",
        45000,
    )
    await f.project(
        "A",
        "370103",
        "SOCIAL",
        "BIDDING",
        200000,
        "ACCEPTED",
        "2026-09-28 10:00",
        "2026-10-09 10:00",
        "Y",
        150000,
    )
    await f.project(
        "B",
        "370102",
        "SOCIAL",
        "AVERAGE_PRICE",
        30000,
        "RESULT_ANNOUNCED",
        "2026-11-16 10:00",
        "2026-11-18 10:00",
        "Z",
    )
    await f.project("A", "370102", "FISCAL", "DIRECT", 20000, "FAILED", "2026-11-02 10:00")
    await f.project("B", "370102", "FISCAL", "DIRECT", 60000, "PUBLISHED", "2026-11-30 23:30")
    await f.project("A", "370102", "FISCAL", "DIRECT", 999999, "DRAFT", None)
    await f.project("A", "370102", "FISCAL", "DIRECT", 70000, "CANCELLED", "2026-11-02 10:00")
    p9 = await f.project(
        "A",
        "370102",
        "FISCAL",
        "DIRECT",
        100000,
        "COMPLETED",
        "2026-11-03 10:00",
        "2026-11-04 10:00",
        "Y",
        90000,
    )
    await f.project("B", "370102", "SOCIAL", "DIRECT", 40000, "PUBLISHED", "2026-12-01 00:30")
    await f.evaluation(p1, "X", (5, 4, 5, 4, 5))
    await f.evaluation(p1, "X", (3, 4, 3, 4, 3), by_authority=True)
    await f.evaluation(p9, "Y", (4, 3, 4, 5, 2))
    await f.enquiry(p2, "OBJECTION", "ANSWERED")
    await f.enquiry(p2, "COMPLAINT", "DISMISSED")
    for item, winners in (("C", "X" * 5 + "Y" * 3 + "Z" * 2), ("D", "XYZW")):
        for winner in winners:
            await f.project(
                item,
                "440100",
                "SOCIAL",
                "DIRECT",
                10000,
                "RESULT_ANNOUNCED",
                "2026-11-02 10:00",
                "2026-11-03 10:00",
                winner,
            )


FIGURES = """projects budget results failed contracts contractAmount savings savingsRate
  averageWorkingDaysToResult objections complaints complaintRate evaluations evaluationRate
  evaluationAverages { quality timeliness attitude feeReasonableness standardisation overall }"""
TOTALS = (
    f"""query($filter: StatisticsFilter) {{ statistics(filter: $filter) {{ totals {{ {FIGURES} }} }} }}"""
)
BREAKDOWN = """query($filter: StatisticsFilter, $by: StatisticsDimension!, $unit: PeriodUnit, $level: RegionLevel) {
  statistics(filter: $filter) { breakdown(by: $by, periodUnit: $unit, regionLevel: $level) {
    key label region { code } serviceItem { code } figures { projects budget results } } } }"""
CONCENTRATION = """query($filter: StatisticsFilter, $level: RegionLevel, $measure: ConcentrationMeasure,
  $top: Int, $min: Int, $first: Int) { statistics(filter: $filter) {
  concentration(regionLevel: $level, measure: $measure, top: $top, minAwards: $min, first: $first) {
    serviceItem { code } region { code } awards contractAmount agencies hhi topShare
    leaders { agency { name } awards contractAmount share } } } }"""
SHANDONG = {"regionCode": "370000"}


async def _totals(gql, filter=None) -> dict:
    return (await gql.data(TOTALS, {"filter": filter}))["statistics"]["totals"]


async def _groups(gql, by: str, filter=None, **arguments) -> list[dict]:
    data = await gql.data(BREAKDOWN, {"filter": filter, "by": by, **arguments})
    return data["statistics"]["breakdown"]


async def _cells(gql, filter=None, **arguments) -> list[dict]:
    return (await gql.data(CONCENTRATION, {"filter": filter, **arguments}))["statistics"]["concentration"]


async def test_totals_equal_the_hand_computed_figures(gql) -> None:
    assert await _totals(gql, SHANDONG) == {
        "projects": 8,  # the draft and the cancelled project are not public
        "budget": "600000.00",
        "results": 5,
        "failed": 1,
        "contracts": 4,
        "contractAmount": "365000.00",
        "savings": "85000.00",  # 450000 budgeted on the four contracts
        "savingsRate": 0.1889,
        "averageWorkingDaysToResult": 3.0,  # (3 + 5 + 4 + 2 + 1) / 5
        "objections": 1,
        "complaints": 1,
        "complaintRate": 0.2,
        "evaluations": 3,
        "evaluationRate": 0.6667,  # P1 and P9 evaluated of P1, P3, P9 accepted
        "evaluationAverages": {
            "quality": 4.0,
            "timeliness": 3.67,
            "attitude": 4.0,
            "feeReasonableness": 4.33,
            "standardisation": 3.33,
            "overall": 3.87,  # 58 / 15
        },
    }


async def test_filters_narrow_the_scope(gql) -> None:
    november = {**SHANDONG, "publishedFrom": "2026-11-01", "publishedTo": "2026-11-30"}
    assert (await _totals(gql, november))["projects"] == 6  # 23:30 on the 30th is in, 00:30 on the 1st out
    direct = await _totals(gql, {**SHANDONG, "selectionMethods": ["DIRECT"]})
    assert (direct["projects"], direct["budget"], direct["contracts"]) == (5, "320000.00", 2)
    item_b = await _totals(gql, {"serviceItemCode": ITEMS["B"].lower()})
    assert (item_b["projects"], item_b["results"], item_b["savingsRate"]) == (3, 1, None)
    empty = await _totals(gql, {"regionCode": "110000"})
    assert empty["projects"] == 0 and empty["budget"] == "0.00" and empty["evaluationAverages"] is None
    assert empty["averageWorkingDaysToResult"] is None and empty["complaintRate"] is None


async def test_breakdowns_by_every_dimension(gql) -> None:
    def summary(groups):
        return [(g["key"], g["figures"]["projects"], g["figures"]["budget"]) for g in groups]

    assert summary(await _groups(gql, "FUNDING_TYPE", SHANDONG)) == [
        ("FISCAL", 5, "330000.00"),
        ("SOCIAL", 3, "270000.00"),
    ]
    funding = await _groups(gql, "FUNDING_TYPE", SHANDONG)
    assert [g["label"] for g in funding] == ["财政性资金", "社会性资金"]
    assert summary(await _groups(gql, "PERIOD", SHANDONG)) == [
        ("2026-09", 1, "200000.00"),
        ("2026-11", 6, "360000.00"),
        ("2026-12", 1, "40000.00"),
    ]
    assert summary(await _groups(gql, "PERIOD", SHANDONG, unit="QUARTER")) == [
        ("2026-Q3", 1, "200000.00"),
        ("2026-Q4", 7, "400000.00"),
    ]
    assert summary(await _groups(gql, "PERIOD", SHANDONG, unit="YEAR")) == [("2026", 8, "600000.00")]
    districts = await _groups(gql, "REGION", SHANDONG, level="DISTRICT")
    assert summary(districts) == [("370102", 7, "400000.00"), ("370103", 1, "200000.00")]
    assert districts[0]["region"] == {"code": "370102"} and districts[0]["serviceItem"] is None
    provinces = await _groups(gql, "REGION", None, level="PROVINCE")
    assert [(g["key"], g["label"], g["figures"]["projects"]) for g in provinces] == [
        ("370000", "山东省", 8),
        ("440000", "广东省", 14),
    ]
    items = await _groups(gql, "SERVICE_ITEM", SHANDONG)
    assert summary(items) == [(ITEMS["A"], 5, "470000.00"), (ITEMS["B"], 3, "130000.00")]
    assert items[0]["label"] == "统计测试事项A" and items[0]["serviceItem"] == {"code": ITEMS["A"]}
    methods = await _groups(gql, "SELECTION_METHOD", SHANDONG)
    assert [(g["key"], g["figures"]["projects"], g["figures"]["results"]) for g in methods] == [
        ("AVERAGE_PRICE", 1, 1),
        ("BIDDING", 1, 1),
        ("DIRECT", 5, 2),
        ("RANDOM", 1, 1),
    ]
    assert summary(await _groups(gql, "TRADE_MODE", SHANDONG)) == [("CHOOSE_ONE", 8, "600000.00")]


async def test_hhi_of_known_markets(gql) -> None:
    guangzhou = {"regionCode": "440100"}
    cells = await _cells(gql, guangzhou, top=1)
    assert [(c["serviceItem"]["code"], c["hhi"], c["topShare"], c["agencies"]) for c in cells] == [
        (ITEMS["C"], 3800.0, 0.5, 3),  # shares 50 %, 30 %, 20 %
        (ITEMS["D"], 2500.0, 0.25, 4),  # four equal winners
    ]
    assert [leader["share"] for leader in cells[0]["leaders"]] == [0.5]
    two = await _cells(gql, {**guangzhou, "serviceItemCode": ITEMS["C"]}, top=2)
    assert two[0]["topShare"] == 0.8
    assert [(s["agency"]["name"], s["awards"]) for s in two[0]["leaders"]] == [
        ("统计测试机构X", 5),
        ("统计测试机构Y", 3),
    ]
    three = await _cells(gql, {**guangzhou, "serviceItemCode": ITEMS["D"]}, top=3)
    assert three[0]["topShare"] == 0.75 and len(three[0]["leaders"]) == 3


async def test_concentration_by_awards_and_by_contract_amount(gql) -> None:
    cities = await _cells(gql, SHANDONG, top=1)
    assert [(c["serviceItem"]["code"], c["region"]["code"], c["awards"], c["hhi"]) for c in cities] == [
        (ITEMS["B"], "370100", 1, 10000.0),  # a monopoly comes first
        (ITEMS["A"], "370100", 4, 5000.0),  # X and Y two each
    ]
    by_amount = await _cells(gql, SHANDONG, measure="CONTRACT_AMOUNT", top=1)
    assert len(by_amount) == 1  # item B has no contract yet
    assert by_amount[0]["hhi"] == 5496.34  # X 125000, Y 240000
    assert by_amount[0]["topShare"] == 0.6575
    assert by_amount[0]["contractAmount"] == "365000.00"
    assert [(s["agency"]["name"], s["contractAmount"]) for s in by_amount[0]["leaders"]] == [
        ("统计测试机构Y", "240000.00")
    ]
    districts = await _cells(gql, SHANDONG, level="DISTRICT")
    assert [(c["serviceItem"]["code"], c["region"]["code"], c["hhi"]) for c in districts] == [
        (ITEMS["A"], "370103", 10000.0),
        (ITEMS["B"], "370102", 10000.0),
        (ITEMS["A"], "370102", 5555.56),  # X 2, Y 1
    ]
    busy = await _cells(gql, SHANDONG, level="DISTRICT", min=2)
    assert [c["region"]["code"] for c in busy] == ["370102"]
    assert len(await _cells(gql, None, first=1)) == 1


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        (CONCENTRATION, {"top": 0}),
        (CONCENTRATION, {"top": 21}),
        (CONCENTRATION, {"first": 101}),
        (CONCENTRATION, {"min": 0}),
        (TOTALS, {"filter": {"regionCode": "37"}}),
        (TOTALS, {"filter": {"publishedFrom": "2026-12-01", "publishedTo": "2026-11-01"}}),
    ],
)
async def test_bad_arguments_are_user_input_errors(gql, query, variables) -> None:
    assert await gql.error_codes(query, variables) == ["BAD_USER_INPUT"]


async def test_statement_count_does_not_grow_with_the_groups(gql, count_statements) -> None:
    query = """query($filter: StatisticsFilter) { statistics(filter: $filter) { totals { projects }
      byItem: breakdown(by: SERVICE_ITEM) { key label serviceItem { name } figures { projects } }
      byRegion: breakdown(by: REGION, regionLevel: DISTRICT) { key label region { name } figures { budget } }
      concentration(first: 100) { hhi serviceItem { code } region { name } leaders { agency { name } } } } }"""
    for filter, groups in (({"regionCode": "440100"}, 2 + 1 + 2), (None, 4 + 3 + 4)):
        with count_statements() as counter:
            data = (await gql.data(query, {"filter": filter}))["statistics"]
        statements = counter.statements
        assert len(data["byItem"]) + len(data["byRegion"]) + len(data["concentration"]) == groups
        # one aggregation for the totals and each breakdown, two for the concentration (cells, leaders)
        assert sum("facts" in s or "wins" in s for s in statements) == 5, statements
        # items, regions and agencies batched: a load per table and resolution wave, however many groups
        for table in ("service_items", "regions", "agencies"):
            loads = [s for s in statements if f"FROM {table} " in s and "facts" not in s and "wins" not in s]
            assert 1 <= len(loads) <= 2, (table, statements)
