"""Who sees an agency and its parts: row rules for the API and for the rules that look agencies up by
credit code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, or_, true

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
    conditions: list[ColumnElement[bool]] = [
        (Agency.status == AgencyStatus.ACTIVE.value) & Agency.blacklisted.is_(False)
    ]
    if principal.organisation_id is not None:
        conditions.append(Agency.organisation_id == principal.organisation_id)
    return or_(*conditions)


# applications, removed and blacklisted agencies: staff and the agency's own organisation only
AGENCY_ROWS = RowRule(
    Audience(roles=STAFF, relations=(OWN_ORGANISATION,)),
    public_when=lambda agency: is_public_agency(agency.status, agency.blacklisted),
    sql=_rows_for,
)


STAFF_AND_OWN = Audience(roles=STAFF, relations=(OWN_ORGANISATION,))


@dataclass(frozen=True)
class AgencyRef:
    """What the parts of an agency need to know of it: whose it is and whether it is public (what their
    row rules read)."""

    organisation_id: int
    agency_public: bool

    @classmethod
    def of(cls, row: Any) -> AgencyRef:
        return cls(row.organisation_id, is_public_agency(row.status, row.blacklisted))


# qualifications and branches (`organisation_id`, `agency_public`: their agency's): public with a public
# agency, else staff and the agency's own organisation
PART_ROWS = RowRule(STAFF_AND_OWN, public_when=lambda part: part.agency_public)
# practitioners (personal data) and the history of changes: staff and the agency's own organisation
PRACTITIONER_ROWS = RowRule(STAFF_AND_OWN)
HISTORY_ROWS = RowRule(STAFF_AND_OWN)
# change requests: the reviewing operators and the agency's own organisation
CHANGE_REQUEST_ROWS = RowRule(Audience(roles=frozenset({Role.OPERATOR}), relations=(OWN_ORGANISATION,)))
