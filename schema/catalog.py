"""The service-item catalog (中介服务事项清单) as GraphQL types."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Self

import strawberry
from strawberry.scalars import JSON

from zhongjie.domain.catalog.vocabulary import PowerType, PricingType, ServiceType
from zhongjie.models import AdministrativeMatter as MatterRow
from zhongjie.models import QualificationType as QualificationTypeRow
from zhongjie.models import Region as RegionRow
from zhongjie.models import ServiceItem as ServiceItemRow
from zhongjie.models import ServiceItemQualification as RequirementRow
from zhongjie.models import ServiceItemVersion as VersionRow
from zhongjie.resolvers.pagination import SortDirection
from zhongjie.schema.enums import PowerTypeEnum, PricingTypeEnum, ServiceTypeEnum, SortDirectionEnum
from zhongjie.schema.loaded import loaded
from zhongjie.schema.regions import Region
from zhongjie.schema.relay import Node

__all__ = ["PowerTypeEnum", "PricingTypeEnum", "ServiceTypeEnum"]


@strawberry.type(description="A kind of qualification certificate (资质类型).")
class QualificationType:
    code: str = strawberry.field(description="Stable code, e.g. SURVEYING.")
    name: str = strawberry.field(description="Name (资质名称), e.g. 测绘资质.")
    sector: str = strawberry.field(description="Industry sector (行业) whose authority reviews it.")
    levels: list[str] = strawberry.field(
        description="Levels (资质等级), highest first; empty when unlevelled."
    )

    @classmethod
    def from_row(cls, row: QualificationTypeRow) -> Self:
        return cls(code=row.code, name=row.name, sector=row.sector, levels=list(row.levels))


@strawberry.type(description="A qualification an agency needs to offer a service item (资质要求).")
class QualificationRequirement:
    qualification_type: QualificationType = strawberry.field(description="Required qualification type.")
    min_level: str | None = strawberry.field(description="Lowest accepted level (最低等级); null: any level.")


@strawberry.type(description="One field changed by a catalog version.")
class FieldChange:
    field: str = strawberry.field(description="Field name as in the snapshot.")
    before: JSON | None = strawberry.field(description="Value before the change; null when created.")
    after: JSON | None = strawberry.field(description="Value after the change.")


@strawberry.type(description="One version of a service item (版本): who changed what, when and why.")
class ServiceItemVersion:
    version: int = strawberry.field(description="Version number, from 1.")
    changed_at: datetime = strawberry.field(description="When the version was made.")
    changed_by: str = strawberry.field(description="Who made it (an account or an import).")
    reason: str = strawberry.field(description="Why (变更原因).")
    changes: list[FieldChange] = strawberry.field(description="What changed against the previous version.")
    snapshot: JSON = strawberry.field(description="The whole item as of this version.")

    @classmethod
    def from_row(cls, row: VersionRow) -> Self:
        return cls(
            version=row.version,
            changed_at=row.created_at,
            changed_by=row.changed_by,
            reason=row.reason,
            changes=[FieldChange(**change) for change in row.changes],
            snapshot=JSON(row.snapshot),
        )


@strawberry.type(
    description="A government-service matter (政务服务事项) that requires intermediary services."
)
class AdministrativeMatter(Node):
    db_id: strawberry.Private[int]
    code: str = strawberry.field(description="Matter code (事项编码).")
    name: str = strawberry.field(description="Matter name (事项名称).")
    power_type: PowerTypeEnum = strawberry.field(description="Kind of power (权力类型).")
    department: str = strawberry.field(description="Implementing department (实施部门).")

    def node_key(self) -> object:
        return self.db_id

    @classmethod
    def from_row(cls, row: MatterRow) -> Self:
        return cls(
            db_id=row.id,
            code=row.code,
            name=row.name,
            power_type=PowerType(row.power_type),
            department=row.department,
        )

    @loaded(
        lambda loaders: loaders.items_of_matter,
        key=lambda matter: matter.db_id,
        description="Service items required by this matter (所需中介服务).",
    )
    def service_items(self, rows: list[ServiceItemRow]) -> list[ServiceItem]:
        return [ServiceItem.from_row(row) for row in rows]


@strawberry.type(description="An intermediary service item of the catalog (中介服务事项).")
class ServiceItem(Node):
    db_id: strawberry.Private[int]
    region_code: strawberry.Private[str]
    code: str = strawberry.field(description="Unified code (统一编码).")
    name: str = strawberry.field(description="Name (事项名称).")
    service_type: ServiceTypeEnum = strawberry.field(description="Kind of service (服务类型).")
    legal_basis: str = strawberry.field(description="Legal basis that sets it up (设定依据).")
    fee_standard: str = strawberry.field(description="Fee standard (收费标准).")
    fee_basis: str = strawberry.field(description="Basis of the fee standard (收费依据).")
    pricing_type: PricingTypeEnum = strawberry.field(description="How the fee is set (收费方式).")
    time_limit_days: int = strawberry.field(description="Service time limit in working days (服务时限).")
    department: str = strawberry.field(description="Competent department (主管部门).")
    active: bool = strawberry.field(description="On the active list (有效); only active items can be traded.")
    version: int = strawberry.field(description="Current version number.")
    created_at: datetime = strawberry.field(description="When the item entered the catalog.")
    updated_at: datetime = strawberry.field(description="When the item last changed.")

    def node_key(self) -> object:
        return self.db_id

    @classmethod
    def from_row(cls, row: ServiceItemRow) -> Self:
        return cls(
            db_id=row.id,
            region_code=row.region_code,
            code=row.code,
            name=row.name,
            service_type=ServiceType(row.service_type),
            legal_basis=row.legal_basis,
            fee_standard=row.fee_standard,
            fee_basis=row.fee_basis,
            pricing_type=PricingType(row.pricing_type),
            time_limit_days=row.time_limit_days,
            department=row.department,
            active=row.active,
            version=row.version,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @loaded(
        lambda loaders: loaders.region,
        key=lambda item: item.region_code,
        description="Region whose list the item is on (所属区划).",
    )
    def region(self, row: RegionRow) -> Region:
        return Region.from_row(row)

    @loaded(
        lambda loaders: loaders.matters_of_item,
        key=lambda item: item.db_id,
        description="Administrative matters the service is required for (关联的政务服务事项).",
    )
    def administrative_matters(self, rows: list[MatterRow]) -> list[AdministrativeMatter]:
        return [AdministrativeMatter.from_row(row) for row in rows]

    @loaded(
        lambda loaders: loaders.requirements_of_item,
        key=lambda item: item.db_id,
        description="Qualifications an agency must hold to offer it (资质要求).",
    )
    def qualification_requirements(
        self, rows: list[tuple[RequirementRow, QualificationTypeRow]]
    ) -> list[QualificationRequirement]:
        return [
            QualificationRequirement(
                qualification_type=QualificationType.from_row(qt), min_level=req.min_level
            )
            for req, qt in rows
        ]

    @loaded(
        lambda loaders: loaders.versions_of_item,
        key=lambda item: item.db_id,
        description="Version history (历史版本), newest first.",
    )
    def versions(self, rows: list[VersionRow]) -> list[ServiceItemVersion]:
        return [ServiceItemVersion.from_row(row) for row in rows]


@strawberry.input(description="Filter for `serviceItems`; all given conditions must hold.")
class ServiceItemFilter:
    search: str | None = strawberry.field(default=None, description="Text in the name or code.")
    types: list[ServiceTypeEnum] | None = strawberry.field(
        default=None, description="Any of these kinds of service."
    )
    region_code: str | None = strawberry.field(
        default=None,
        description="Items usable in this region: listed by it or by a region above it (分级使用).",
    )
    pricing_types: list[PricingTypeEnum] | None = strawberry.field(
        default=None, description="Any of these pricing types."
    )
    administrative_matter_code: str | None = strawberry.field(
        default=None, description="Items required by this administrative matter."
    )
    qualification_type_code: str | None = strawberry.field(
        default=None, description="Items that require this qualification type."
    )
    active: bool | None = strawberry.field(
        default=True, description="Active items only (default), retired only (false), or both (null)."
    )


@strawberry.enum(description="Sort key of `serviceItems`.")
class ServiceItemOrderField(Enum):
    CODE = strawberry.enum_value("code", description="统一编码 unified code")
    NAME = strawberry.enum_value("name", description="名称 name")
    TIME_LIMIT_DAYS = strawberry.enum_value("time_limit_days", description="服务时限 time limit")
    UPDATED_AT = strawberry.enum_value("updated_at", description="最近变更时间 last change")


@strawberry.input(description="Ordering of `serviceItems`.")
class ServiceItemOrder:
    field: ServiceItemOrderField = strawberry.field(
        default=ServiceItemOrderField.CODE, description="Sort key."
    )
    direction: SortDirectionEnum = strawberry.field(default=SortDirection.ASC, description="Sort direction.")


@strawberry.input(description="Filter for `administrativeMatters`.")
class AdministrativeMatterFilter:
    search: str | None = strawberry.field(default=None, description="Text in the name or code.")
    power_types: list[PowerTypeEnum] | None = strawberry.field(
        default=None, description="Any of these kinds of power."
    )
