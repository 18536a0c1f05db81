"""The tables of credit and supervision: a credit record's status, an inspection plan and its targets;
each move with who may take it.

A credit record (good or bad): VALID ─revoke (a wrong record is withdrawn)─▶ REVOKED; VALID ─expire
(its validity ended; the platform's job)─▶ EXPIRED; a bad one also VALID ─repair (信用修复)─▶ REPAIRED.
An inspection plan: PLANNED ─draw─▶ DRAWN, by the authority that made it; each target drawn then takes
one result, PASSED or FAILED, once.
"""

from __future__ import annotations

from enum import StrEnum

from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.domain.credit.vocabulary import CreditKind, InspectionResult, InspectionStatus, RecordStatus
from zhongjie.domain.transitions import Lifecycle


class CreditActor(StrEnum):
    AUTHORITY = "authority"  # an industry authority, for its region or the regions below it
    OPERATOR = "operator"  # the platform's operator, likewise
    SYSTEM = "system"  # the platform itself, at the end of a validity


class CreditAction(StrEnum):
    REPAIR = "repaired"
    REVOKE = "revoked"
    EXPIRE = "expired"


RECORDERS = (CreditActor.AUTHORITY, CreditActor.OPERATOR)
K, R = CreditKind, RecordStatus
# the state of a record is its kind and its status: only a bad record is repaired
CREDIT_RECORD: Lifecycle[tuple[CreditKind, RecordStatus], CreditAction, CreditActor] = Lifecycle(
    {
        ((K.BAD, R.VALID), CreditAction.REPAIR): ((K.BAD, R.REPAIRED), RECORDERS),
        **{((kind, R.VALID), CreditAction.REVOKE): ((kind, R.REVOKED), RECORDERS) for kind in K},
        **{((kind, R.VALID), CreditAction.EXPIRE): ((kind, R.EXPIRED), {CreditActor.SYSTEM}) for kind in K},
    },
    lambda _state, _action: RuleViolation(
        UserErrorCode.NOT_ALLOWED, "record_not_changeable", field="input.recordId"
    ),
)
# the action that makes each status an authority or operator may give a record
CHANGES = {RecordStatus.REPAIRED: CreditAction.REPAIR, RecordStatus.REVOKED: CreditAction.REVOKE}


class InspectionActor(StrEnum):
    AUTHORITY = "authority"  # the authority (organisation and sector) that made the plan


class InspectionAction(StrEnum):
    DRAW = "draw"


INSPECTION_PLAN: Lifecycle[InspectionStatus, InspectionAction, InspectionActor] = Lifecycle(
    {
        (InspectionStatus.PLANNED, InspectionAction.DRAW): (
            InspectionStatus.DRAWN,
            {InspectionActor.AUTHORITY},
        )
    },
    lambda _state, _action: RuleViolation(
        UserErrorCode.NOT_ALLOWED, "plan_already_drawn", field="input.planId"
    ),
)
# a target's result: none until the one recorded, which is the action's own
INSPECTION_TARGET: Lifecycle[InspectionResult, InspectionResult, InspectionActor] = Lifecycle(
    {},
    lambda _state, _action: RuleViolation(
        UserErrorCode.NOT_ALLOWED, "plan_already_drawn", field="input.creditCode"
    ),
    creating={result: (result, {InspectionActor.AUTHORITY}) for result in InspectionResult},
)
