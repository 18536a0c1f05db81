"""Which project events are OCDS stages, and the release tags each one publishes.

A result, whatever the method that reached it, is the one `project.result_announced` event, and a
failure `project.failed`: the award releases are made of exactly the announcements that subscribers get.
"""

from __future__ import annotations

from zhongjie.domain.projects.events import EVENT_TYPE_OF_ACTION, RESULT_ACTIONS
from zhongjie.domain.projects.vocabulary import ProjectAction

A = ProjectAction
STAGE_TAGS: dict[ProjectAction, tuple[str, ...]] = {
    A.PUBLISH: ("tender",),
    A.REPUBLISH: ("tenderUpdate",),
    A.CLOSE_SIGNUP: ("tenderUpdate",),  # who signed up becomes public
    A.FAIL: ("tenderUpdate",),
    **{action: ("award",) for action in RESULT_ACTIONS},
    A.CONFIRM: ("awardUpdate",),
    A.WITHDRAW_AWARD: ("awardUpdate",),
    A.DISQUALIFY: ("awardUpdate",),
    A.SIGN_CONTRACT: ("contract",),
    A.DELIVER: ("implementation",),
    A.RETURN_DELIVERY: ("implementation",),
    A.ACCEPT: ("implementation", "contractTermination"),
    A.CANCEL: ("tenderCancellation",),  # released only for a project whose tender was
}
STAGE_EVENT_TYPES = frozenset(EVENT_TYPE_OF_ACTION[action] for action in STAGE_TAGS)  # in the outbox
AWARD_ENDINGS = frozenset({A.WITHDRAW_AWARD, A.DISQUALIFY})
PUBLICATIONS = frozenset({A.PUBLISH, A.REPUBLISH})
ENDINGS = frozenset({A.CANCEL})  # stages that end a public tender and leave the project hidden
# a correction's tag, by the first tag of the latest stage it corrects
CORRECTION_TAGS = {
    "tender": "tenderUpdate",
    "tenderUpdate": "tenderUpdate",
    "tenderCancellation": "tenderUpdate",
    "award": "awardUpdate",
    "awardUpdate": "awardUpdate",
    "contract": "contractUpdate",
    "implementation": "implementationUpdate",
}
