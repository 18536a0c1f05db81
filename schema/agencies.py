"""Agencies (中介服务机构) as GraphQL types, with their non-public parts declared."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, ClassVar, Self

import strawberry
from strawberry.scalars import JSON

from zhongjie.auth.principal import Role
from zhongjie.auth.visibility import OWN_ORGANISATION, Audience, FieldRule, RowRule, mask_phone
from zhongjie.domain.agencies.access import (
    AGENCY_ROWS,
    CHANGE_REQUEST_ROWS,
    HISTORY_ROWS,
    PART_ROWS,
    PRACTITIONER_ROWS,
    STAFF,
    STAFF_AND_OWN,
    AgencyRef,
    is_public_agency,
)
from zhongjie.domain.agencies.vocabulary import (
    AgencyAction,
    AgencyStatus,
    ChangeRequestStatus,
    RemovalReason,
    ReturnReason,
    ServiceStatus,
    VerificationState,
)
from zhongjie.models import Agency as AgencyRow
from zhongjie.models import AgencyBranch as BranchRow
from zhongjie.models import AgencyChangeRequest as ChangeRequestRow
from zhongjie.models import AgencyHistoryEntry as HistoryRow
from zhongjie.models import AgencyPractitioner as PractitionerRow
from zhongjie.models import AgencyQualification as QualificationRow
from zhongjie.models import AgencyService as ServiceRow
from zhongjie.models import CreditProfile as CreditProfileRow
from zhongjie.models import QualificationType as QualificationTypeRow
from zhongjie.models import Region as RegionRow
from zhongjie.models import ServiceItem as ServiceItemRow
from zhongjie.models import User as UserRow
from zhongjie.resolvers import agencies as agency_resolvers
from zhongjie.resolvers.pagination import SortDirection
from zhongjie.schema.catalog import QualificationType, ServiceItem
from zhongjie.schema.credit import CreditLevelEnum, CreditProfile, RestrictionEnum
from zhongjie.schema.enums import SortDirectionEnum, labelled
from zhongjie.schema.evaluations import ServiceEvaluation
from zhongjie.schema.identity import User
from zhongjie.schema.loaded import loaded
from zhongjie.schema.regions import Region
from zhongjie.schema.relay import After, Connection, First, Node
from zhongjie.schema.visibility import restricted

AgencyStatusEnum = Annotated[
    AgencyStatus,
    labelled(AgencyStatus, name="AgencyStatus", description="Entry status of an agency (入驻状态)."),
]
VerificationStateEnum = Annotated[
    VerificationState,
    labelled(
        VerificationState, name="VerificationState", description="Verification of a certificate (核验状态)."
    ),
]
ServiceStatusEnum = Annotated[
    ServiceStatus,
    labelled(ServiceStatus, name="AgencyServiceStatus", description="Whether a service can be taken."),
]
ChangeRequestStatusEnum = Annotated[
    ChangeRequestStatus,
    labelled(
        ChangeRequestStatus, name="ChangeRequestStatus", description="Review state of a change request."
    ),
]
ReturnReasonEnum = Annotated[
    ReturnReason,
    labelled(
        ReturnReason, name="ReturnReason", description="Fixed grounds to return an application (退回理由)."
    ),
]
RemovalReasonEnum = Annotated[
    RemovalReason,
    labelled(RemovalReason, name="RemovalReason", description="Grounds for removal (清退理由)."),
]
AgencyActionEnum = Annotated[
    AgencyAction, labelled(AgencyAction, name="AgencyAction", description="A recorded agency action (操作).")
]

AGENCY_CONTACTS_SCOPE = "agencies:contacts"  # partner systems granted agencies' business contacts
BUSINESS_PHONE = FieldRule(
    Audience(
        roles=frozenset({Role.OWNER, Role.OPERATOR, Role.AUTHORITY}),
        relations=(OWN_ORGANISATION,),
        scopes=frozenset({AGENCY_CONTACTS_SCOPE}),
    ),
    mask=mask_phone,
)
STAFF_ONLY = FieldRule(Audience(roles=STAFF))
PERSONAL = FieldRule(STAFF_AND_OWN)


@strawberry.type(description="A qualification certificate (资质证书) with its verification.")
class AgencyQualification(Node):
    row_rule: ClassVar[RowRule] = PART_ROWS
    qualification_id: strawberry.Private[int]
    organisation_id: strawberry.Private[int]
    agency_public: strawberry.Private[bool]
    type_code: strawberry.Private[str]
    level: str | None = strawberry.field(description="Level (资质等级).")
    certificate_number: str = strawberry.field(description="Certificate number (证书编号).")
    issuer: str = strawberry.field(description="Issuing authority (发证机关).")
    valid_from: date = strawberry.field(description="Valid from (有效期起).")
    valid_until: date = strawberry.field(description="Valid until (有效期止).")
    e_license_id: str | None = strawberry.field(description="E-license id (电子证照标识).")
    verification_state: VerificationStateEnum = strawberry.field(description="Verification (核验状态).")
    verified_at: datetime | None = strawberry.field(description="When it was verified.")
    verification_method: str | None = strawberry.field(description="How it was verified (核验方式).")
    verification_note: str | None = restricted(STAFF_ONLY, description="Reviewer's note (审查意见).")

    def node_key(self) -> object:
        return self.qualification_id

    @classmethod
    def from_row(cls, row: QualificationRow, owner: AgencyRef) -> Self:
        return cls(
            qualification_id=row.id,
            organisation_id=owner.organisation_id,
            agency_public=owner.agency_public,
            type_code=row.qualification_type_code,
            level=row.level,
            certificate_number=row.certificate_number,
            issuer=row.issuer,
            valid_from=row.valid_from,
            valid_until=row.valid_until,
            e_license_id=row.e_license_id,
            verification_state=VerificationState(row.verification_state),
            verified_at=row.verified_at,
            verification_method=row.verification_method,
            verification_note=row.verification_note,
        )

    @loaded(
        lambda loaders: loaders.qualification_type,
        key=lambda qualification: qualification.type_code,
        description="Qualification type (资质类型).",
    )
    def qualification_type(self, row: QualificationTypeRow) -> QualificationType:
        return QualificationType.from_row(row)


@strawberry.type(description="A service the agency offers (服务事项) with its quote.")
class AgencyServiceOffer:
    item_id: strawberry.Private[int]
    price_quote: Decimal | None = strawberry.field(description="Price quote in CNY (报价).")
    fee_reference: str | None = strawberry.field(description="Fee reference (收费参考).")
    status: ServiceStatusEnum = strawberry.field(
        description="Active, or suspended for want of a qualification."
    )

    @loaded(
        lambda loaders: loaders.service_item,
        key=lambda offer: offer.item_id,
        description="The catalog item (中介服务事项).",
    )
    def service_item(self, row: ServiceItemRow) -> ServiceItem:
        return ServiceItem.from_row(row)


@strawberry.type(description="A branch office (分支机构) and the regions it serves (从业区域).")
class AgencyBranch(Node):
    row_rule: ClassVar[RowRule] = PART_ROWS
    branch_id: strawberry.Private[int]
    organisation_id: strawberry.Private[int]
    agency_public: strawberry.Private[bool]
    region_code: strawberry.Private[str]
    name: str = strawberry.field(description="Name (分支机构名称).")
    address: str = strawberry.field(description="Address (地址).")

    def node_key(self) -> object:
        return self.branch_id

    @classmethod
    def from_row(cls, row: BranchRow, owner: AgencyRef) -> Self:
        return cls(
            branch_id=row.id,
            organisation_id=owner.organisation_id,
            agency_public=owner.agency_public,
            region_code=row.region_code,
            name=row.name,
            address=row.address,
        )

    @loaded(
        lambda loaders: loaders.region,
        key=lambda branch: branch.region_code,
        description="Where the branch is (所在区划).",
    )
    def region(self, row: RegionRow) -> Region:
        return Region.from_row(row)

    @loaded(
        lambda loaders: loaders.regions_of_branch,
        key=lambda branch: branch.branch_id,
        description="Regions the branch serves (从业区域).",
    )
    def service_regions(self, rows: list[RegionRow]) -> list[Region]:
        return [Region.from_row(row) for row in rows]


@strawberry.type(description="A practitioner (从业人员). Personal data: staff and the agency itself only.")
class Practitioner(Node):
    row_rule: ClassVar[RowRule] = PRACTITIONER_ROWS
    practitioner_id: strawberry.Private[int]
    organisation_id: strawberry.Private[int]
    name: str = strawberry.field(description="Name (姓名).")
    id_card_number: str | None = restricted(PERSONAL, description="ID-card number (身份证号).")
    phone: str | None = restricted(PERSONAL, description="Personal phone (个人电话).")
    certificate: str | None = strawberry.field(description="Professional certificate (执业证书).")

    def node_key(self) -> object:
        return self.practitioner_id

    @classmethod
    def from_row(cls, row: PractitionerRow, owner: AgencyRef) -> Self:
        return cls(
            practitioner_id=row.id,
            organisation_id=owner.organisation_id,
            name=row.name,
            id_card_number=row.id_card_number,
            phone=row.phone,
            certificate=row.certificate,
        )


@strawberry.type(description="One recorded change of an agency (变更记录): who, in which role, when, why.")
class AgencyHistoryEntry:
    row_rule: ClassVar[RowRule] = HISTORY_ROWS
    organisation_id: strawberry.Private[int]
    action: AgencyActionEnum = strawberry.field(description="What happened.")
    actor_role: str = strawberry.field(description="Role of who did it (`system` for the platform).")
    at: datetime = strawberry.field(description="When.")
    reasons: list[str] = strawberry.field(description="Reasons from the fixed lists.")
    comment: str | None = restricted(STAFF_ONLY, description="Internal review comment (内部审查意见).")
    before: JSON = strawberry.field(description="The agency's key fields before.")
    after: JSON = strawberry.field(description="The agency's key fields after.")

    @classmethod
    def from_row(cls, row: HistoryRow, owner: AgencyRef) -> Self:
        return cls(
            organisation_id=owner.organisation_id,
            action=AgencyAction(row.action),
            actor_role=row.actor_role,
            at=row.created_at,
            reasons=list(row.reasons),
            comment=row.comment,
            before=JSON(row.before),
            after=JSON(row.after),
        )


@strawberry.type(description="A requested change of key fields (变更申请), reviewed by the operator.")
class AgencyChangeRequest(Node):
    row_rule: ClassVar[RowRule] = CHANGE_REQUEST_ROWS
    request_id: strawberry.Private[int]
    organisation_id: strawberry.Private[int]
    changes: JSON = strawberry.field(description="Requested new values by field.")
    reason: str = strawberry.field(description="Why the agency asks (变更理由).")
    status: ChangeRequestStatusEnum = strawberry.field(description="Review state.")
    created_at: datetime = strawberry.field(description="When it was requested.")
    reviewed_at: datetime | None = strawberry.field(description="When it was reviewed.")
    review_comment: str | None = restricted(STAFF_ONLY, description="Internal review comment.")

    def node_key(self) -> object:
        return self.request_id

    @classmethod
    def from_row(cls, row: ChangeRequestRow, owner: AgencyRef) -> Self:
        return cls(
            request_id=row.id,
            organisation_id=owner.organisation_id,
            changes=JSON(row.changes),
            reason=row.reason,
            status=ChangeRequestStatus(row.status),
            created_at=row.created_at,
            reviewed_at=row.reviewed_at,
            review_comment=row.review_comment,
        )


@strawberry.type(description="An intermediary service agency (中介服务机构) of the register.")
class Agency(Node):
    row_rule: ClassVar[RowRule] = AGENCY_ROWS
    agency_id: strawberry.Private[int]
    organisation_id: strawberry.Private[int]
    region_code: strawberry.Private[str]
    blacklisted: strawberry.Private[bool]
    credit_code: str = strawberry.field(description="Unified social credit code (统一社会信用代码).")
    name: str = strawberry.field(description="Name (机构名称).")
    legal_representative: str = strawberry.field(description="Legal representative (法定代表人).")
    address: str = strawberry.field(description="Address (地址).")
    business_phone: str | None = restricted(BUSINESS_PHONE, description="Business phone (业务电话).")
    email: str | None = strawberry.field(description="Business e-mail (电子邮箱).")
    introduction: str = strawberry.field(description="Introduction (机构简介).")
    status: AgencyStatusEnum = strawberry.field(description="Entry status (入驻状态).")
    approved_at: datetime | None = strawberry.field(description="When it was admitted (入驻时间).")
    created_at: datetime = strawberry.field(description="When it applied.")

    def node_key(self) -> object:
        return self.agency_id

    @property
    def ref(self) -> AgencyRef:
        return AgencyRef(self.organisation_id, is_public_agency(self.status, self.blacklisted))

    @classmethod
    def from_row(cls, row: AgencyRow) -> Self:
        return cls(
            agency_id=row.id,
            organisation_id=row.organisation_id,
            region_code=row.region_code,
            blacklisted=row.blacklisted,
            credit_code=row.credit_code,
            name=row.name,
            legal_representative=row.legal_representative,
            address=row.address,
            business_phone=row.business_phone,
            email=row.email,
            introduction=row.introduction,
            status=AgencyStatus(row.status),
            approved_at=row.approved_at,
            created_at=row.created_at,
        )

    @loaded(
        lambda loaders: loaders.credit_profile,
        key=lambda agency: agency.credit_code,
        description="Credit profile (信用脸谱), wherever its records came from.",
    )
    def credit_profile(self, row: CreditProfileRow | None) -> CreditProfile | None:
        return CreditProfile.from_row(row) if row else None

    @loaded(
        lambda loaders: loaders.region,
        key=lambda agency: agency.region_code,
        description="Registered region (注册地区划); entry is valid province-wide.",
    )
    def region(self, row: RegionRow) -> Region:
        return Region.from_row(row)

    @loaded(
        lambda loaders: loaders.qualifications_of_agency,
        key=lambda agency: agency.agency_id,
        description="Qualification certificates (资质).",
    )
    def qualifications(self, rows: list[QualificationRow]) -> list[AgencyQualification]:
        return [AgencyQualification.from_row(row, self.ref) for row in rows]

    @loaded(
        lambda loaders: loaders.services_of_agency,
        key=lambda agency: agency.agency_id,
        description="Services offered with quotes (服务事项及报价).",
    )
    def services(self, rows: list[ServiceRow]) -> list[AgencyServiceOffer]:
        return [
            AgencyServiceOffer(
                item_id=row.service_item_id,
                price_quote=row.price_quote,
                fee_reference=row.fee_reference,
                status=ServiceStatus(row.status),
            )
            for row in rows
        ]

    @loaded(
        lambda loaders: loaders.branches_of_agency,
        key=lambda agency: agency.agency_id,
        description="Branches and their service regions (分支机构).",
    )
    def branches(self, rows: list[BranchRow]) -> list[AgencyBranch]:
        return [AgencyBranch.from_row(row, self.ref) for row in rows]

    @loaded(
        lambda loaders: loaders.practitioners_of_agency,
        key=lambda agency: agency.agency_id,
        description="Practitioners (从业人员); staff and the agency itself only.",
    )
    def practitioners(self, rows: list[PractitionerRow]) -> list[Practitioner]:
        return [Practitioner.from_row(row, self.ref) for row in rows]

    @loaded(
        lambda loaders: loaders.contacts_of_agency,
        key=lambda agency: agency.agency_id,
        description="Authorised business contacts (业务联系人).",
    )
    def contacts(self, rows: list[UserRow]) -> list[User]:
        return [User.from_row(row) for row in rows]

    @loaded(
        lambda loaders: loaders.history_of_agency,
        key=lambda agency: agency.agency_id,
        description="History of applications, reviews and changes (入驻及变更记录), oldest first.",
    )
    def history(self, rows: list[HistoryRow]) -> list[AgencyHistoryEntry]:
        return [AgencyHistoryEntry.from_row(row, self.ref) for row in rows]

    @strawberry.field(description="Evaluations of its services (服务评价), public, newest first.")
    async def evaluations(
        self, info: strawberry.Info, first: First = 20, after: After = None
    ) -> Connection[ServiceEvaluation]:
        page = await agency_resolvers.evaluations_of(info.context, self.agency_id, first, after)
        return Connection.of(page, ServiceEvaluation.from_row)

    @loaded(
        lambda loaders: loaders.change_requests_of_agency,
        key=lambda agency: agency.agency_id,
        description="Change requests of key fields (变更申请), newest first.",
    )
    def change_requests(self, rows: list[ChangeRequestRow]) -> list[AgencyChangeRequest]:
        return [AgencyChangeRequest.from_row(row, self.ref) for row in rows]


@strawberry.input(description="Filter for `agencies`; all given conditions must hold.")
class AgencyFilter:
    search: str | None = strawberry.field(default=None, description="Text in the name or credit code.")
    service_item_code: str | None = strawberry.field(default=None, description="Offers this item, actively.")
    region_code: str | None = strawberry.field(
        default=None,
        description="Serves this region: admitted in its province (一地入驻、全省通行) or by a branch.",
    )
    qualification_type_code: str | None = strawberry.field(
        default=None, description="Holds a verified, valid qualification of this type."
    )
    min_level: str | None = strawberry.field(default=None, description="…at this level or higher.")
    credit_levels: list[CreditLevelEnum] | None = strawberry.field(
        default=None, description="Any of these credit levels."
    )
    restrictions: list[RestrictionEnum] | None = strawberry.field(
        default=None, description="Any of these restriction states."
    )
    statuses: list[AgencyStatusEnum] | None = strawberry.field(
        default=None, description="Any of these statuses (the public sees admitted agencies only)."
    )


@strawberry.enum(description="Sort key of `agencies`.")
class AgencyOrderField(Enum):
    NAME = strawberry.enum_value("name", description="名称 name")
    CREDIT_CODE = strawberry.enum_value("credit_code", description="统一社会信用代码 credit code")
    CREATED_AT = strawberry.enum_value("created_at", description="申请时间 application time")


@strawberry.input(description="Ordering of `agencies`.")
class AgencyOrder:
    field: AgencyOrderField = strawberry.field(default=AgencyOrderField.NAME, description="Sort key.")
    direction: SortDirectionEnum = strawberry.field(default=SortDirection.ASC, description="Sort direction.")
