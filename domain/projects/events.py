"""What a project's changes tell, and whom: the project's event types, each with its audiences.

Every transition of the lifecycle table writes an event (`project.<action>`), except that every way of
reaching a result writes `project.result_announced` and every failure (流标) `project.failed`, so a new
selection method cannot announce a result that subscribers miss. The steps that do not move the status —
sign-ups, enquiries, offers, scores, one side's confirmation or signature, extensions, evaluations — write
the participation events below. None carries content that is sealed or personal (offers, scores, texts):
an event says that something happened and to which agency, and the reader asks for what it may see.

Each participation event declares who is told (beyond whoever may see the project as the change left it
and as it is now) and who may know the agency it concerns; `auth`'s one policy decides both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal, Role
from zhongjie.auth.visibility import OWN_ORGANISATION, SELF, Audience, RowRule
from zhongjie.domain.outbox.record import record_event
from zhongjie.domain.projects.access import OWNER_ORGANISATION
from zhongjie.domain.projects.lifecycle import TRANSITIONS
from zhongjie.domain.projects.vocabulary import ProjectAction, ProjectStatus
from zhongjie.models import Agency, Project

AGGREGATE = "Project"


class ProjectEvent(StrEnum):
    RESULT_ANNOUNCED = "project.result_announced"
    FAILED = "project.failed"
    SIGNED_UP = "project.signed_up"
    SIGNUP_WITHDRAWN = "project.signup_withdrawn"
    QUESTION_ASKED = "project.question_asked"
    QUESTION_ANSWERED = "project.question_answered"
    OBJECTION_FILED = "project.objection_filed"
    OBJECTION_ANSWERED = "project.objection_answered"
    COMPLAINT_FILED = "project.complaint_filed"
    COMPLAINT_DECIDED = "project.complaint_decided"
    OFFER_SEALED = "project.offer_sealed"
    BID = "project.bid"
    SCORERS_ASSIGNED = "project.scorers_assigned"
    SCORE_RECORDED = "project.score_recorded"
    AWARD_CONFIRMED = "project.award_confirmed"
    CONTRACT_PREPARED = "project.contract_prepared"
    CONTRACT_SIGNED = "project.contract_signed"
    EXTENSION_REQUESTED = "project.extension_requested"
    EXTENSION_DECIDED = "project.extension_decided"
    EVALUATED = "project.evaluated"
    AWARD_CORRECTED = "project.award_corrected"  # 更正公告: the published award's value, corrected
    RECORD_CORRECTED = "project.record_corrected"  # what the public record shows changed (a party's name)


# the statuses whose transitions are announcements, and the event each writes
ANNOUNCEMENTS: dict[ProjectStatus, ProjectEvent] = {
    ProjectStatus.RESULT_ANNOUNCED: ProjectEvent.RESULT_ANNOUNCED,
    ProjectStatus.FAILED: ProjectEvent.FAILED,
}
RESULT_ACTIONS = frozenset(
    action for (_, action), (target, _) in TRANSITIONS.items() if target is ProjectStatus.RESULT_ANNOUNCED
)
ANNOUNCEMENT_TYPES = frozenset(event.value for event in ANNOUNCEMENTS.values())


def _event_type(action: ProjectAction, target: ProjectStatus | None) -> str:
    announcement = ANNOUNCEMENTS.get(target) if target else None
    return announcement.value if announcement else f"project.{action.value.lower()}"


# every action leads to one status whatever it starts from, so each has one event type
TARGETS = {action: target for (_, action), (target, _) in TRANSITIONS.items()}
EVENT_TYPE_OF_ACTION: dict[ProjectAction, str] = {
    action: _event_type(action, TARGETS.get(action)) for action in ProjectAction
}
TRANSITION_EVENT_TYPES = frozenset(EVENT_TYPE_OF_ACTION.values())
EVENT_TYPES = TRANSITION_EVENT_TYPES | {event.value for event in ProjectEvent}


def action_of(event_type: str, payload: dict[str, Any]) -> ProjectAction | None:
    """The lifecycle action a project event reports, or None for a participation event."""
    if "action" in payload:
        return ProjectAction(payload["action"])
    name = event_type.removeprefix("project.").upper()
    return ProjectAction(name) if name in ProjectAction.__members__ else None


@dataclass(frozen=True)
class EventFacts:
    """What the audiences of a project event are judged on."""

    owner_organisation_id: int
    organisation_id: int | None  # the organisation of the agency the event concerns
    user_id: int | None  # who acted


@dataclass(frozen=True)
class EventRule:
    """`told`: who hears of the event beyond those who see the project (None: just they); `party`: who
    may know the agency it concerns (None: whoever is told)."""

    told: RowRule | None = None
    party: RowRule | None = None


def _rule(roles: frozenset[Role] = frozenset(), *relations: Any) -> RowRule:
    return RowRule(Audience(roles=roles, relations=relations))


OPERATORS = frozenset({Role.OPERATOR})
NOBODY = _rule()
# anti-collusion: who signs up or seals an offer is known to the operator and that agency alone, until the
# close; the owner hears that someone signed up (and sees the count), the public nothing
SIGNUP = EventRule(
    told=_rule(OPERATORS, OWN_ORGANISATION, OWNER_ORGANISATION), party=_rule(OPERATORS, OWN_ORGANISATION)
)
SEALED = EventRule(told=_rule(OPERATORS, OWN_ORGANISATION), party=_rule(OPERATORS, OWN_ORGANISATION))
# objections and complaints: the filer, the owner and the operators; the filer is named to none but itself
DISPUTE = EventRule(
    told=_rule(OPERATORS, OWN_ORGANISATION, OWNER_ORGANISATION), party=_rule(OPERATORS, OWN_ORGANISATION)
)
RULES: dict[str, EventRule] = {
    ProjectEvent.SIGNED_UP: SIGNUP,
    ProjectEvent.SIGNUP_WITHDRAWN: SIGNUP,
    ProjectEvent.OFFER_SEALED: SEALED,
    ProjectEvent.SCORE_RECORDED: EventRule(told=_rule(OPERATORS, SELF), party=_rule(OPERATORS, SELF)),
    ProjectEvent.QUESTION_ASKED: EventRule(party=NOBODY),  # the asker is never disclosed
    ProjectEvent.QUESTION_ANSWERED: EventRule(party=NOBODY),
    ProjectEvent.OBJECTION_FILED: DISPUTE,
    ProjectEvent.OBJECTION_ANSWERED: DISPUTE,
    ProjectEvent.COMPLAINT_FILED: DISPUTE,
    ProjectEvent.COMPLAINT_DECIDED: DISPUTE,
}
# results, confirmations, contracts, extensions, evaluations: as public as the project
PUBLIC_STEP = EventRule()


def rule_of(event_type: str) -> EventRule:
    return RULES.get(event_type, PUBLIC_STEP)


async def record_project_event(
    session: AsyncSession,
    project: Project,
    event: ProjectEvent,
    actor: Principal | None,
    actor_role: str,
    now: datetime,
    *,
    party: Agency | None = None,
    **details: Any,
) -> None:
    """A participation event of `project` (locked by the caller), about `party` if given."""
    payload: dict[str, Any] = {"code": project.code, "status": project.status, **details}
    if party is not None:
        payload["party"], payload["partyOrganisation"] = party.id, party.organisation_id
    await record_event(
        session,
        aggregate_type=AGGREGATE,
        aggregate_key=str(project.id),
        event_type=event.value,
        payload=payload,
        actor_user_id=actor.user_id if actor else None,
        actor_role=actor_role,
        now=now,
    )
