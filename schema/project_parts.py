"""The parts a project shows besides itself: its requirements, sign-ups, result and public notices."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import ClassVar

import strawberry

from zhongjie.auth.visibility import RowRule
from zhongjie.domain.projects.access import SIGNUP_ROWS
from zhongjie.domain.projects.vocabulary import ProjectStatus
from zhongjie.models import Agency as AgencyRow
from zhongjie.models import QualificationType as QualificationTypeRow
from zhongjie.schema.agencies import Agency
from zhongjie.schema.catalog import QualificationType
from zhongjie.schema.loaded import loaded


@strawberry.type(description="A qualification the project requires (资质要求), never beyond the catalog's.")
class ProjectRequirement:
    type_code: strawberry.Private[str]
    min_level: str | None = strawberry.field(description="Lowest accepted level; null: any.")

    @loaded(
        lambda loaders: loaders.qualification_type,
        key=lambda requirement: requirement.type_code,
        description="Required qualification type.",
    )
    def qualification_type(self, row: QualificationTypeRow) -> QualificationType:
        return QualificationType.from_row(row)


@strawberry.type(
    description="A sign-up (报名): hidden from all but the operator and the agency until sign-up closes."
)
class ProjectSignup:
    row_rule: ClassVar[RowRule] = SIGNUP_ROWS
    agency_id: strawberry.Private[int]
    organisation_id: strawberry.Private[int]
    project_status: strawberry.Private[ProjectStatus]
    member_ids: strawberry.Private[list[int]]
    signed_up_at: datetime = strawberry.field(description="When (server time).")

    @strawberry.field(description="Consortium (联合体) members besides the lead; empty for a lone agency.")
    async def members(self, info: strawberry.Info) -> list[Agency]:
        rows = await info.context.loaders.agency.load_many(self.member_ids)
        return [Agency.from_row(row) for row in rows if row is not None]

    @loaded(
        lambda loaders: loaders.agency,
        key=lambda signup: signup.agency_id,
        description="The agency that signed up.",
    )
    def agency(self, row: AgencyRow | None) -> Agency | None:
        return Agency.from_row(row) if row else None


@strawberry.type(description="The result announcement (中选公告) and its publicity period (公示期).")
class ProjectResult:
    agency_id: strawberry.Private[int]
    announced_at: datetime = strawberry.field(description="When the result was announced.")
    publicity_ends_at: datetime = strawberry.field(description="End of the publicity period (公示截止).")
    reason: str | None = strawberry.field(description="Why this agency (选取理由).")

    @loaded(
        lambda loaders: loaders.agency,
        key=lambda result: result.agency_id,
        description="The selected agency (中选机构).",
    )
    def agency(self, row: AgencyRow) -> Agency | None:
        return Agency.from_row(row)


@strawberry.enum(description="Kind of public notice of a project.")
class AnnouncementKind(Enum):
    PURCHASE = strawberry.enum_value("PURCHASE", description="采购公告 purchase notice, opening sign-up")
    RESULT = strawberry.enum_value(
        "RESULT", description="中选公告 result notice, opening the publicity period"
    )


@strawberry.type(description="A public notice of a project (公告).")
class ProjectAnnouncement:
    kind: AnnouncementKind = strawberry.field(description="Purchase or result notice.")
    title: str = strawberry.field(description="Notice title (公告标题).")
    published_at: datetime = strawberry.field(description="When it was published.")
    closes_at: datetime | None = strawberry.field(
        description="Sign-up deadline, or end of the publicity period."
    )
