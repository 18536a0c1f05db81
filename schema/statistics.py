"""Market statistics (统计分析) as GraphQL types; public, over the projects the public sees."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Self

import strawberry

from zhongjie.domain import statistics
from zhongjie.domain.projects.vocabulary import FundingType, SelectionMethod, TradeMode
from zhongjie.domain.statistics import Dimension, Measure, PeriodUnit, Scope
from zhongjie.resolvers import statistics as statistics_resolvers
from zhongjie.resolvers.statistics import MAX_CELLS, MAX_TOP
from zhongjie.schema.agencies import Agency
from zhongjie.schema.catalog import ServiceItem
from zhongjie.schema.enums import labelled
from zhongjie.schema.projects import FundingTypeEnum, SelectionMethodEnum, TradeModeEnum
from zhongjie.schema.regions import Region, RegionLevel

StatisticsDimensionEnum = Annotated[
    Dimension,
    labelled(
        Dimension,
        name="StatisticsDimension",
        description="What `breakdown` groups by (统计维度).",
        labels={
            Dimension.REGION: "区划 region, rolled up to `regionLevel`",
            Dimension.SERVICE_ITEM: "中介服务事项 service item",
            Dimension.FUNDING_TYPE: "资金性质 funding type",
            Dimension.TRADE_MODE: "交易模式 trade mode",
            Dimension.SELECTION_METHOD: "选取方式 selection method",
            Dimension.PERIOD: "发布时间 period of publication (Beijing time), by `periodUnit`",
        },
    ),
]
PeriodUnitEnum = Annotated[
    PeriodUnit,
    labelled(
        PeriodUnit,
        name="PeriodUnit",
        description="Length of a statistics period (统计周期); keys look like 2026, 2026-Q4, 2026-11.",
        labels={PeriodUnit.YEAR: "年 year", PeriodUnit.QUARTER: "季度 quarter", PeriodUnit.MONTH: "月 month"},
    ),
]
ConcentrationMeasureEnum = Annotated[
    Measure,
    labelled(
        Measure,
        name="ConcentrationMeasure",
        description="What market shares are shares of (市场份额口径).",
        labels={
            Measure.AWARDS: "中选项目数 number of projects won",
            Measure.CONTRACT_AMOUNT: "合同金额 amount of signed contracts",
        },
    ),
]


@strawberry.input(
    description="Which published projects the statistics cover (统计范围); all given conditions must hold."
)
class StatisticsFilter:
    region_code: str | None = strawberry.field(
        default=None, description="In this region or a region below it."
    )
    service_item_code: str | None = strawberry.field(
        default=None, description="Purchasing this catalog item."
    )
    funding_types: list[FundingTypeEnum] | None = strawberry.field(default=None, description="Any of these.")
    trade_modes: list[TradeModeEnum] | None = strawberry.field(default=None, description="Any of these.")
    selection_methods: list[SelectionMethodEnum] | None = strawberry.field(
        default=None, description="Any of these."
    )
    published_from: date | None = strawberry.field(
        default=None, description="Published on or after this day (Beijing time)."
    )
    published_to: date | None = strawberry.field(
        default=None, description="Published on or before this day (Beijing time)."
    )


@strawberry.type(description="Mean evaluation scores (服务评价均分), 1–5.")
class EvaluationAverages:
    quality: float = strawberry.field(description="服务质量 quality.")
    timeliness: float = strawberry.field(description="服务时效 timeliness.")
    attitude: float = strawberry.field(description="服务态度 attitude.")
    fee_reasonableness: float = strawberry.field(description="收费合理性 fee reasonableness.")
    standardisation: float = strawberry.field(description="服务规范性 standardisation.")
    overall: float = strawberry.field(description="综合 over all five aspects.")

    @classmethod
    def of(cls, averages: statistics.EvaluationAverages | None) -> Self | None:
        if averages is None:
            return None
        return cls(
            quality=float(averages.quality),
            timeliness=float(averages.timeliness),
            attitude=float(averages.attitude),
            fee_reasonableness=float(averages.fee_reasonableness),
            standardisation=float(averages.standardisation),
            overall=float(averages.overall),
        )


def _rate(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@strawberry.type(description="Figures over a set of published projects (统计指标).")
class MarketFigures:
    projects: int = strawberry.field(description="项目数 published projects.")
    budget: Decimal = strawberry.field(description="预算金额 their budgets, CNY.")
    results: int = strawberry.field(description="中选数 projects with an announced result (or later).")
    failed: int = strawberry.field(description="流标数 failed projects.")
    contracts: int = strawberry.field(description="签约数 projects with a signed contract.")
    contract_amount: Decimal = strawberry.field(description="合同金额 of the signed contracts, CNY.")
    savings: Decimal = strawberry.field(
        description="节约资金 budget minus contract amount over the projects with a signed contract, CNY."
    )
    savings_rate: float | None = strawberry.field(
        description="节约率 savings over the budgets of those projects (0–1); null without contracts."
    )
    average_working_days_to_result: float | None = strawberry.field(
        description="平均选取用时 mean working days from publication to the result; null without results."
    )
    objections: int = strawberry.field(description="质疑数 objections filed.")
    complaints: int = strawberry.field(description="投诉数 complaints filed.")
    complaint_rate: float | None = strawberry.field(
        description="投诉率 share of projects with a result that drew a complaint (0–1)."
    )
    evaluations: int = strawberry.field(description="评价数 evaluations (owners' and authorities').")
    evaluation_rate: float | None = strawberry.field(
        description="评价率 share of accepted projects the owner has evaluated (0–1)."
    )
    evaluation_averages: EvaluationAverages | None = strawberry.field(
        description="Mean scores of the evaluations; null without any."
    )

    @classmethod
    def of(cls, figures: statistics.Figures) -> Self:
        return cls(
            projects=figures.projects,
            budget=figures.budget,
            results=figures.results,
            failed=figures.failed,
            contracts=figures.contracts,
            contract_amount=figures.contract_amount,
            savings=figures.savings,
            savings_rate=_rate(figures.savings_rate),
            average_working_days_to_result=_rate(figures.average_working_days_to_result),
            objections=figures.objections,
            complaints=figures.complaints,
            complaint_rate=_rate(figures.complaint_rate),
            evaluations=figures.evaluations,
            evaluation_rate=_rate(figures.evaluation_rate),
            evaluation_averages=EvaluationAverages.of(figures.evaluation_averages),
        )


_ENUM_LABELS = {
    Dimension.FUNDING_TYPE: FundingType,
    Dimension.TRADE_MODE: TradeMode,
    Dimension.SELECTION_METHOD: SelectionMethod,
}


@strawberry.type(description="The figures of one group of a breakdown (分组统计).")
class StatisticsGroup:
    dimension: strawberry.Private[Dimension]
    raw_key: strawberry.Private[str | int]
    figures: MarketFigures = strawberry.field(description="Its figures.")

    @strawberry.field(
        description="The group: a region code, a service item code, an enum value or a period (2026-Q4)."
    )
    async def key(self, info: strawberry.Info) -> str:
        if self.dimension is Dimension.SERVICE_ITEM:
            return (await info.context.loaders.service_item.load(self.raw_key)).code
        return str(self.raw_key)

    @strawberry.field(description="Its name: the region's or item's name, the Chinese term, or the period.")
    async def label(self, info: strawberry.Info) -> str:
        if self.dimension is Dimension.SERVICE_ITEM:
            return (await info.context.loaders.service_item.load(self.raw_key)).name
        if self.dimension is Dimension.REGION:
            region = await info.context.loaders.region.load(self.raw_key)
            return region.name if region else str(self.raw_key)
        if self.dimension in _ENUM_LABELS:
            return _ENUM_LABELS[self.dimension](self.raw_key).label
        return str(self.raw_key)

    @strawberry.field(description="The region, when grouped by region.")
    async def region(self, info: strawberry.Info) -> Region | None:
        if self.dimension is not Dimension.REGION:
            return None
        row = await info.context.loaders.region.load(self.raw_key)
        return Region.from_row(row) if row else None

    @strawberry.field(description="The service item, when grouped by service item.")
    async def service_item(self, info: strawberry.Info) -> ServiceItem | None:
        if self.dimension is not Dimension.SERVICE_ITEM:
            return None
        return ServiceItem.from_row(await info.context.loaders.service_item.load(self.raw_key))


@strawberry.type(description="One winner's share of a market (市场份额).")
class MarketShare:
    agency_id: strawberry.Private[int]
    awards: int = strawberry.field(description="Projects it won (中选项目数).")
    contract_amount: Decimal = strawberry.field(description="Its signed contracts' amount, CNY.")
    share: float = strawberry.field(description="Its share of the market by the chosen measure (0–1).")

    @strawberry.field(description="The agency (中选机构).")
    async def agency(self, info: strawberry.Info) -> Agency | None:
        return Agency.from_row(await info.context.loaders.agency.load(self.agency_id))


@strawberry.type(
    description="How concentrated the market of one service item in one region is (市场集中度): "
    "the Herfindahl–Hirschman index and the top winners' share, to expose monopolies (垄断)."
)
class MarketConcentration:
    service_item_id: strawberry.Private[int]
    region_code: strawberry.Private[str]
    awards: int = strawberry.field(description="Projects with a result in this market.")
    contract_amount: Decimal = strawberry.field(description="Signed contracts' amount, CNY.")
    agencies: int = strawberry.field(description="Distinct winners (中选机构数).")
    hhi: float = strawberry.field(
        description="赫芬达尔—赫希曼指数 HHI = Σ(100·share)², from near 0 (dispersed) to 10000 (one winner)."
    )
    top_share: float = strawberry.field(description="Combined share of the top winners (CRn, 0–1).")
    leaders: list[MarketShare] = strawberry.field(description="The top winners, largest first.")

    @classmethod
    def of(cls, cell: statistics.Concentration) -> Self:
        return cls(
            service_item_id=cell.service_item_id,
            region_code=cell.region_code,
            awards=cell.awards,
            contract_amount=cell.contract_amount,
            agencies=cell.agencies,
            hhi=float(cell.hhi),
            top_share=float(cell.top_share),
            leaders=[
                MarketShare(
                    agency_id=share.agency_id,
                    awards=share.awards,
                    contract_amount=share.contract_amount,
                    share=float(share.share),
                )
                for share in cell.leaders
            ],
        )

    @strawberry.field(description="The service item.")
    async def service_item(self, info: strawberry.Info) -> ServiceItem:
        return ServiceItem.from_row(await info.context.loaders.service_item.load(self.service_item_id))

    @strawberry.field(description="The region (at the level asked for).")
    async def region(self, info: strawberry.Info) -> Region:
        return Region.from_row(await info.context.loaders.region.load(self.region_code))


@strawberry.type(
    description="Market statistics (统计分析) over the published projects of a scope; each field is one "
    "SQL aggregation."
)
class MarketStatistics:
    scope: strawberry.Private[Scope]

    @strawberry.field(description="Figures over every project in scope (合计).")
    async def totals(self, info: strawberry.Info) -> MarketFigures:
        return MarketFigures.of(await statistics_resolvers.totals(info.context, self.scope))

    @strawberry.field(description="Figures per group (分组统计), ordered by key.")
    async def breakdown(
        self,
        info: strawberry.Info,
        by: StatisticsDimensionEnum,
        period_unit: PeriodUnitEnum = PeriodUnit.MONTH,
        region_level: RegionLevel = RegionLevel.CITY,
    ) -> list[StatisticsGroup]:
        groups = await statistics_resolvers.breakdown(
            info.context, self.scope, by, period_unit, int(region_level.value)
        )
        return [
            StatisticsGroup(dimension=by, raw_key=group.key, figures=MarketFigures.of(group.figures))
            for group in groups
        ]

    @strawberry.field(
        description="The most concentrated markets (service item × region), highest HHI first. `top` "
        f"winners (1–{MAX_TOP}) make the top share; markets with fewer than `minAwards` results are left "
        f"out; at most `first` (1–{MAX_CELLS}) markets."
    )
    async def concentration(
        self,
        info: strawberry.Info,
        region_level: RegionLevel = RegionLevel.CITY,
        measure: ConcentrationMeasureEnum = Measure.AWARDS,
        top: int = 3,
        min_awards: int = 1,
        first: int = 20,
    ) -> list[MarketConcentration]:
        cells = await statistics_resolvers.concentration(
            info.context, self.scope, int(region_level.value), measure, top, min_awards, first
        )
        return [MarketConcentration.of(cell) for cell in cells]
