"""Who sees an agency: one row rule, for the API and for the rules that look agencies up by credit code."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, true

from zhongjie.auth.principal import Principal, Role
from zhongjie.auth.visibility import OWN_ORGANISATION, Audience, RowRule
from zhongjie.domain.agencies.vocabulary import AgencyStatus
from zhongjie.models import Agency

STAFF = frozenset({Role.OPERATOR, Role.AUTHORITY})


def is_public_agency(status: str, blacklisted: bool) -> bool:
    """Admitted and not blacklisted: an agency everyone sees, and whose public parts everyone sees."""
    return AgencyStatus(status) is AgencyStatus.ACTIVE and not blacklisted


def _rows_for(principal: Principal) -> Any:
    if principal.has_role(*STAFF):
        return true()
    conditions = [(Agency.status == AgencyStatus.ACTIVE.value) & Agency.blacklisted.is_(False)]
    if principal.organisation_id is not None:
        conditions.append(Agency.organisation_id == principal.organisation_id)
    return or_(*conditions)


# applications, removed and blacklisted agencies: staff and the agency's own organisation only
AGENCY_ROWS = RowRule(
    Audience(roles=STAFF, relations=(OWN_ORGANISATION,)),
    public_when=lambda agency: is_public_agency(agency.status, agency.blacklisted),
    sql=_rows_for,
)
