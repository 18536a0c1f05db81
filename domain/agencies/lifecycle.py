"""The tables of an agency: its entry lifecycle, the check of each qualification it holds, and the review
of a change of its key fields; each move with who may take it.

    DRAFT ─submit─▶ SUBMITTED ─confirm complete─▶ QUALIFICATION_REVIEW ─approve─▶ ACTIVE ─remove─▶ REMOVED
                       │                               │
          RETURNED ◀───┴─────────── return ────────────┘        (RETURNED ─submit─▶ SUBMITTED)

`approve` is taken by the platform, not a person: as soon as the application is
complete and every qualification is verified (申请即入, "apply and you are in"). Once the operator
found an application complete, only a sector authority's rejection of a qualification returns it.
The agency's other actions (edits, contacts, qualifications, changes) leave its status as it is.

A qualification: PENDING ─verify (authority, or the e-license)─▶ VERIFIED ─expire─▶ EXPIRED;
PENDING ─reject─▶ REJECTED; an extension makes any of them PENDING again.
A change request: PENDING ─approve / reject (operator)─▶ APPROVED / REJECTED.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.domain.agencies.vocabulary import (
    AgencyAction,
    AgencyStatus,
    ChangeRequestStatus,
    VerificationState,
)
from zhongjie.domain.transitions import Lifecycle


class AgencyActor(StrEnum):
    """Who acts on an agency; the value is the role its history records."""

    AGENCY_ADMIN = "agency_admin"  # the administrator of the agency's own organisation
    OPERATOR = "operator"  # the operator of the agency's region or a region above it
    AUTHORITY = "authority"  # the authority of a qualification's sector, for the agency's region or above
    SYSTEM = "system"  # the platform itself: admission, e-license checks, expiry


S, A = AgencyStatus, AgencyAction
ADMIN, OPERATOR, AUTHORITY, SYSTEM = (
    AgencyActor.AGENCY_ADMIN,
    AgencyActor.OPERATOR,
    AgencyActor.AUTHORITY,
    AgencyActor.SYSTEM,
)
# where the application itself may be edited, and where an admitted agency keeps its profile up to date
EDITABLE_APPLICATION = frozenset({S.DRAFT, S.RETURNED})
MAINTAINABLE = frozenset({S.DRAFT, S.RETURNED, S.ACTIVE})
MAINTENANCE = (A.EDIT, A.AUTHORISE_CONTACT, A.REVOKE_CONTACT, A.EXTEND_QUALIFICATION)


def _not_allowed(status: AgencyStatus | None) -> RuleViolation:
    assert status is not None  # an agency is created by its application, never by a move of the table
    return RuleViolation(UserErrorCode.NOT_ALLOWED, "not_allowed_in_status", status=status.label)


Moves = dict[tuple[AgencyStatus, AgencyAction], tuple[AgencyStatus, set[AgencyActor]]]


def _stays(states: Iterable[AgencyStatus], actions: Iterable[AgencyAction], by: AgencyActor) -> Moves:
    """Each of `actions` in each of `states`, by `by`, leaving the status as it is."""
    return {(status, action): (status, {by}) for status in states for action in actions}


AGENCY_LIFECYCLE: Lifecycle[AgencyStatus, AgencyAction, AgencyActor] = Lifecycle(
    {
        (S.DRAFT, A.SUBMIT): (S.SUBMITTED, {ADMIN}),
        (S.RETURNED, A.SUBMIT): (S.SUBMITTED, {ADMIN}),
        (S.SUBMITTED, A.CONFIRM_COMPLETE): (S.QUALIFICATION_REVIEW, {OPERATOR}),
        (S.SUBMITTED, A.RETURN): (S.RETURNED, {OPERATOR}),
        (S.QUALIFICATION_REVIEW, A.RETURN): (S.RETURNED, {AUTHORITY}),
        (S.QUALIFICATION_REVIEW, A.APPROVE): (S.ACTIVE, {SYSTEM}),
        (S.ACTIVE, A.REMOVE): (S.REMOVED, {OPERATOR}),
        **_stays(MAINTAINABLE, MAINTENANCE, ADMIN),
        **_stays({S.ACTIVE}, [A.REQUEST_CHANGE], ADMIN),
        **_stays(S, [A.APPROVE_CHANGE, A.REJECT_CHANGE], OPERATOR),
        **_stays(S, [A.VERIFY_QUALIFICATION, A.REJECT_QUALIFICATION], AUTHORITY),
        **_stays(S, [A.EXPIRE_QUALIFICATION], SYSTEM),
    },
    lambda status, _action: _not_allowed(status),
)

V = VerificationState
QUALIFICATION_CHECK: Lifecycle[VerificationState, AgencyAction, AgencyActor] = Lifecycle(
    {
        (V.PENDING, A.VERIFY_QUALIFICATION): (V.VERIFIED, {AUTHORITY, SYSTEM}),
        (V.PENDING, A.REJECT_QUALIFICATION): (V.REJECTED, {AUTHORITY}),
        (V.PENDING, A.EXPIRE_QUALIFICATION): (V.EXPIRED, {SYSTEM}),
        (V.VERIFIED, A.EXPIRE_QUALIFICATION): (V.EXPIRED, {SYSTEM}),
        **{(state, A.EXTEND_QUALIFICATION): (V.PENDING, {ADMIN}) for state in V},
    },
    lambda _state, _action: RuleViolation(
        UserErrorCode.NOT_ALLOWED, "qualification_not_pending", field="input.qualificationId"
    ),
)

C = ChangeRequestStatus
CHANGE_REVIEW: Lifecycle[ChangeRequestStatus, AgencyAction, AgencyActor] = Lifecycle(
    {
        (C.PENDING, A.APPROVE_CHANGE): (C.APPROVED, {OPERATOR}),
        (C.PENDING, A.REJECT_CHANGE): (C.REJECTED, {OPERATOR}),
    },
    lambda _state, _action: RuleViolation(
        UserErrorCode.NOT_ALLOWED, "change_not_pending", field="input.changeRequestId"
    ),
)


def require_status(current: AgencyStatus, allowed: frozenset[AgencyStatus]) -> None:
    if current not in allowed:
        raise _not_allowed(current)
