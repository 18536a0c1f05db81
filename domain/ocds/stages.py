"""Which project transitions are OCDS stages, and the release tags each one publishes."""

from __future__ import annotations

from zhongjie.domain.projects.vocabulary import ProjectAction

A = ProjectAction
STAGE_TAGS: dict[ProjectAction, tuple[str, ...]] = {
    A.PUBLISH: ("tender",),
    A.REPUBLISH: ("tenderUpdate",),
    A.CLOSE_SIGNUP: ("tenderUpdate",),  # who signed up becomes public
    A.FAIL: ("tenderUpdate",),
    A.SELECT: ("award",),
    A.DRAW: ("award",),
    A.OPEN_OFFERS: ("award",),
    A.RANK: ("award",),
    A.BATCH_SELECT: ("award",),
    A.CONFIRM: ("awardUpdate",),
    A.WITHDRAW_AWARD: ("awardUpdate",),
    A.DISQUALIFY: ("awardUpdate",),
    A.SIGN_CONTRACT: ("contract",),
    A.DELIVER: ("implementation",),
    A.RETURN_DELIVERY: ("implementation",),
    A.ACCEPT: ("implementation", "contractTermination"),
}
# their outbox event types (`project.<action>`)
STAGE_EVENT_TYPES: dict[str, ProjectAction] = {
    f"project.{action.value.lower()}": action for action in STAGE_TAGS
}
AWARD_ENDINGS = frozenset({A.WITHDRAW_AWARD, A.DISQUALIFY})
PUBLICATIONS = frozenset({A.PUBLISH, A.REPUBLISH})
