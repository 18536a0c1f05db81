"""Statistics over contracts up to the largest amount the money columns hold (999,999,999,999.99 CNY).

Guangdong (440000), Beijing times; L = 999,999,999,999.99, A = 123,456,789,012.34:

| city | item | projects | winners and contracts (each budget L unless said) |
|---|---|---|---|
| 广州 440100 | H | 4 | X twice L, Y once A, Z once 0.01 (budget 1.00) |
| 广州 440100 | H | 2 | a failure and a project still open for sign-up, no winner |
| 深圳 440300 | H | 20 | W1–W4 five times L each (2·10^13 CNY in all) |
| 珠海 440400 | H | 4 | V1–V4 once L each |
| 佛山 440600 | F | 2000 | results without contracts, budget 1,000,000.00: U1 twice, U2–U1999 once |

By contract amount 广州's HHI is 10⁴·((2L)² + A² + 0.01²) / (2L + A + 0.01)² = 8904.81; a square of L alone has
28 digits, and squares of a million CNY already overflowed NUMERIC(14, 2) (INTERNAL). By awards 佛山's HHI
is 10⁴·(2² + 1998) / 2000² = 5.005, which rounds half up to 5.01.
"""

from __future__ import annotations

from fractions import Fraction

from tests.statistics.bulk import (
    LARGEST_AMOUNT,
    Bulk,
    beijing,
    hhi,
    rounded,
    yuan,
)

L, A = LARGEST_AMOUNT, 12_345_678_901_234  # cents
ITEMS = {"H": "ZJ-BIG-H", "F": "ZJ-BIG-F"}
PUBLISHED, RESULT = beijing("2025-06-03 10:00"), beijing("2025-06-10 10:00")  # 5 working days apart
GUANGDONG = {"regionCode": "440000"}
FIGURES = """projects budget results failed contracts contractAmount savings savingsRate
  averageWorkingDaysToResult objections complaints complaintRate evaluations evaluationRate evaluationAverages { overall }"""
TOTALS = f"query($filter: StatisticsFilter) {{ statistics(filter: $filter) {{ totals {{ {FIGURES} }} }} }}"
BY_CITY = f"""query($filter: StatisticsFilter) {{ statistics(filter: $filter) {{
  breakdown(by: REGION, regionLevel: CITY) {{ key figures {{ {FIGURES} }} }} }} }}"""
CONCENTRATION = """query($filter: StatisticsFilter, $level: RegionLevel, $measure: ConcentrationMeasure, $top: Int) {
  statistics(filter: $filter) { concentration(regionLevel: $level, measure: $measure, top: $top, first: 100) {
    serviceItem { code } region { code } awards contractAmount agencies hhi topShare
    leaders { agency { name } awards contractAmount share } } } }"""


async def build(session) -> None:
    bulk = Bulk(session)
    await bulk.owner()
    items = await bulk.items(list(ITEMS.values()))
    agencies = await bulk.agencies(1999)  # 机构1 … 机构1999
    x, y, z, *rest = agencies
    w, v = rest[:4], rest[4:8]
    h, f = items[ITEMS["H"]], items[ITEMS["F"]]

    def won(region: str, item: int, winner: int, budget: int = L, status: str = "IN_SERVICE") -> dict:
        return {
            "region": region,
            "item": item,
            "budget": budget,
            "status": status,
            "published": PUBLISHED,
            "result": RESULT,
            "winner": winner,
        }

    signed = [
        (won("440100", h, x), L),
        (won("440100", h, x), L),
        (won("440100", h, y), A),
        (won("440100", h, z, budget=100), 1),
        *((won("440300", h, agency), L) for agency in w for _ in range(5)),
        *((won("440400", h, agency), L) for agency in v),
    ]
    projects = await bulk.projects([row for row, _ in signed])
    await bulk.contracts(
        [
            (project, row["winner"], price, RESULT)
            for project, (row, price) in zip(projects, signed, strict=True)
        ]
    )
    open_ones = [{"region": "440100", "item": h, "budget": L, "published": PUBLISHED}]
    await bulk.projects([{**open_ones[0], "status": "FAILED"}, {**open_ones[0], "status": "PUBLISHED"}])
    foshan = [agencies[0], *agencies]  # 机构1 twice, every other once
    await bulk.projects([won("440600", f, agency, 100_000_000, "RESULT_ANNOUNCED") for agency in foshan])


def figures(projects: int, budget: int, results: int, failed: int, contracts: list[tuple[int, int]]) -> dict:
    """The figures of projects with `budget` cents in all, `contracts` the (budget, price) pairs signed."""
    contracted, amount = sum(b for b, _ in contracts), sum(p for _, p in contracts)
    return {
        "projects": projects,
        "budget": yuan(budget),
        "results": results,
        "failed": failed,
        "contracts": len(contracts),
        "contractAmount": yuan(amount),
        "savings": yuan(contracted - amount),
        "savingsRate": rounded(Fraction(contracted - amount, contracted), 4) if contracts else None,
        "averageWorkingDaysToResult": 5.0 if results else None,
        "objections": 0,
        "complaints": 0,
        "complaintRate": 0.0 if results else None,
        "evaluations": 0,
        "evaluationRate": None,
        "evaluationAverages": None,
    }


GUANGZHOU = figures(6, 5 * L + 100, 4, 1, [(L, L), (L, L), (L, A), (100, 1)])
SHENZHEN = figures(20, 20 * L, 20, 0, [(L, L)] * 20)
ZHUHAI = figures(4, 4 * L, 4, 0, [(L, L)] * 4)
FOSHAN = figures(2000, 2000 * 100_000_000, 2000, 0, [])


async def test_totals_of_the_largest_contracts_are_exact(gql) -> None:
    totals = (await gql.data(TOTALS, {"filter": GUANGDONG}))["statistics"]["totals"]
    assert totals == figures(
        2030, 29 * L + 100 + 2000 * 100_000_000, 2028, 1, [(L, L)] * 26 + [(L, A), (100, 1)]
    )
    # written out: 26 L + A + 0.01, and the savings L − A + 0.99 over 27 L + 1.00 budgeted
    assert totals["contractAmount"] == "26123456789012.09"
    assert totals["budget"] == "29002000000000.71"
    assert (totals["savings"], totals["savingsRate"]) == ("876543210988.64", 0.0325)
    shenzhen = (await gql.data(TOTALS, {"filter": {"regionCode": "440300"}}))["statistics"]["totals"]
    assert shenzhen["contractAmount"] == "19999999999999.80"


async def test_breakdown_by_city_is_exact(gql) -> None:
    groups = (await gql.data(BY_CITY, {"filter": GUANGDONG}))["statistics"]["breakdown"]
    assert {group["key"]: group["figures"] for group in groups} == {
        "440100": GUANGZHOU,
        "440300": SHENZHEN,
        "440400": ZHUHAI,
        "440600": FOSHAN,
    }


async def _cells(gql, **variables) -> list[dict]:
    data = await gql.data(CONCENTRATION, {"filter": GUANGDONG, "top": 1, **variables})
    return data["statistics"]["concentration"]


async def test_concentration_by_contract_amount_of_the_largest_contracts(gql) -> None:
    cells = await _cells(gql, measure="CONTRACT_AMOUNT")
    assert [
        (c["region"]["code"], c["awards"], c["contractAmount"], c["agencies"], c["hhi"], c["topShare"])
        for c in cells
    ] == [
        ("440100", 4, yuan(2 * L + A + 1), 3, 8904.81, 0.9419),
        ("440300", 20, yuan(20 * L), 4, 2500.0, 0.25),  # equal HHI: more awards first
        ("440400", 4, yuan(4 * L), 4, 2500.0, 0.25),
    ]  # 佛山 has no contract, so no share of any amount
    assert cells[0]["hhi"] == hhi([2 * L, A, 1])
    assert cells[0]["leaders"] == [
        {"agency": {"name": "机构1"}, "awards": 2, "contractAmount": yuan(2 * L), "share": 0.9419}
    ]
    shares = await _cells(gql, measure="CONTRACT_AMOUNT", top=3, filter={"regionCode": "440100"})
    assert [leader["share"] for leader in shares[0]["leaders"]] == [0.9419, 0.0581, 0.0]
    province = await _cells(gql, measure="CONTRACT_AMOUNT", level="PROVINCE")
    weights = [2 * L, A, 1] + [5 * L] * 4 + [L] * 4
    assert [(c["region"]["code"], c["awards"], c["agencies"], c["hhi"], c["topShare"]) for c in province] == [
        ("440000", 28, 11, hhi(weights), rounded(Fraction(5 * L, sum(weights)), 4))
    ]
    assert province[0]["hhi"] == 1582.79


async def test_concentration_by_awards_ranks_by_the_hhi_shown(gql) -> None:
    cells = await _cells(gql, measure="AWARDS")
    assert [(c["region"]["code"], c["awards"], c["agencies"], c["hhi"], c["topShare"]) for c in cells] == [
        ("440100", 4, 3, 3750.0, 0.5),
        ("440300", 20, 4, 2500.0, 0.25),
        ("440400", 4, 4, 2500.0, 0.25),
        ("440600", 2000, 1999, 5.01, 0.001),  # 5.005 exactly, half up; share 2 / 2000
    ]
    assert cells[-1]["serviceItem"] == {"code": ITEMS["F"]}
    assert cells[-1]["leaders"] == [
        {"agency": {"name": "机构1"}, "awards": 2, "contractAmount": "0.00", "share": 0.001}
    ]
