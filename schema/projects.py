"""Projects (采购项目) as GraphQL types, with what stays confidential declared."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, ClassVar, Self

import strawberry
from strawberry.scalars import JSON

from zhongjie.auth.principal import Role
from zhongjie.auth.visibility import Audience, FieldRule, RowRule
from zhongjie.domain.awards.vocabulary import AwardStatus
from zhongjie.domain.projects.access import (
    OWNER_AND_OPERATOR,
    PROJECT_HISTORY_ROWS,
    PROJECT_ROWS,
)
from zhongjie.domain.projects.lifecycle import AFTER_RESULT, PUBLIC
from zhongjie.domain.projects.vocabulary import (
    FundingType,
    MeritCriterion,
    ProjectAction,
    ProjectReturnReason,
    ProjectStatus,
    SelectionMethod,
    TradeMode,
)
from zhongjie.models import AdministrativeMatter as MatterRow
from zhongjie.models import MeritScore as MeritScoreRow
from zhongjie.models import Organisation as OrganisationRow
from zhongjie.models import Project as ProjectRow
from zhongjie.models import ProjectAward as AwardRow
from zhongjie.models import ProjectEnquiry as EnquiryRow
from zhongjie.models import ProjectHistoryEntry as HistoryRow
from zhongjie.models import ProjectOffer as OfferRow
from zhongjie.models import ProjectSignup as SignupRow
from zhongjie.models import Region as RegionRow
from zhongjie.models import SelectionDraw as DrawRow
from zhongjie.models import ServiceEvaluation as EvaluationRow
from zhongjie.models import ServiceItem as ServiceItemRow
from zhongjie.resolvers.pagination import SortDirection
from zhongjie.schema.awards import (
    Award,
    EnquiryKindEnum,
    MeritTotal,
    MeritWeight,
    ProjectEnquiry,
    ProjectOffer,
    SelectionDraw,
    StandStill,
)
from zhongjie.schema.catalog import AdministrativeMatter, ServiceItem
from zhongjie.schema.enums import SortDirectionEnum, labelled
from zhongjie.schema.evaluations import ServiceEvaluation
from zhongjie.schema.identity import Organisation
from zhongjie.schema.loaded import loaded
from zhongjie.schema.project_parts import (
    AnnouncementKind,
    ProjectAnnouncement,
    ProjectRequirement,
    ProjectResult,
    ProjectSignup,
)
from zhongjie.schema.regions import Region
from zhongjie.schema.relay import Node
from zhongjie.schema.visibility import restricted

ProjectStatusEnum = Annotated[
    ProjectStatus,
    labelled(ProjectStatus, name="ProjectStatus", description="Status of a project (项目状态)."),
]
FundingTypeEnum = Annotated[
    FundingType, labelled(FundingType, name="FundingType", description="Source of funds (资金性质).")
]
TradeModeEnum = Annotated[
    TradeMode, labelled(TradeMode, name="TradeMode", description="Trade mode (交易模式).")
]
SelectionMethodEnum = Annotated[
    SelectionMethod,
    labelled(SelectionMethod, name="SelectionMethod", description="Selection method (选取方式)."),
]
MeritCriterionEnum = Annotated[
    MeritCriterion,
    labelled(
        MeritCriterion, name="MeritCriterion", description="A criterion of best-merit selection (评审因素)."
    ),
]
ProjectActionEnum = Annotated[
    ProjectAction, labelled(ProjectAction, name="ProjectAction", description="A recorded project action.")
]
ProjectReturnReasonEnum = Annotated[
    ProjectReturnReason,
    labelled(
        ProjectReturnReason,
        name="ProjectReturnReason",
        description="Fixed grounds to return a purchase application.",
    ),
]

OPERATOR_ONLY = FieldRule(Audience(roles=frozenset({Role.OPERATOR})))


@strawberry.type(description="One transition of a project (流程记录).")
class ProjectHistoryEntry:
    row_rule: ClassVar[RowRule] = PROJECT_HISTORY_ROWS
    owner_organisation_id: strawberry.Private[int]
    action: ProjectActionEnum = strawberry.field(description="What happened.")
    actor_role: str = strawberry.field(description="Role of who did it (`system` at deadlines).")
    from_status: ProjectStatusEnum | None = strawberry.field(description="Status before.")
    to_status: ProjectStatusEnum = strawberry.field(description="Status after.")
    at: datetime = strawberry.field(description="When.")
    reasons: list[str] = strawberry.field(description="Reasons from the fixed list.")
    comment: str | None = restricted(OPERATOR_ONLY, description="Internal review comment (审核意见).")

    @classmethod
    def from_row(cls, row: HistoryRow, owner_organisation_id: int) -> Self:
        return cls(
            owner_organisation_id=owner_organisation_id,
            action=ProjectAction(row.action),
            actor_role=row.actor_role,
            from_status=ProjectStatus(row.from_status) if row.from_status else None,
            to_status=ProjectStatus(row.to_status),
            at=row.created_at,
            reasons=list(row.reasons),
            comment=row.comment,
        )


async def _signup_count(root: Project, info: strawberry.Info) -> int:
    return len(await info.context.loaders.signups_of_project.load(root.project_id))


@strawberry.type(description="A purchase project (采购项目) of intermediary services.")
class Project(Node):
    row_rule: ClassVar[RowRule] = PROJECT_ROWS
    project_id: strawberry.Private[int]
    owner_organisation_id: strawberry.Private[int]
    region_code: strawberry.Private[str]
    service_item_id: strawberry.Private[int]
    matter_id: strawberry.Private[int | None]
    requirement_rows: strawberry.Private[list[dict]]
    merit_rows: strawberry.Private[list[dict]]
    selected_agency_id: strawberry.Private[int | None]
    selection_reason: strawberry.Private[str | None]
    result_announced_at: strawberry.Private[datetime | None]
    publicity_ends_at: strawberry.Private[datetime | None]
    code: str = strawberry.field(description="Project code (项目编号).")
    title: str = strawberry.field(description="Title (项目名称).")
    status: ProjectStatusEnum = strawberry.field(description="Status (状态).")
    investment_project_code: str | None = strawberry.field(
        description="Investment project code (投资项目代码)."
    )
    funding_type: FundingTypeEnum = strawberry.field(description="Funding (资金性质).")
    trade_mode: TradeModeEnum = strawberry.field(description="Trade mode (交易模式).")
    selection_method: SelectionMethodEnum = strawberry.field(description="Selection method (选取方式).")
    budget: Decimal = strawberry.field(description="Budget in CNY (预算).")
    price_ceiling: Decimal = strawberry.field(description="Price ceiling in CNY (最高限价).")
    price_floor: Decimal | None = strawberry.field(description="Price floor in CNY (最低限价), if any.")
    scope: str = strawberry.field(description="Scope and requirements of the service (服务范围及要求).")
    time_limit_days: int = strawberry.field(description="Service time limit in working days (服务时限).")
    signup_working_days: int = strawberry.field(description="Sign-up period in working days (报名期).")
    credit_weighted_draw: bool = strawberry.field(description="A random selection weighted by credit level.")
    batch_code: str | None = strawberry.field(
        description="Batch (批量): projects selected together share it."
    )
    published_at: datetime | None = strawberry.field(
        description="When the purchase notice was published (采购公告)."
    )
    signup_deadline: datetime | None = strawberry.field(
        description="Sign-up deadline, server time (报名截止)."
    )
    created_at: datetime = strawberry.field(description="When the project was created.")

    def node_key(self) -> object:
        return self.project_id

    @classmethod
    def from_row(cls, row: ProjectRow) -> Self:
        return cls(
            project_id=row.id,
            owner_organisation_id=row.owner_organisation_id,
            region_code=row.region_code,
            service_item_id=row.service_item_id,
            matter_id=row.administrative_matter_id,
            requirement_rows=list(row.requirements),
            merit_rows=list(row.merit_criteria or []),
            credit_weighted_draw=row.credit_weighted_draw,
            batch_code=row.batch_code,
            selected_agency_id=row.selected_agency_id,
            selection_reason=row.selection_reason,
            result_announced_at=row.result_announced_at,
            publicity_ends_at=row.publicity_ends_at,
            code=row.code,
            title=row.title,
            status=ProjectStatus(row.status),
            investment_project_code=row.investment_project_code,
            funding_type=FundingType(row.funding_type),
            trade_mode=TradeMode(row.trade_mode),
            selection_method=SelectionMethod(row.selection_method),
            budget=row.budget,
            price_ceiling=row.price_ceiling,
            price_floor=row.price_floor,
            scope=row.scope,
            time_limit_days=row.time_limit_days,
            signup_working_days=row.signup_working_days,
            published_at=row.published_at,
            signup_deadline=row.signup_deadline,
            created_at=row.created_at,
        )

    @loaded(
        lambda loaders: loaders.organisation,
        key=lambda project: project.owner_organisation_id,
        description="Owner organisation (项目业主); null only if the project itself is hidden.",
    )
    def owner(self, row: OrganisationRow) -> Organisation | None:
        return Organisation.from_row(row, publicly_known=ProjectStatus(self.status) in PUBLIC)

    @loaded(
        lambda loaders: loaders.region,
        key=lambda project: project.region_code,
        description="Region of the project (项目所在区划).",
    )
    def region(self, row: RegionRow) -> Region:
        return Region.from_row(row)

    @loaded(
        lambda loaders: loaders.service_item,
        key=lambda project: project.service_item_id,
        description="The intermediary service purchased (中介服务事项).",
    )
    def service_item(self, row: ServiceItemRow) -> ServiceItem:
        return ServiceItem.from_row(row)

    @loaded(
        lambda loaders: loaders.matter,
        key=lambda project: project.matter_id,
        description="The administrative matter it serves (关联审批事项), if given.",
    )
    def administrative_matter(self, row: MatterRow | None) -> AdministrativeMatter | None:
        return None if row is None else AdministrativeMatter.from_row(row)

    @strawberry.field(description="Qualification requirements (资质要求).")
    def requirements(self) -> list[ProjectRequirement]:
        return [
            ProjectRequirement(type_code=r["type"], min_level=r.get("min_level"))
            for r in self.requirement_rows
        ]

    @loaded(
        lambda loaders: loaders.signups_of_project,
        key=lambda project: project.project_id,
        description="Sign-ups (报名); who signed up stays hidden until sign-up closes.",
    )
    def signups(self, rows: list[tuple[SignupRow, int]]) -> list[ProjectSignup]:
        return [
            ProjectSignup(
                agency_id=signup.agency_id,
                organisation_id=organisation_id,
                project_status=self.status,
                member_ids=list(signup.member_agency_ids or []),
                signed_up_at=signup.signed_up_at,
            )
            for signup, organisation_id in rows
        ]

    signup_count: int | None = restricted(
        FieldRule(OWNER_AND_OPERATOR),
        description="Number of current sign-ups (报名数); the owner sees only this while sign-up is open.",
        resolver=_signup_count,
    )

    @strawberry.field(description="The result announcement (中选公告), once there is one.")
    def result(self) -> ProjectResult | None:
        if (
            self.selected_agency_id is None
            or self.result_announced_at is None
            or self.publicity_ends_at is None
        ):
            return None
        return ProjectResult(
            agency_id=self.selected_agency_id,
            announced_at=self.result_announced_at,
            publicity_ends_at=self.publicity_ends_at,
            reason=self.selection_reason,
        )

    @strawberry.field(
        description="Public notices (公告): the purchase notice and the result notice, oldest first."
    )
    def announcements(self) -> list[ProjectAnnouncement]:
        notices = []
        if self.published_at is not None:
            notices.append(
                ProjectAnnouncement(
                    kind=AnnouncementKind.PURCHASE,
                    title=f"{self.title}采购公告",
                    published_at=self.published_at,
                    closes_at=self.signup_deadline,
                )
            )
        if self.result_announced_at is not None:
            notices.append(
                ProjectAnnouncement(
                    kind=AnnouncementKind.RESULT,
                    title=f"{self.title}中选公告",
                    published_at=self.result_announced_at,
                    closes_at=self.publicity_ends_at,
                )
            )
        return notices

    @loaded(
        lambda loaders: loaders.awards_of_project,
        key=lambda project: project.project_id,
        description="The active award (中选) with its letter, contract and service; null before one.",
    )
    def award(self, rows: list[AwardRow]) -> Award | None:
        active = [row for row in rows if row.status == AwardStatus.ACTIVE.value]
        return Award.from_row(active[-1], self.code, self.owner_organisation_id) if active else None

    @loaded(
        lambda loaders: loaders.awards_of_project,
        key=lambda project: project.project_id,
        description="Awards that ended before a contract: withdrawn or disqualified, with reasons.",
    )
    def ended_awards(self, rows: list[AwardRow]) -> list[Award]:
        return [
            Award.from_row(row, self.code, self.owner_organisation_id)
            for row in rows
            if row.status != AwardStatus.ACTIVE.value
        ]

    @strawberry.field(description="Best merit: the published criteria and their weights (评审因素及权重).")
    def merit_criteria(self) -> list[MeritWeight]:
        return [MeritWeight.from_row(row) for row in self.merit_rows]

    @loaded(
        lambda loaders: loaders.merit_scores_of_project,
        key=lambda project: (
            project.project_id if project.status in AFTER_RESULT and project.merit_rows else None
        ),
        description="Best merit: every bidder's total and each scorer's scores, published with the result.",
    )
    def merit_result(self, rows: list[MeritScoreRow] | None) -> list[MeritTotal]:
        return [] if rows is None else MeritTotal.all_of(self.merit_rows, rows)

    @loaded(
        lambda loaders: loaders.offers_of_project,
        key=lambda project: project.project_id,
        description="Price offers (报价): sealed until the result (each agency sees its own), then public.",
    )
    def offers(self, rows: list[tuple[OfferRow, int]]) -> list[ProjectOffer]:
        return [
            ProjectOffer(
                agency_id=offer.agency_id,
                organisation_id=organisation,
                project_status=self.status,
                price=offer.price,
                submitted_at=offer.submitted_at,
            )
            for offer, organisation in rows
        ]

    @loaded(
        lambda loaders: loaders.draws_of_project,
        key=lambda project: project.project_id,
        description="Random selection rounds (随机选取): commitments, candidates and draw records.",
    )
    def draws(self, rows: list[DrawRow]) -> list[SelectionDraw]:
        return [SelectionDraw.from_row(row) for row in rows]

    @loaded(
        lambda loaders: loaders.evaluations_of_project,
        key=lambda project: project.project_id,
        description="Evaluations of the service (服务评价), public, oldest first.",
    )
    def evaluations(self, rows: list[EvaluationRow]) -> list[ServiceEvaluation]:
        return [ServiceEvaluation.from_row(row) for row in rows]

    @strawberry.field(
        description="Questions (public), objections and complaints (parties, operators), oldest first."
    )
    async def enquiries(
        self,
        info: strawberry.Info,
        kind: EnquiryKindEnum | None = None,
    ) -> list[ProjectEnquiry]:
        rows = await info.context.loaders.enquiries_of_project.load(self.project_id)
        chosen = [row for row in rows if kind is None or row.kind == kind.value]
        return [ProjectEnquiry.from_row(row, self.owner_organisation_id) for row in chosen]

    @loaded(
        lambda loaders: loaders.enquiries_of_project,
        key=lambda project: project.project_id,
        description="Whether open objections or complaints suspend confirmation (stand-still).",
    )
    def stand_still(self, rows: list[EnquiryRow]) -> StandStill:
        return StandStill.of(rows)

    @strawberry.field(
        description="The project's latest OCDS 1.1 release (开放合同数据): of its latest public stage "
        "(tender, award, contract, implementation, cancellation) or a later correction (更正), as it was "
        "published and never changed since; null before publication. Packages of every release: "
        "`GET /ocds/releases`; the compiled record: `GET /ocds/records?ocid=…`."
    )
    async def ocds_release(self, info: strawberry.Info) -> JSON | None:
        text = await info.context.loaders.latest_ocds_release.load(self.project_id)
        return None if text is None else JSON(json.loads(text))

    @loaded(
        lambda loaders: loaders.history_of_project,
        key=lambda project: project.project_id,
        description="Transitions of the project (流程记录), oldest first.",
    )
    def history(self, rows: list[HistoryRow]) -> list[ProjectHistoryEntry]:
        return [ProjectHistoryEntry.from_row(row, self.owner_organisation_id) for row in rows]


@strawberry.input(description="Filter for `projects`; all given conditions must hold.")
class ProjectFilter:
    search: str | None = strawberry.field(default=None, description="Text in the title or code.")
    statuses: list[ProjectStatusEnum] | None = strawberry.field(
        default=None, description="Any of these statuses."
    )
    region_code: str | None = strawberry.field(
        default=None, description="In this region or a region below it."
    )
    service_item_code: str | None = strawberry.field(
        default=None, description="Purchasing this catalog item."
    )
    owner_code: str | None = strawberry.field(default=None, description="Owner organisation code.")
    funding_types: list[FundingTypeEnum] | None = strawberry.field(default=None, description="Any of these.")
    trade_modes: list[TradeModeEnum] | None = strawberry.field(default=None, description="Any of these.")
    selection_methods: list[SelectionMethodEnum] | None = strawberry.field(
        default=None, description="Any of these."
    )
    investment_project_code: str | None = strawberry.field(
        default=None, description="For this investment project."
    )
    published_from: datetime | None = strawberry.field(default=None, description="Published at or after.")
    published_to: datetime | None = strawberry.field(default=None, description="Published before.")
    created_from: datetime | None = strawberry.field(default=None, description="Created at or after.")
    created_to: datetime | None = strawberry.field(default=None, description="Created before.")
    overdue: bool | None = strawberry.field(
        default=None, description="In service past the time limit (超期) — or, with false, within it."
    )


@strawberry.enum(description="Sort key of `projects`.")
class ProjectOrderField(Enum):
    CREATED_AT = strawberry.enum_value("created_at", description="创建时间 creation time")
    CODE = strawberry.enum_value("code", description="项目编号 code")
    BUDGET = strawberry.enum_value("budget", description="预算 budget")


@strawberry.input(description="Ordering of `projects`.")
class ProjectOrder:
    field: ProjectOrderField = strawberry.field(default=ProjectOrderField.CREATED_AT, description="Sort key.")
    direction: SortDirectionEnum = strawberry.field(default=SortDirection.DESC, description="Sort direction.")
