"""Who is calling: the `Principal` made from a validated token, or the anonymous public."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from zhongjie.base.regions import ancestors_and_self


class Role(StrEnum):
    """Who acts on the marketplace: owners, agencies, operators, sector authorities; the public has none."""

    OWNER = "owner"
    AGENCY = "agency"
    AGENCY_ADMIN = "agency_admin"
    AUTHORITY = "authority"
    OPERATOR = "operator"
    PARTNER = "partner"


@dataclass(frozen=True)
class Principal:
    user_id: int | None = None
    subject: str | None = None
    issuer: str | None = None
    name: str | None = None
    organisation_id: int | None = None
    organisation_code: str | None = None
    roles: frozenset[Role] = field(default_factory=frozenset)
    region_code: str | None = None
    sector: str | None = None
    scopes: frozenset[str] = field(default_factory=frozenset)
    expires_at: datetime | None = None

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    def has_role(self, *roles: Role) -> bool:
        return not self.roles.isdisjoint(roles)

    def covers_region(self, region_code: str | None) -> bool:
        """Manage by level (分级管理): the principal's region is the row's region or above it."""
        if self.region_code is None or region_code is None:
            return False
        return self.region_code in ancestors_and_self(region_code)


ANONYMOUS = Principal()
