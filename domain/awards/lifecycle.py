"""The tables of what follows a result: the award, the disputes about it, the extensions of its service
time; each move with who may take it (the project's actors).

An award: ACTIVE ─the winner withdraws (放弃)─▶ WITHDRAWN; ACTIVE ─the operator disqualifies it, or upholds
a complaint─▶ DISQUALIFIED. The two sides confirm it, and sign its contract, once each (`SIDES`).
An enquiry: OPEN ─the owner answers (a question or an objection)─▶ ANSWERED; OPEN ─the operator upholds or
dismisses (a complaint)─▶ UPHELD / DISMISSED. Filing one is `enquiries.FILING`'s.
An extension: the winner requests it ─▶ PENDING ─the owner consents or refuses─▶ APPROVED / REFUSED.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from enum import StrEnum

from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.domain.awards.vocabulary import AwardStatus, EnquiryKind, EnquiryStatus, ExtensionStatus
from zhongjie.domain.projects.lifecycle import Actor
from zhongjie.domain.projects.vocabulary import ProjectAction
from zhongjie.domain.transitions import Lifecycle

AWARD: Lifecycle[AwardStatus, ProjectAction, Actor] = Lifecycle(
    {
        (AwardStatus.ACTIVE, ProjectAction.WITHDRAW_AWARD): (AwardStatus.WITHDRAWN, {Actor.AGENCY}),
        (AwardStatus.ACTIVE, ProjectAction.DISQUALIFY): (AwardStatus.DISQUALIFIED, {Actor.OPERATOR}),
    },
    lambda _state, _action: RuleViolation(
        UserErrorCode.NOT_ALLOWED, "no_active_award", field="input.projectId"
    ),
)
# the parties that confirm the award and sign the contract, once each; one acting for both goes first as owner
SIDES = (Actor.OWNER, Actor.AGENCY)


def side_to_act(acting_as: Collection[Actor], acted: Mapping[Actor, object | None]) -> Actor | None:
    """The first side the caller acts for that has not acted yet; None when it has, for each of its sides."""
    return next((side for side in SIDES if side in acting_as and acted[side] is None), None)


class EnquiryAction(StrEnum):
    ANSWER = "answer"
    UPHOLD = "uphold"
    DISMISS = "dismiss"


ENQUIRY: Lifecycle[EnquiryStatus, EnquiryAction, Actor] = Lifecycle(
    {
        (EnquiryStatus.OPEN, EnquiryAction.ANSWER): (EnquiryStatus.ANSWERED, {Actor.OWNER}),
        (EnquiryStatus.OPEN, EnquiryAction.UPHOLD): (EnquiryStatus.UPHELD, {Actor.OPERATOR}),
        (EnquiryStatus.OPEN, EnquiryAction.DISMISS): (EnquiryStatus.DISMISSED, {Actor.OPERATOR}),
    },
    lambda _state, _action: RuleViolation(
        UserErrorCode.NOT_ALLOWED, "enquiry_closed", field="input.enquiryId"
    ),
)
# how each kind of enquiry is settled
SETTLED_BY = {
    EnquiryKind.QUESTION: frozenset({EnquiryAction.ANSWER}),
    EnquiryKind.OBJECTION: frozenset({EnquiryAction.ANSWER}),
    EnquiryKind.COMPLAINT: frozenset({EnquiryAction.UPHOLD, EnquiryAction.DISMISS}),
}


class ExtensionAction(StrEnum):
    REQUEST = "request"
    APPROVE = "approve"
    REFUSE = "refuse"


EXTENSION: Lifecycle[ExtensionStatus, ExtensionAction, Actor] = Lifecycle(
    {
        (ExtensionStatus.PENDING, ExtensionAction.APPROVE): (ExtensionStatus.APPROVED, {Actor.OWNER}),
        (ExtensionStatus.PENDING, ExtensionAction.REFUSE): (ExtensionStatus.REFUSED, {Actor.OWNER}),
    },
    lambda _state, _action: RuleViolation(
        UserErrorCode.NOT_ALLOWED, "extension_decided", field="input.extensionId"
    ),
    creating={ExtensionAction.REQUEST: (ExtensionStatus.PENDING, {Actor.AGENCY})},
)
