"""The five selection methods (选取方式) side by side: what each needs and which action announces its result.

method          competitors                        result announced by
DIRECT          eligible sign-ups (1+)             selectProjectAgency (owner)
RANDOM          eligible sign-ups (3+)             drawProjectAgency (owner or operator), verifiable draw
BIDDING         sign-ups with a sealed offer (3+)  openOffers after the timed open rounds
AVERAGE_PRICE   sign-ups with a sealed offer (3+)  openOffers
BEST_MERIT      eligible sign-ups (3+)             rankBidders once every scorer scored every bidder
"""

from __future__ import annotations

from dataclasses import dataclass

from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.domain.projects.vocabulary import ProjectAction, SelectionMethod
from zhongjie.models import Project


@dataclass(frozen=True)
class MethodRules:
    min_competitors: int  # fewer eligible at the close and the project fails (流标)
    sealed_offers: bool  # competitors are the sign-ups that sealed an offer
    announced_by: ProjectAction


METHODS: dict[SelectionMethod, MethodRules] = {
    SelectionMethod.DIRECT: MethodRules(1, False, ProjectAction.SELECT),
    SelectionMethod.RANDOM: MethodRules(3, False, ProjectAction.DRAW),
    SelectionMethod.BIDDING: MethodRules(3, True, ProjectAction.OPEN_OFFERS),
    SelectionMethod.AVERAGE_PRICE: MethodRules(3, True, ProjectAction.OPEN_OFFERS),
    SelectionMethod.BEST_MERIT: MethodRules(3, False, ProjectAction.RANK),
}
OFFER_METHODS = frozenset(method for method, rules in METHODS.items() if rules.sealed_offers)


def require_method(project: Project, method: SelectionMethod) -> None:
    """Refuse an action of `method` on a project selected otherwise."""
    if project.selection_method != method.value:
        raise RuleViolation(
            UserErrorCode.NOT_ALLOWED,
            "selection_method_unavailable",
            field="input.projectId",
            value=project.selection_method,
        )
