"""The project lifecycle as one table: for each (status, action), the next status and who may take it.

DRAFT ─submit─▶ SUBMITTED ─approve─▶ APPROVED ─publish─▶ PUBLISHED ─close sign-up─▶ SELECTION
                   │                                        │                         │ select
   RETURNED ◀─return                 FAILED ◀─fail (too few)                   RESULT_ANNOUNCED

RESULT_ANNOUNCED ─confirm (both)─▶ CONFIRMED ─sign (both)─▶ IN_SERVICE ─deliver─▶ DELIVERED ─accept─▶ ACCEPTED
                                                                  ▲                │ return       │ evaluate
                                                                  └────────────────┘          COMPLETED

RETURNED ─submit─▶ SUBMITTED; FAILED ─republish─▶ PUBLISHED; cancel from any status before the result.
Before the contract, the winner may withdraw or the operator disqualify it: back to SELECTION without it,
and FAILED when no competitor is left.
"""

from __future__ import annotations

from enum import StrEnum

from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.domain.projects.vocabulary import ProjectAction, ProjectStatus
from zhongjie.domain.transitions import Lifecycle


class Actor(StrEnum):
    OWNER = "owner"  # staff of the project's owner organisation
    OPERATOR = "operator"  # the operator of the project's region or a region above it
    AGENCY = "agency"  # staff of the agency holding the project's active award
    SYSTEM = "system"  # the platform itself, at deadlines


S, A = ProjectStatus, ProjectAction
CANCELLABLE = (S.DRAFT, S.SUBMITTED, S.RETURNED, S.APPROVED, S.PUBLISHED, S.SELECTION, S.FAILED)
BEFORE_CONTRACT = (S.RESULT_ANNOUNCED, S.CONFIRMED)

TRANSITIONS: dict[tuple[ProjectStatus, ProjectAction], tuple[ProjectStatus, frozenset[Actor]]] = {
    (S.DRAFT, A.SUBMIT): (S.SUBMITTED, frozenset({Actor.OWNER})),
    (S.RETURNED, A.SUBMIT): (S.SUBMITTED, frozenset({Actor.OWNER})),
    (S.SUBMITTED, A.APPROVE): (S.APPROVED, frozenset({Actor.OPERATOR})),
    (S.SUBMITTED, A.RETURN): (S.RETURNED, frozenset({Actor.OPERATOR})),
    (S.APPROVED, A.PUBLISH): (S.PUBLISHED, frozenset({Actor.OPERATOR})),
    (S.PUBLISHED, A.CLOSE_SIGNUP): (S.SELECTION, frozenset({Actor.SYSTEM})),
    (S.PUBLISHED, A.FAIL): (S.FAILED, frozenset({Actor.SYSTEM})),
    (S.SELECTION, A.FAIL): (S.FAILED, frozenset({Actor.SYSTEM})),  # no competitor left after a winner ended
    (S.SELECTION, A.SELECT): (S.RESULT_ANNOUNCED, frozenset({Actor.OWNER})),
    (S.SELECTION, A.DRAW): (S.RESULT_ANNOUNCED, frozenset({Actor.OWNER, Actor.OPERATOR})),
    (S.SELECTION, A.OPEN_OFFERS): (S.RESULT_ANNOUNCED, frozenset({Actor.OWNER, Actor.OPERATOR})),
    (S.SELECTION, A.RANK): (S.RESULT_ANNOUNCED, frozenset({Actor.OWNER, Actor.OPERATOR})),
    (S.SELECTION, A.BATCH_SELECT): (S.RESULT_ANNOUNCED, frozenset({Actor.SYSTEM})),
    (S.FAILED, A.REPUBLISH): (S.PUBLISHED, frozenset({Actor.OPERATOR})),
    **{(status, A.CANCEL): (S.CANCELLED, frozenset({Actor.OWNER, Actor.OPERATOR})) for status in CANCELLABLE},
    # after the award; confirming and signing move on once the second party has acted
    (S.RESULT_ANNOUNCED, A.CONFIRM): (S.CONFIRMED, frozenset({Actor.OWNER, Actor.AGENCY})),
    (S.CONFIRMED, A.SIGN_CONTRACT): (S.IN_SERVICE, frozenset({Actor.OWNER, Actor.AGENCY})),
    (S.IN_SERVICE, A.DELIVER): (S.DELIVERED, frozenset({Actor.AGENCY})),
    (S.DELIVERED, A.RETURN_DELIVERY): (S.IN_SERVICE, frozenset({Actor.OWNER})),
    (S.DELIVERED, A.ACCEPT): (S.ACCEPTED, frozenset({Actor.OWNER})),
    (S.ACCEPTED, A.EVALUATE): (S.COMPLETED, frozenset({Actor.OWNER})),
    **{(status, A.WITHDRAW_AWARD): (S.SELECTION, frozenset({Actor.AGENCY})) for status in BEFORE_CONTRACT},
    **{(status, A.DISQUALIFY): (S.SELECTION, frozenset({Actor.OPERATOR})) for status in BEFORE_CONTRACT},
}


def _not_allowed(status: ProjectStatus | None, action: ProjectAction) -> RuleViolation:
    assert status is not None  # a project is created by its application, never by a move of the table
    return RuleViolation(
        UserErrorCode.NOT_ALLOWED,
        "project_action_not_allowed",
        field="input.projectId",
        status=status.label,
        action=action.label,
    )


PROJECT_LIFECYCLE: Lifecycle[ProjectStatus, ProjectAction, Actor] = Lifecycle(TRANSITIONS, _not_allowed)
EDITABLE = frozenset({S.DRAFT, S.RETURNED})
# rows the public may see: from publication on (a project cancelled before it was published stays private)
PUBLIC = frozenset(
    {
        S.PUBLISHED,
        S.SELECTION,
        S.RESULT_ANNOUNCED,
        S.FAILED,
        S.CONFIRMED,
        S.IN_SERVICE,
        S.DELIVERED,
        S.ACCEPTED,
        S.COMPLETED,
    }
)
# a result has been announced: sealed offers become public
AFTER_RESULT = frozenset(
    {S.RESULT_ANNOUNCED, S.CONFIRMED, S.IN_SERVICE, S.DELIVERED, S.ACCEPTED, S.COMPLETED}
)
# the service clock runs in these
IN_PERFORMANCE = frozenset({S.IN_SERVICE, S.DELIVERED})
