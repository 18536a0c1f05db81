"""Market statistics (统计分析), aggregated by SQL over the projects the public sees.

Every figure counts projects from their publication on (the public's rows of `PROJECT_ROWS`), so the
figures are the same for every caller. Amounts are CNY: the budget (预算); the contract amount (合同金额) of
signed contracts; savings (节约资金) = budget − contract amount over the projects with a signed contract, and
the savings rate (节约率) over the budget of those same projects. Working days from publication to the
result follow the Beijing working-day calendar (`calendar_days`). The complaint rate is the share of
projects with a result that drew at least one complaint; the evaluation rate the share of accepted
projects the owner has evaluated.

Market concentration (市场集中度) per service item and region: each winner's share sᵢ of the cell's awards
(or contract amount), the Herfindahl–Hirschman index HHI = Σ (100·sᵢ)² — 10,000 for a monopoly, 10,000/n for
n equal winners — and the combined share of the top N winners (CRn).

Amounts are added up in cents (`models.arithmetic`), so a province's totals — contracts up to the largest
amount the money columns hold, 10^13 CNY and more in all — come out to the cent on both backends, and the
HHI is computed from Σ weight² and the total by SQL without overflowing. Figures are rounded half up
(四舍五入): amounts to the cent, rates and shares to 0.0001, means and the HHI to 0.01; markets are ranked by
the HHI as shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    case,
    func,
    literal_column,
    select,
    tuple_,
    type_coerce,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from zhongjie.auth.principal import ANONYMOUS
from zhongjie.auth.visibility import VISIBILITY
from zhongjie.base.regions import LEVEL_DIGITS, within_region
from zhongjie.domain.awards.vocabulary import EVALUATION_ASPECTS, AwardStatus, EnquiryKind
from zhongjie.domain.projects.access import PROJECT_ROWS
from zhongjie.domain.projects.lifecycle import AFTER_RESULT
from zhongjie.domain.projects.vocabulary import ProjectStatus
from zhongjie.models import CalendarDay, Project, ProjectAward, ProjectEnquiry, ServiceEvaluation, ServiceItem
from zhongjie.models.arithmetic import cents, rounded_quotient
from zhongjie.models.calendar import beijing_date, beijing_period

CENT, RATIO, AVERAGE = Decimal("0.01"), Decimal("0.0001"), Decimal("0.01")
WITH_RESULT = sorted(status.value for status in AFTER_RESULT)
ACCEPTED = sorted({ProjectStatus.ACCEPTED.value, ProjectStatus.COMPLETED.value})


class Dimension(StrEnum):
    REGION = "region"
    SERVICE_ITEM = "service_item"
    FUNDING_TYPE = "funding_type"
    TRADE_MODE = "trade_mode"
    SELECTION_METHOD = "selection_method"
    PERIOD = "period"


class PeriodUnit(StrEnum):
    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"


class Measure(StrEnum):
    AWARDS = "awards"  # 中选项目数
    CONTRACT_AMOUNT = "contract_amount"  # 合同金额


@dataclass(frozen=True)
class Scope:
    """Which projects count: all given conditions hold (times are UTC, `published_before` exclusive)."""

    region_code: str | None = None
    service_item_code: str | None = None
    funding_types: frozenset[str] = frozenset()
    trade_modes: frozenset[str] = frozenset()
    selection_methods: frozenset[str] = frozenset()
    published_from: datetime | None = None
    published_before: datetime | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        conditions = [VISIBILITY.row_filter(ANONYMOUS, PROJECT_ROWS)]
        if self.region_code is not None:
            conditions.append(within_region(Project.region_code, self.region_code))
        if self.service_item_code is not None:
            conditions.append(
                Project.service_item_id.in_(
                    select(ServiceItem.id).where(ServiceItem.code == self.service_item_code)
                )
            )
        for values, column in (
            (self.funding_types, Project.funding_type),
            (self.trade_modes, Project.trade_mode),
            (self.selection_methods, Project.selection_method),
        ):
            if values:
                conditions.append(column.in_(sorted(values)))
        if self.published_from is not None:
            conditions.append(Project.published_at >= self.published_from)
        if self.published_before is not None:
            conditions.append(Project.published_at < self.published_before)
        return conditions


@dataclass(frozen=True)
class EvaluationAverages:
    """Mean scores (1–5) over the evaluations, per aspect and over all aspects."""

    quality: Decimal
    timeliness: Decimal
    attitude: Decimal
    fee_reasonableness: Decimal
    standardisation: Decimal
    overall: Decimal


@dataclass(frozen=True)
class Figures:
    projects: int
    budget: Decimal
    results: int
    failed: int
    contracts: int
    contract_amount: Decimal
    savings: Decimal
    savings_rate: Decimal | None
    average_working_days_to_result: Decimal | None
    objections: int
    complaints: int
    complaint_rate: Decimal | None
    evaluations: int
    evaluation_rate: Decimal | None
    evaluation_averages: EvaluationAverages | None


@dataclass(frozen=True)
class Group:
    key: str | int  # a region code, a service item id, an enum value or a period such as `2026-Q4`
    figures: Figures


@dataclass(frozen=True)
class Share:
    agency_id: int
    awards: int
    contract_amount: Decimal
    share: Decimal  # 0 … 1


@dataclass(frozen=True)
class Concentration:
    service_item_id: int
    region_code: str
    awards: int
    contract_amount: Decimal
    agencies: int
    hhi: Decimal  # 0 … 10,000
    top_share: Decimal  # 0 … 1
    leaders: list[Share] = field(default_factory=list)


def region_key(level: int) -> ColumnElement[str]:
    """The project's region rolled up to `level`: 370102 → 370000 (1), 370100 (2), 370102 (3)."""
    digits = LEVEL_DIGITS[level]
    if digits == 6:
        return Project.region_code.expression
    # constants inline, so GROUP BY repeats the very expression the SELECT list has (PostgreSQL checks)
    prefix = func.substr(Project.region_code, literal_column("1"), literal_column(str(digits)))
    return type_coerce(prefix, String) + literal_column(f"'{'0' * (6 - digits)}'", String)


def _ratio(part: Any, whole: Any, exponent: Decimal = RATIO) -> Decimal | None:
    """part / whole rounded half up, None for a zero whole."""
    return _quotient(part, whole, exponent) if whole else None


def _quotient(part: Any, whole: Any, exponent: Decimal) -> Decimal:
    """part / whole (not zero) rounded half up. Correctly rounded for the operands here (counts, or amounts
    in cents, below 10^20): 28 significant digits come closer to the quotient than any rounding boundary it
    does not lie on."""
    return (Decimal(part or 0) / Decimal(whole)).quantize(exponent, ROUND_HALF_UP)


def _money(value_in_cents: Any) -> Decimal:
    return (Decimal(value_in_cents or 0) / 100).quantize(CENT, ROUND_HALF_UP)


def _counted(value: Any) -> int:
    return int(value or 0)


# --- figures -------------------------------------------------------------------------------------


def _signed_contract() -> tuple[Any, ColumnElement[bool]]:
    """The award in force with its contract signed, and the condition joining it to its project."""
    contract = aliased(ProjectAward, name="contract")
    joined = (
        (contract.project_id == Project.id)
        & (contract.status == AwardStatus.ACTIVE.value)
        & contract.service_started_at.is_not(None)
    )
    return contract, joined


def _facts(scope: Scope, key: ColumnElement[Any] | None) -> Any:
    """One row per project in scope: its group key and what the figures add up."""
    scoped = select(Project.id).where(*scope.conditions())
    complaint = case((ProjectEnquiry.kind == EnquiryKind.COMPLAINT.value, 1), else_=0)
    objection = case((ProjectEnquiry.kind == EnquiryKind.OBJECTION.value, 1), else_=0)
    disputes = (
        select(
            ProjectEnquiry.project_id,
            func.sum(complaint).label("complaints"),
            func.sum(objection).label("objections"),
        )
        .where(ProjectEnquiry.project_id.in_(scoped))
        .group_by(ProjectEnquiry.project_id)
        .subquery("disputes")
    )
    scores = (
        select(
            ServiceEvaluation.project_id,
            func.count().label("evaluations"),
            *(
                func.sum(ServiceEvaluation.scores[aspect].as_integer()).label(aspect)
                for aspect in EVALUATION_ASPECTS
            ),
        )
        .where(ServiceEvaluation.project_id.in_(scoped))
        .group_by(ServiceEvaluation.project_id)
        .subquery("scores")
    )
    contract, signed = _signed_contract()
    published, resulted = aliased(CalendarDay, name="published_day"), aliased(CalendarDay, name="result_day")
    has_result = Project.status.in_(WITH_RESULT)
    keyed = [key.label("key")] if key is not None else []
    return (
        select(
            *keyed,
            cents(Project.budget).label("budget"),
            case((has_result, 1), else_=0).label("resulted"),
            case((Project.status == ProjectStatus.FAILED.value, 1), else_=0).label("failed"),
            cents(contract.price).label("contract_price"),
            case((contract.id.is_not(None), cents(Project.budget))).label("contracted_budget"),
            (resulted.working_ordinal - published.working_ordinal).label("days_to_result"),
            disputes.c.complaints,
            disputes.c.objections,
            scores.c.evaluations,
            *(scores.c[aspect] for aspect in EVALUATION_ASPECTS),
            case((Project.status.in_(ACCEPTED), 1), else_=0).label("accepted"),
            case((Project.status == ProjectStatus.COMPLETED.value, 1), else_=0).label("evaluated"),
        )
        .select_from(Project)
        .outerjoin(contract, signed)
        .outerjoin(published, published.day == beijing_date(Project.published_at))
        .outerjoin(resulted, (resulted.day == beijing_date(Project.result_announced_at)) & has_result)
        .outerjoin(disputes, disputes.c.project_id == Project.id)
        .outerjoin(scores, scores.c.project_id == Project.id)
        .where(*scope.conditions())
        .subquery("facts")
    )


def _aggregated(facts: Any, grouped: bool) -> Select[Any]:
    f = facts.c
    columns = (
        func.count().label("projects"),
        func.sum(f.budget).label("budget"),
        func.sum(f.resulted).label("results"),
        func.sum(f.failed).label("failed"),
        func.count(f.contract_price).label("contracts"),
        func.sum(f.contract_price).label("contract_amount"),
        func.sum(f.contracted_budget).label("contracted_budget"),
        func.sum(f.days_to_result).label("days_to_result"),
        func.count(f.days_to_result).label("timed_results"),
        func.sum(f.objections).label("objections"),
        func.sum(f.complaints).label("complaints"),
        func.sum(case((f.complaints > 0, 1), else_=0)).label("complained"),
        func.sum(f.evaluations).label("evaluations"),
        *(func.sum(f[aspect]).label(aspect) for aspect in EVALUATION_ASPECTS),
        func.sum(f.accepted).label("accepted"),
        func.sum(f.evaluated).label("evaluated"),
    )
    if grouped:
        return select(f.key, *columns).group_by(f.key).order_by(f.key)
    return select(*columns)


def _figures(row: Any) -> Figures:
    contract_amount, contracted_budget = _money(row.contract_amount), _money(row.contracted_budget)
    results, evaluations = _counted(row.results), _counted(row.evaluations)
    averages = None
    if evaluations:
        mean = {
            aspect: _quotient(_counted(getattr(row, aspect)), evaluations, AVERAGE)
            for aspect in EVALUATION_ASPECTS
        }
        total = sum(_counted(getattr(row, aspect)) for aspect in EVALUATION_ASPECTS)
        averages = EvaluationAverages(
            quality=mean["quality"],
            timeliness=mean["timeliness"],
            attitude=mean["attitude"],
            fee_reasonableness=mean["feeReasonableness"],
            standardisation=mean["standardisation"],
            overall=_quotient(total, evaluations * len(EVALUATION_ASPECTS), AVERAGE),
        )
    return Figures(
        projects=_counted(row.projects),
        budget=_money(row.budget),
        results=results,
        failed=_counted(row.failed),
        contracts=_counted(row.contracts),
        contract_amount=contract_amount,
        savings=contracted_budget - contract_amount,
        savings_rate=_ratio(contracted_budget - contract_amount, contracted_budget),
        average_working_days_to_result=_ratio(row.days_to_result, _counted(row.timed_results), AVERAGE),
        objections=_counted(row.objections),
        complaints=_counted(row.complaints),
        complaint_rate=_ratio(_counted(row.complained), results),
        evaluations=evaluations,
        evaluation_rate=_ratio(_counted(row.evaluated), _counted(row.accepted)),
        evaluation_averages=averages,
    )


def _group_key(dimension: Dimension, period: PeriodUnit, region_level: int) -> ColumnElement[Any]:
    if dimension is Dimension.REGION:
        return region_key(region_level)
    if dimension is Dimension.PERIOD:
        return beijing_period(Project.published_at, period.value)
    columns = {
        Dimension.SERVICE_ITEM: Project.service_item_id,
        Dimension.FUNDING_TYPE: Project.funding_type,
        Dimension.TRADE_MODE: Project.trade_mode,
        Dimension.SELECTION_METHOD: Project.selection_method,
    }
    return columns[dimension].expression


async def totals(session: AsyncSession, scope: Scope) -> Figures:
    """The figures over every project in scope, in one statement."""
    row = (await session.execute(_aggregated(_facts(scope, None), grouped=False))).one()
    return _figures(row)


async def breakdown(
    session: AsyncSession,
    scope: Scope,
    dimension: Dimension,
    period: PeriodUnit = PeriodUnit.MONTH,
    region_level: int = 2,
) -> list[Group]:
    """The figures per value of `dimension`, by key, in one statement."""
    facts = _facts(scope, _group_key(dimension, period, region_level))
    rows = await session.execute(_aggregated(facts, grouped=True))
    return [Group(key=row.key, figures=_figures(row)) for row in rows]


# --- concentration -------------------------------------------------------------------------------


def _ranked_winners(scope: Scope, region_level: int, measure: Measure) -> Any:
    """Per (service item, region, winning agency): its awards and contract amount, its weight by
    `measure`, the cell's total weight and the agency's rank in the cell."""
    contract, signed = _signed_contract()
    wins = (
        select(
            Project.service_item_id.label("item"),
            region_key(region_level).label("region"),
            Project.selected_agency_id.label("agency"),
            func.count().label("awards"),
            func.coalesce(func.sum(cents(contract.price)), 0).label("amount"),
        )
        .select_from(Project)
        .outerjoin(contract, signed)
        .where(*scope.conditions(), Project.status.in_(WITH_RESULT), Project.selected_agency_id.is_not(None))
        .group_by(Project.service_item_id, region_key(region_level), Project.selected_agency_id)
        .cte("wins")
    )
    weight = wins.c.awards if measure is Measure.AWARDS else wins.c.amount
    cell = (wins.c.item, wins.c.region)
    return (
        select(
            wins,
            weight.label("weight"),
            func.sum(weight).over(partition_by=cell).label("total"),
            func.row_number().over(partition_by=cell, order_by=(weight.desc(), wins.c.agency)).label("rank"),
        )
        .where(weight > 0)
        .cte("ranked")
    )


async def concentration(
    session: AsyncSession,
    scope: Scope,
    *,
    region_level: int = 2,
    measure: Measure = Measure.AWARDS,
    top: int = 3,
    minimum_awards: int = 1,
    first: int = 20,
) -> list[Concentration]:
    """The `first` most concentrated cells (highest HHI first) with their `top` leaders: two statements."""
    ranked = _ranked_winners(scope, region_level, measure)
    r = ranked.c
    total, awards = func.max(r.total), func.sum(r.awards)
    # HHI = 10,000 · Σ weight² / total², counted in hundredths: the figure shown, and the ranking
    squares = func.sum(r.weight * r.weight)
    hhi = rounded_quotient(squares * literal_column("1000000"), total * total).label("hhi")
    cells = list(
        await session.execute(
            select(
                r.item,
                r.region,
                awards.label("awards"),
                func.sum(r.amount).label("amount"),
                func.count().label("agencies"),
                hhi,
                total.label("total"),
                func.sum(case((r.rank <= top, r.weight), else_=0)).label("top_weight"),
            )
            .group_by(r.item, r.region)
            .having(awards >= minimum_awards)
            .order_by(hhi.desc(), awards.desc(), r.item, r.region)
            .limit(first)
        )
    )
    leaders = await _leaders(session, ranked, [(cell.item, cell.region) for cell in cells], top)
    return [
        Concentration(
            service_item_id=cell.item,
            region_code=cell.region,
            awards=_counted(cell.awards),
            contract_amount=_money(cell.amount),
            agencies=_counted(cell.agencies),
            hhi=(Decimal(cell.hhi) / 100).quantize(CENT),
            top_share=_ratio(cell.top_weight, cell.total) or Decimal(0),
            leaders=leaders.get((cell.item, cell.region), []),
        )
        for cell in cells
    ]


async def _leaders(
    session: AsyncSession, ranked: Any, cells: Sequence[tuple[int, str]], top: int
) -> dict[tuple[int, str], list[Share]]:
    if not cells:
        return {}
    r = ranked.c
    rows = await session.execute(
        select(r.item, r.region, r.agency, r.awards, r.amount, r.weight, r.total)
        .where(r.rank <= top, tuple_(r.item, r.region).in_(list(cells)))
        .order_by(r.item, r.region, r.rank)
    )
    leaders: dict[tuple[int, str], list[Share]] = {}
    for row in rows:
        leaders.setdefault((row.item, row.region), []).append(
            Share(
                agency_id=row.agency,
                awards=_counted(row.awards),
                contract_amount=_money(row.amount),
                share=_ratio(row.weight, row.total) or Decimal(0),
            )
        )
    return leaders
