"""Who may act on an agency: its own administrator, the operator of its region, the authority of a sector;
`authorise` proves the caller is the role the lifecycle table names."""

from __future__ import annotations

from collections.abc import Callable

from zhongjie.auth.principal import Principal, Role
from zhongjie.base.errors import Forbidden
from zhongjie.domain.agencies.lifecycle import AGENCY_LIFECYCLE, AgencyActor
from zhongjie.domain.agencies.vocabulary import AgencyAction
from zhongjie.models import Agency


def require_agency_admin(actor: Principal, agency: Agency | None = None) -> None:
    if not actor.has_role(Role.AGENCY_ADMIN) or actor.organisation_id is None:
        raise Forbidden("forbidden_role")
    if agency is not None and agency.organisation_id != actor.organisation_id:
        raise Forbidden("forbidden_organisation")


def require_operator(actor: Principal, agency: Agency) -> None:
    """Manage by level: the operator of the agency's region or of a region above it."""
    if not actor.has_role(Role.OPERATOR):
        raise Forbidden("forbidden_role")
    if not actor.covers_region(agency.region_code):
        raise Forbidden("forbidden_region")


def require_authority(actor: Principal, agency: Agency, sector: str) -> None:
    """The industry authority of the qualification's sector, for the agency's region or above."""
    if not actor.has_role(Role.AUTHORITY):
        raise Forbidden("forbidden_role")
    if actor.sector != sector:
        raise Forbidden("forbidden_sector")
    if not actor.covers_region(agency.region_code):
        raise Forbidden("forbidden_region")


def is_staff_of(actor: Principal, agency: Agency) -> bool:
    return actor.organisation_id is not None and actor.organisation_id == agency.organisation_id


def authorise(
    actor: Principal | None, agency: Agency, action: AgencyAction, role: AgencyActor, *, sector: str = ""
) -> AgencyActor:
    """The caller takes `action` on `agency` as `role`: the table lets that role take it, and the caller is
    that role for this agency (`actor` None: the platform itself; `sector`: the qualification's)."""
    if role not in AGENCY_LIFECYCLE.actors(action):
        raise Forbidden("forbidden_role")
    if role is AgencyActor.SYSTEM:
        if actor is not None:
            raise Forbidden("forbidden_role")
        return role
    if actor is None:
        raise Forbidden("forbidden_role")
    REQUIRE[role](actor, agency, sector)
    return role


REQUIRE: dict[AgencyActor, Callable[[Principal, Agency, str], None]] = {
    AgencyActor.AGENCY_ADMIN: lambda actor, agency, _sector: require_agency_admin(actor, agency),
    AgencyActor.OPERATOR: lambda actor, agency, _sector: require_operator(actor, agency),
    AgencyActor.AUTHORITY: require_authority,
}
