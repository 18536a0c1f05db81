"""Credit profiles (信用脸谱), credit records and double-random inspections as GraphQL types."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, ClassVar, Self

import strawberry
from strawberry.scalars import JSON

from zhongjie.auth.visibility import OWN_ORGANISATION, Audience, FieldRule, RowRule
from zhongjie.domain.credit.access import RECORD_ROWS, STAFF
from zhongjie.domain.credit.vocabulary import (
    CreditCategory,
    CreditKind,
    CreditLevel,
    CreditSource,
    InspectionResult,
    InspectionStatus,
    RecordStatus,
    Restriction,
    Severity,
)
from zhongjie.models import CreditProfile as ProfileRow
from zhongjie.models import CreditProfileChange as ProfileChangeRow
from zhongjie.models import CreditRecord as RecordRow
from zhongjie.models import InspectionPlan as PlanRow
from zhongjie.models import InspectionTarget as TargetRow
from zhongjie.models import Region as RegionRow
from zhongjie.resolvers import credit as credit_resolvers
from zhongjie.schema.enums import labelled
from zhongjie.schema.loaded import loaded
from zhongjie.schema.regions import Region
from zhongjie.schema.relay import After, Connection, First, Node
from zhongjie.schema.visibility import restricted

CreditLevelEnum = Annotated[
    CreditLevel, labelled(CreditLevel, name="CreditLevel", description="Credit level (信用等级) A to D.")
]
RestrictionEnum = Annotated[
    Restriction, labelled(Restriction, name="CreditRestriction", description="Restriction state (约束状态).")
]
CreditKindEnum = Annotated[
    CreditKind, labelled(CreditKind, name="CreditKind", description="Good or bad record.")
]
CreditCategoryEnum = Annotated[
    CreditCategory, labelled(CreditCategory, name="CreditCategory", description="What the record is about.")
]
SeverityEnum = Annotated[
    Severity, labelled(Severity, name="CreditSeverity", description="Severity of a bad record.")
]
CreditSourceEnum = Annotated[
    CreditSource,
    labelled(CreditSource, name="CreditSource", description="Where the record comes from (来源)."),
]
RecordStatusEnum = Annotated[
    RecordStatus, labelled(RecordStatus, name="CreditRecordStatus", description="Status of a record.")
]
InspectionStatusEnum = Annotated[
    InspectionStatus, labelled(InspectionStatus, name="InspectionStatus", description="State of a plan.")
]
InspectionResultEnum = Annotated[
    InspectionResult,
    labelled(InspectionResult, name="InspectionResult", description="Result of an inspection."),
]


@strawberry.type(description="A credit record (信用记录) with its source and provenance.")
class CreditRecord(Node):
    row_rule: ClassVar[RowRule] = RECORD_ROWS
    record_id: strawberry.Private[int]
    organisation_id: strawberry.Private[int | None]
    region_code: strawberry.Private[str]
    credit_code: str = strawberry.field(description="Unified social credit code it concerns.")
    kind: CreditKindEnum = strawberry.field(description="Good or bad.")
    category: CreditCategoryEnum = strawberry.field(description="Category (类别).")
    severity: SeverityEnum = strawberry.field(description="Severity (情节).")
    source: CreditSourceEnum = strawberry.field(description="Source (来源).")
    provenance: str = strawberry.field(description="Provenance: who recorded it or which import brought it.")
    basis: str = strawberry.field(description="Basis (认定依据).")
    decision_number: str | None = strawberry.field(description="Decision number (决定书文号).")
    valid_from: date = strawberry.field(description="Valid from.")
    valid_until: date | None = strawberry.field(description="Valid until (有效期), if limited.")
    public: bool = strawberry.field(description="Whether the record is public (是否公开).")
    status: RecordStatusEnum = strawberry.field(description="Valid, expired, repaired or revoked.")
    recorded_at: datetime = strawberry.field(description="When it was recorded.")
    status_changed_at: datetime | None = strawberry.field(description="When its status last changed.")
    status_note: str | None = restricted(
        FieldRule(Audience(roles=STAFF, relations=(OWN_ORGANISATION,))),
        description="Note on a repair or revocation (修复说明).",
    )

    def node_key(self) -> object:
        return self.record_id

    @classmethod
    def from_row(cls, row: RecordRow, organisation_id: int | None) -> Self:
        return cls(
            record_id=row.id,
            organisation_id=organisation_id,
            region_code=row.region_code,
            credit_code=row.credit_code,
            kind=CreditKind(row.kind),
            category=CreditCategory(row.category),
            severity=Severity(row.severity),
            source=CreditSource(row.source),
            provenance=row.provenance,
            basis=row.basis,
            decision_number=row.decision_number,
            valid_from=row.valid_from,
            valid_until=row.valid_until,
            public=row.public,
            status=RecordStatus(row.status),
            recorded_at=row.recorded_at,
            status_changed_at=row.status_changed_at,
            status_note=row.status_note,
        )

    @loaded(
        lambda loaders: loaders.region,
        key=lambda record: record.region_code,
        description="Region the record came from (来源地区).",
    )
    def originating_region(self, row: RegionRow | None) -> Region | None:
        return Region.from_row(row) if row else None


@strawberry.type(description="One change of a credit profile (信用变化).")
class CreditProfileChange:
    score: int = strawberry.field(description="Score after the change.")
    level: CreditLevelEnum = strawberry.field(description="Level after the change.")
    restriction: RestrictionEnum = strawberry.field(description="Restriction after the change.")
    rule_version: str = strawberry.field(description="Rule version used.")
    reason: str = strawberry.field(description="What caused the recomputation.")
    computed_at: datetime = strawberry.field(description="When.")

    @classmethod
    def from_row(cls, row: ProfileChangeRow) -> Self:
        return cls(
            score=row.score,
            level=CreditLevel(row.level),
            restriction=Restriction(row.restriction),
            rule_version=row.rule_version,
            reason=row.reason,
            computed_at=row.computed_at,
        )


@strawberry.type(
    description="The credit profile (信用脸谱) of a unified social credit code, by the published rule."
)
class CreditProfile:
    credit_code: str = strawberry.field(description="Unified social credit code.")
    score: int = strawberry.field(description="Score 0 to 100 (信用分).")
    level: CreditLevelEnum = strawberry.field(description="Level A to D (信用等级).")
    restriction: RestrictionEnum = strawberry.field(description="Restriction state (约束状态).")
    rule_version: str = strawberry.field(
        description="Version of the rule it was computed with (docs/credit-scoring.md)."
    )
    tags: list[str] = strawberry.field(description="Tags (标签).")
    computed_at: datetime = strawberry.field(description="When it was last computed.")

    @classmethod
    def from_row(cls, row: ProfileRow) -> Self:
        return cls(
            credit_code=row.credit_code,
            score=row.score,
            level=CreditLevel(row.level),
            restriction=Restriction(row.restriction),
            rule_version=row.rule_version,
            tags=list(row.tags),
            computed_at=row.computed_at,
        )

    @loaded(
        lambda loaders: loaders.profile_history,
        key=lambda profile: profile.credit_code,
        description="History of the profile (信用变化记录), newest first.",
    )
    def history(self, rows: list[ProfileChangeRow]) -> list[CreditProfileChange]:
        return [CreditProfileChange.from_row(row) for row in rows]

    @strawberry.field(
        description="Credit records (信用记录), newest first; non-public ones for staff and the agency."
    )
    async def records(
        self, info: strawberry.Info, first: First = 20, after: After = None
    ) -> Connection[CreditRecord]:
        page, organisation_id = await credit_resolvers.records_of(
            info.context, self.credit_code, first, after
        )
        return Connection.of(page, lambda row: CreditRecord.from_row(row, organisation_id))


@strawberry.type(description="A drawn inspection target (抽查对象), its inspectors and the published result.")
class InspectionTarget:
    credit_code: str = strawberry.field(description="The agency's credit code.")
    key_supervision: bool = strawberry.field(description="Drawn from the key-supervision stratum (重点监管).")
    inspectors: list[str] = strawberry.field(description="Codes of the drawn inspectors (检查人员).")
    result: InspectionResultEnum | None = strawberry.field(description="Result, once recorded.")
    findings: str | None = strawberry.field(description="Findings (检查结果说明).")
    recorded_at: datetime | None = strawberry.field(description="When the result was recorded.")

    @classmethod
    def from_row(cls, row: TargetRow) -> Self:
        return cls(
            credit_code=row.credit_code,
            key_supervision=row.key_supervision,
            inspectors=list(row.inspectors),
            result=InspectionResult(row.result) if row.result else None,
            findings=row.findings,
            recorded_at=row.recorded_at,
        )


@strawberry.type(
    description="A double-random inspection plan (双随机抽查计划); its draw is public and verifiable."
)
class InspectionPlan(Node):
    plan_id: strawberry.Private[int]
    region_code: strawberry.Private[str]
    pool: strawberry.Private[list[dict[str, Any]]]
    title: str = strawberry.field(description="Title (计划名称).")
    sector: str = strawberry.field(description="Sector of the authority (行业).")
    base_ratio: str = strawberry.field(description="Base sampling ratio (抽查比例), e.g. 0.2.")
    key_multiplier: str = strawberry.field(description="Multiplier of the ratio under key supervision.")
    inspectors_per_target: int = strawberry.field(description="Inspectors per target (at least 2).")
    status: InspectionStatusEnum = strawberry.field(description="Planned or drawn.")
    commitment: str = strawberry.field(description="SHA-256 of the secret seed, published before the draw.")
    draw_record: JSON | None = strawberry.field(
        description="The whole draw record, seed revealed, after the draw."
    )
    created_at: datetime = strawberry.field(description="When the plan was made.")
    drawn_at: datetime | None = strawberry.field(description="When it was drawn.")

    def node_key(self) -> object:
        return self.plan_id

    @classmethod
    def from_row(cls, row: PlanRow) -> Self:
        return cls(
            plan_id=row.id,
            region_code=row.region_code,
            pool=list(row.inspector_pool),
            title=row.title,
            sector=row.sector,
            base_ratio=row.base_ratio,
            key_multiplier=row.key_multiplier,
            inspectors_per_target=row.inspectors_per_target,
            status=InspectionStatus(row.status),
            commitment=row.commitment,
            draw_record=None if row.draw_record is None else JSON(row.draw_record),
            created_at=row.created_at,
            drawn_at=row.drawn_at,
        )

    @loaded(
        lambda loaders: loaders.region,
        key=lambda plan: plan.region_code,
        description="Region covered (区划).",
    )
    def region(self, row: RegionRow) -> Region:
        return Region.from_row(row)

    @loaded(
        lambda loaders: loaders.targets_of_plan,
        key=lambda plan: plan.plan_id,
        description="Drawn targets with inspectors and results (抽查结果公示).",
    )
    def targets(self, rows: list[TargetRow]) -> list[InspectionTarget]:
        return [InspectionTarget.from_row(row) for row in rows]

    inspector_names: JSON | None = restricted(
        FieldRule(Audience(roles=STAFF)),
        description="Names of the pool's inspectors by code (检查人员名录).",
        resolver=lambda root: {entry["code"]: entry["name"] for entry in root.pool},
    )


@strawberry.input(description="Filter for `inspectionPlans`.")
class InspectionPlanFilter:
    sector: str | None = strawberry.field(default=None, description="Sector.")
    region_code: str | None = strawberry.field(default=None, description="Region of the plan.")
