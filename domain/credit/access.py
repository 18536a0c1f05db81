"""Who sees a credit record: public ones everyone, the others staff and the agency itself."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select, true

from zhongjie.auth.principal import Principal, Role
from zhongjie.auth.visibility import OWN_ORGANISATION, Audience, RowRule
from zhongjie.models import Agency, CreditRecord

STAFF = frozenset({Role.OPERATOR, Role.AUTHORITY})


def _records_for(principal: Principal) -> Any:
    if principal.has_role(*STAFF):
        return true()
    conditions = [CreditRecord.public.is_(True)]
    if principal.organisation_id is not None:
        own = select(Agency.credit_code).where(Agency.organisation_id == principal.organisation_id)
        conditions.append(CreditRecord.credit_code.in_(own))
    return or_(*conditions)


# non-public records: staff and the agency itself only (`organisation_id`: the holder's organisation)
RECORD_ROWS = RowRule(
    Audience(roles=STAFF, relations=(OWN_ORGANISATION,)),
    public_when=lambda record: record.public,
    sql=_records_for,
)
