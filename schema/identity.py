"""Users, organisations and the caller (`viewer`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, ClassVar, Self

import strawberry

from zhongjie.auth.principal import Principal, Role
from zhongjie.auth.visibility import (
    OWN_ORGANISATION,
    SELF,
    Audience,
    FieldRule,
    RowRule,
    mask_email,
    mask_phone,
)
from zhongjie.domain.identity.access import ORGANISATION_ROWS, USER_ROWS
from zhongjie.models import Organisation as OrganisationRow
from zhongjie.models import Region as RegionRow
from zhongjie.models import User as UserRow
from zhongjie.schema.enums import labelled
from zhongjie.schema.loaded import loaded
from zhongjie.schema.regions import Region
from zhongjie.schema.relay import Node
from zhongjie.schema.visibility import restricted

RoleEnum = Annotated[
    Role,
    labelled(
        Role,
        name="Role",
        description="A caller's role (角色); the public has none.",
        labels={
            Role.OWNER: "项目业主 staff of a project-owner organisation",
            Role.AGENCY: "中介服务机构 staff of an agency",
            Role.AGENCY_ADMIN: "中介机构管理员 an agency's administrator, who authorises business contacts",
            Role.AUTHORITY: "行业主管部门 an industry authority for a sector in a region",
            Role.OPERATOR: "超市管理部门 the marketplace operator of a region",
            Role.PARTNER: "合作系统 a partner system (client credentials)",
        },
    ),
]

PERSONAL_CONTACT = Audience(roles=frozenset({Role.OPERATOR}), relations=(SELF,))
ORGANISATION_PHONE = FieldRule(
    Audience(roles=frozenset({Role.OWNER, Role.OPERATOR, Role.AUTHORITY}), relations=(OWN_ORGANISATION,)),
    mask=mask_phone,
)


@strawberry.type(description="An organisation (单位): project owner, agency, authority, operator or partner.")
class Organisation(Node):
    row_rule: ClassVar[RowRule] = ORGANISATION_ROWS
    organisation_id: strawberry.Private[int]
    region_code: strawberry.Private[str | None]
    publicly_known: strawberry.Private[bool]
    code: str = strawberry.field(
        description="Organisation code, e.g. the unified social credit code (统一社会信用代码)."
    )
    name: str | None = strawberry.field(description="Name (单位名称).")
    contact_phone: str | None = restricted(
        ORGANISATION_PHONE, description="Business phone (业务电话); public masked, e.g. 138****5678."
    )

    def node_key(self) -> object:
        return self.organisation_id

    @classmethod
    def from_row(cls, row: OrganisationRow, publicly_known: bool = False) -> Self:
        """`publicly_known`: it owns a public project or a public agency is its (see `ORGANISATION_ROWS`)."""
        return cls(
            organisation_id=row.id,
            region_code=row.region_code,
            publicly_known=publicly_known,
            code=row.code,
            name=row.name,
            contact_phone=row.contact_phone,
        )

    @loaded(
        lambda loaders: loaders.region,
        key=lambda organisation: organisation.region_code,
        description="Registered region (所在区划), if known.",
    )
    def region(self, row: RegionRow | None) -> Region | None:
        return Region.from_row(row) if row else None


@strawberry.type(description="A person or system known from the unified identity system (用户).")
class User(Node):
    row_rule: ClassVar[RowRule] = USER_ROWS
    user_id: strawberry.Private[int]
    organisation_id: strawberry.Private[int | None]
    name: str | None = strawberry.field(description="Display name (姓名).")
    email: str | None = restricted(
        FieldRule(PERSONAL_CONTACT, mask=mask_email), description="E-mail (电子邮箱), personal data."
    )
    phone: str | None = restricted(
        FieldRule(PERSONAL_CONTACT, mask=mask_phone), description="Personal phone (个人电话), personal data."
    )

    def node_key(self) -> object:
        return self.user_id

    @classmethod
    def from_row(cls, row: UserRow) -> Self:
        return cls(
            user_id=row.id,
            organisation_id=row.organisation_id,
            name=row.name,
            email=row.email,
            phone=row.phone,
        )

    @loaded(
        lambda loaders: loaders.organisation,
        key=lambda user: user.organisation_id,
        description="The organisation the user acts for (所属单位).",
    )
    def organisation(self, row: OrganisationRow | None) -> Organisation | None:
        return Organisation.from_row(row) if row else None


@strawberry.type(description="The caller as the token presents it (当前用户).")
class Viewer:
    principal: strawberry.Private[Principal]

    @strawberry.field(description="Roles granted by the identity system (角色).")
    def roles(self) -> list[RoleEnum]:
        return sorted(self.principal.roles)

    @strawberry.field(description="Region the caller acts for (管辖/所在区划), if any.")
    def region_code(self) -> str | None:
        return self.principal.region_code

    @strawberry.field(description="Industry sector of an authority (行业).")
    def sector(self) -> str | None:
        return self.principal.sector

    @strawberry.field(description="Scopes granted to the token (授权范围).")
    def scopes(self) -> list[str]:
        return sorted(self.principal.scopes)

    @strawberry.field(description="When the token expires.")
    def expires_at(self) -> datetime | None:
        return self.principal.expires_at

    @strawberry.field(description="The caller's user record.")
    async def user(self, info: strawberry.Info) -> User | None:
        return User.from_row(await info.context.loaders.user.load(self.principal.user_id))

    @strawberry.field(description="The caller's organisation (所属单位), if the token names one.")
    async def organisation(self, info: strawberry.Info) -> Organisation | None:
        if self.principal.organisation_id is None:
            return None
        return Organisation.from_row(
            await info.context.loaders.organisation.load(self.principal.organisation_id)
        )

    @strawberry.field(description="The caller's region (区划), if it is known.")
    async def region(self, info: strawberry.Info) -> Region | None:
        if self.principal.region_code is None:
            return None
        row = await info.context.loaders.region.load(self.principal.region_code)
        return Region.from_row(row) if row else None
