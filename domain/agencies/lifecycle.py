"""The entry lifecycle of an agency as one table of allowed transitions.

    DRAFT ─submit─▶ SUBMITTED ─confirm complete─▶ QUALIFICATION_REVIEW ─approve─▶ ACTIVE ─remove─▶ REMOVED
                       │                               │
          RETURNED ◀───┴─────────── return ────────────┘        (RETURNED ─submit─▶ SUBMITTED)

`approve` is taken by the platform, not a person: as soon as the application is
complete and every qualification is verified (申请即入, "apply and you are in").
"""

from __future__ import annotations

from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.domain.agencies.vocabulary import AgencyAction, AgencyStatus

S = AgencyStatus
A = AgencyAction

TRANSITIONS: dict[tuple[AgencyStatus, AgencyAction], AgencyStatus] = {
    (S.DRAFT, A.SUBMIT): S.SUBMITTED,
    (S.RETURNED, A.SUBMIT): S.SUBMITTED,
    (S.SUBMITTED, A.CONFIRM_COMPLETE): S.QUALIFICATION_REVIEW,
    (S.SUBMITTED, A.RETURN): S.RETURNED,
    (S.QUALIFICATION_REVIEW, A.APPROVE): S.ACTIVE,
    (S.QUALIFICATION_REVIEW, A.RETURN): S.RETURNED,
    (S.ACTIVE, A.REMOVE): S.REMOVED,
}

# where the application itself may be edited, and where an admitted agency keeps its profile up to date
EDITABLE_APPLICATION = frozenset({S.DRAFT, S.RETURNED})
MAINTAINABLE = frozenset({S.DRAFT, S.RETURNED, S.ACTIVE})


def next_status(current: AgencyStatus, action: AgencyAction) -> AgencyStatus:
    """The status `action` leads to from `current`; a `RuleViolation` when the table has no such move."""
    try:
        return TRANSITIONS[(current, action)]
    except KeyError:
        raise RuleViolation(
            UserErrorCode.NOT_ALLOWED, "not_allowed_in_status", status=current.label
        ) from None


def require_status(current: AgencyStatus, allowed: frozenset[AgencyStatus]) -> None:
    if current not in allowed:
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, "not_allowed_in_status", status=current.label)
