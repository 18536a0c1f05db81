"""Statistics of a province's year: 100,000 projects in Shandong's 16 cities, 20,000 agencies.

The rows are drawn from a seeded generator and inserted in bulk; every expected figure is recomputed
here from the drawn rows in integer and fraction arithmetic, following the definitions in
`domain.statistics` (published projects only, savings over the contracted budgets, HHI and shares of the
winners with a positive weight, rounded half up). Budgets run to 200 million CNY, so the totals reach
10^13 CNY, where adding REAL amounts on SQLite had already lost cents; each of the 80 markets (5 items ×
16 cities) has hundreds of winners, a share of them going to one dominant agency.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

import pytest

from tests.statistics.bulk import ASPECTS, Bulk, beijing, rounded, yuan
from zhongjie.domain.calendar import shipped_calendar
from zhongjie.domain.statistics import ACCEPTED, WITH_RESULT
from zhongjie.domain.values import SHANGHAI

PROJECTS, AGENCIES = 100_000, 20_000
CITIES = [f"37{n:02d}00" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17)]
ITEMS = [f"ZJ-SCALE-{n}" for n in range(1, 6)]
FIRST_DAY = beijing("2025-01-01 10:00")
# status by the draw of a uniform number below each bound; drafts and cancelled projects are not public
STATUSES = [
    (0.04, "PUBLISHED"),
    (0.07, "FAILED"),
    (0.09, "CANCELLED"),
    (0.10, "DRAFT"),
    (0.25, "RESULT_ANNOUNCED"),
    (0.80, "IN_SERVICE"),
    (0.90, "ACCEPTED"),
    (1.00, "COMPLETED"),
]
SIGNED = {"IN_SERVICE", "ACCEPTED", "COMPLETED"}


@dataclass
class Drawn:
    """One drawn project and what hangs off it (amounts in cents)."""

    city: str
    item: str
    status: str
    budget: int
    published: object = None
    result: object = None
    winner: int | None = None  # index into the agencies
    price: int | None = None
    complaints: int = 0
    objections: int = 0
    scores: tuple[int, ...] | None = None
    project_id: int = 0
    month: str = field(init=False, default="")


def draw() -> list[Drawn]:
    rng = random.Random(2025)
    drawn = []
    for _ in range(PROJECTS):
        city, item = rng.randrange(len(CITIES)), rng.randrange(len(ITEMS))
        bound = rng.random()
        status = next(status for limit, status in STATUSES if bound < limit)
        project = Drawn(CITIES[city], ITEMS[item], status, rng.randint(10**9, 2 * 10**10))
        if status != "DRAFT":
            project.published = FIRST_DAY + timedelta(days=rng.randrange(365), minutes=rng.randrange(600))
            project.month = project.published.astimezone(SHANGHAI).strftime("%Y-%m")
        if status in WITH_RESULT:
            project.result = project.published + timedelta(days=rng.randint(1, 30))
            market = city * len(ITEMS) + item
            dominant = rng.random() < (market % 9) / 10  # markets from open to four fifths one agency's
            project.winner = market if dominant else rng.randrange(AGENCIES)
            project.complaints = (rng.random() < 0.05) + (rng.random() < 0.01)
            project.objections = int(rng.random() < 0.03)
        if status in SIGNED:
            project.price = project.budget - rng.randint(0, project.budget // 3)
        if status == "COMPLETED":
            project.scores = tuple(rng.randint(1, 5) for _ in ASPECTS)
        drawn.append(project)
    return drawn


DRAWN = draw()


async def build(session) -> None:
    bulk = Bulk(session)
    await bulk.owner()
    items = await bulk.items(ITEMS)
    agencies = await bulk.agencies(AGENCIES)
    rows = [
        {
            "region": p.city,
            "item": items[p.item],
            "budget": p.budget,
            "status": p.status,
            "published": p.published,
            "result": p.result,
            "winner": None if p.winner is None else agencies[p.winner],
        }
        for p in DRAWN
    ]
    for project, project_id in zip(DRAWN, await bulk.projects(rows), strict=True):
        project.project_id = project_id
    signed = [p for p in DRAWN if p.price is not None]
    awards = await bulk.contracts([(p.project_id, agencies[p.winner], p.price, p.result) for p in signed])
    await bulk.enquiries(
        [(p.project_id, "COMPLAINT") for p in DRAWN for _ in range(p.complaints)]
        + [(p.project_id, "OBJECTION") for p in DRAWN if p.objections]
    )
    await bulk.evaluations(
        [
            (p.project_id, award, agencies[p.winner], p.scores)
            for p, award in zip(signed, awards, strict=True)
            if p.scores
        ]
    )


FIGURES = """projects budget results failed contracts contractAmount savings savingsRate
  averageWorkingDaysToResult objections complaints complaintRate evaluations evaluationRate
  evaluationAverages { quality timeliness attitude feeReasonableness standardisation overall }"""
SHANDONG = {"regionCode": "370000"}


def _mean(total: int, count: int) -> float | None:
    return rounded(Fraction(total, count), 2) if count else None


def _rate(part: int, whole: int) -> float | None:
    return rounded(Fraction(part, whole), 4) if whole else None


def expected_figures(projects: Iterable[Drawn]) -> dict:
    public = [p for p in projects if p.status not in {"DRAFT", "CANCELLED"}]
    results = [p for p in public if p.status in WITH_RESULT]
    signed = [p for p in public if p.price is not None]
    evaluated = [p for p in public if p.scores]
    calendar = shipped_calendar()
    days = [
        calendar.working_days_between(
            p.published.astimezone(SHANGHAI).date(), p.result.astimezone(SHANGHAI).date()
        )
        for p in results
    ]
    contracted, amount = sum(p.budget for p in signed), sum(p.price for p in signed)
    averages = None
    if evaluated:
        means = [_mean(sum(p.scores[i] for p in evaluated), len(evaluated)) for i in range(len(ASPECTS))]
        overall = _mean(sum(sum(p.scores) for p in evaluated), len(evaluated) * len(ASPECTS))
        averages = dict(zip(ASPECTS, means, strict=True)) | {"overall": overall}
    return {
        "projects": len(public),
        "budget": yuan(sum(p.budget for p in public)),
        "results": len(results),
        "failed": sum(p.status == "FAILED" for p in public),
        "contracts": len(signed),
        "contractAmount": yuan(amount),
        "savings": yuan(contracted - amount),
        "savingsRate": _rate(contracted - amount, contracted),
        "averageWorkingDaysToResult": _mean(sum(days), len(days)),
        "objections": sum(p.objections for p in public),
        "complaints": sum(p.complaints for p in public),
        "complaintRate": _rate(sum(p.complaints > 0 for p in results), len(results)),
        "evaluations": len(evaluated),
        "evaluationRate": _rate(
            sum(p.status == "COMPLETED" for p in public), sum(p.status in ACCEPTED for p in public)
        ),
        "evaluationAverages": averages,
    }


def grouped(key: Callable[[Drawn], str]) -> dict[str, dict]:
    groups: dict[str, list[Drawn]] = defaultdict(list)
    for project in DRAWN:
        if project.status not in {"DRAFT", "CANCELLED"}:
            groups[key(project)].append(project)
    return {name: expected_figures(projects) for name, projects in groups.items()}


async def test_the_province_totals_are_exact(gql) -> None:
    totals = (
        await gql.data(
            f"query($f: StatisticsFilter) {{ statistics(filter: $f) {{ totals {{ {FIGURES} }} }} }}",
            {"f": SHANDONG},
        )
    )["statistics"]["totals"]
    expected = expected_figures(DRAWN)
    assert totals == expected
    assert totals["projects"] > 95_000 and Decimal(totals["budget"]) > 10**13


@pytest.mark.parametrize(
    ("by", "key"),
    [
        ("PERIOD", lambda p: p.month),
        ("REGION", lambda p: p.city),
        ("SERVICE_ITEM", lambda p: p.item),
    ],
)
async def test_breakdowns_of_the_province_are_exact(gql, by, key) -> None:
    query = f"""query($f: StatisticsFilter, $by: StatisticsDimension!) {{ statistics(filter: $f) {{
      breakdown(by: $by) {{ key figures {{ {FIGURES} }} }} }} }}"""
    groups = (await gql.data(query, {"f": SHANDONG, "by": by}))["statistics"]["breakdown"]
    expected = grouped(key)
    assert [group["key"] for group in groups] == sorted(expected)
    assert {group["key"]: group["figures"] for group in groups} == expected


@dataclass
class Market:
    item: str
    city: str
    awards: Counter = field(default_factory=Counter)  # by winner
    amounts: Counter = field(default_factory=Counter)


def markets() -> dict[tuple[str, str], Market]:
    found: dict[tuple[str, str], Market] = {}
    for p in DRAWN:
        if p.winner is None:
            continue
        market = found.setdefault((p.item, p.city), Market(p.item, p.city))
        market.awards[p.winner] += 1
        market.amounts[p.winner] += p.price or 0
    return found


def expected_cells(measure: str, top: int) -> list[dict]:
    """The markets as `concentration` shows them, in its order: HHI shown, awards, item, region."""
    cells = []
    for market in markets().values():
        weights = market.awards if measure == "AWARDS" else market.amounts
        winners = sorted((w for w in weights if weights[w] > 0), key=lambda w: (-weights[w], w))
        total = sum(weights[w] for w in winners)
        squares = sum(weights[w] ** 2 for w in winners)
        hundredths = int(Fraction(10**6 * squares, total * total) + Fraction(1, 2))  # half up
        cells.append(
            {
                "serviceItem": {"code": market.item},
                "region": {"code": market.city},
                "awards": sum(market.awards[w] for w in winners),
                "contractAmount": yuan(sum(market.amounts[w] for w in winners)),
                "agencies": len(winners),
                "hhi": hundredths / 100,
                "topShare": rounded(Fraction(sum(weights[w] for w in winners[:top]), total), 4),
                "leaders": [
                    {
                        "agency": {"name": f"机构{w + 1}"},
                        "awards": market.awards[w],
                        "contractAmount": yuan(market.amounts[w]),
                        "share": rounded(Fraction(weights[w], total), 4),
                    }
                    for w in winners[:top]
                ],
            }
        )
    # items were inserted in code order and cities sort by code, so ids and codes order alike
    return sorted(
        cells, key=lambda c: (-c["hhi"], -c["awards"], c["serviceItem"]["code"], c["region"]["code"])
    )


@pytest.mark.parametrize("measure", ["AWARDS", "CONTRACT_AMOUNT"])
async def test_concentration_of_every_market_of_the_province(gql, measure) -> None:
    query = """query($f: StatisticsFilter, $measure: ConcentrationMeasure) { statistics(filter: $f) {
      concentration(measure: $measure, top: 3, first: 100) { serviceItem { code } region { code } awards
        contractAmount agencies hhi topShare leaders { agency { name } awards contractAmount share } } } }"""
    cells = (await gql.data(query, {"f": SHANDONG, "measure": measure}))["statistics"]["concentration"]
    expected = expected_cells(measure, 3)
    assert len(cells) == len(CITIES) * len(ITEMS) == 80
    assert cells == expected
    assert max(cell["agencies"] for cell in cells) > 500
    assert {round(cell["hhi"], -3) for cell in cells} >= {0, 1000, 2000, 4000, 6000}  # open to dominated
