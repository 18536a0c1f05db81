"""The event types a webhook endpoint (or `events`) can ask for, each described with the `Event` fields
it fills: what a partner needs to choose its `eventTypes` and write its payload document.

Families of lifecycle moves are described from their actions' official terms; every other type has its
entry below. A type the table cannot describe is a test failure (`tests/events`), so a new one cannot
reach the feed undocumented.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

import strawberry

from zhongjie.domain.agencies.vocabulary import AgencyAction
from zhongjie.domain.notices.vocabulary import NoticeAction
from zhongjie.domain.outbox.types import CREDIT_PROFILE_CHANGED, EVENT_TYPES, WEBHOOK_ENDPOINT_DISABLED
from zhongjie.domain.projects.events import ANNOUNCEMENT_TYPES, EVENT_TYPE_OF_ACTION, ProjectEvent
from zhongjie.domain.projects.vocabulary import ProjectAction

# filled for every event, then the subject's fields by the type's family, then the type's own fields
COMMON = ("cursor", "type", "aggregate", "sequence", "occurredAt")
SUBJECTS = {
    "project": ("subjectId", "project"),
    "agency": ("subjectId", "agency"),
    "credit": ("creditProfile",),
    "notice": ("subjectId", "notice"),
    "webhook": ("subjectId", "webhookEndpoint"),
}
MOVE = ("fromStatus", "toStatus")
PARTY = "party"  # only where the reader may know the agency (see `Event.party`)

PARTICIPATION: dict[ProjectEvent, tuple[str, tuple[str, ...]]] = {
    ProjectEvent.RESULT_ANNOUNCED: (
        "中选公告 a result is announced, however it was reached (direct selection, a draw, offers opened, a "
        "ranking, a batch follow-on, or again after a winner ended); `result` has the winner and the offer",
        (*MOVE, "result"),
    ),
    ProjectEvent.FAILED: (
        "流标 the project failed: too few competitors at the close, or none left after a winner ended",
        (*MOVE, "result"),
    ),
    ProjectEvent.SIGNED_UP: ("报名 an agency signed up (named to operators and itself only)", (PARTY,)),
    ProjectEvent.SIGNUP_WITHDRAWN: ("撤回报名 an agency withdrew its sign-up", (PARTY,)),
    ProjectEvent.QUESTION_ASKED: ("提问 a question was asked (the asker is never named)", ("enquiry",)),
    ProjectEvent.QUESTION_ANSWERED: ("答疑 a question was answered", ("enquiry",)),
    ProjectEvent.OBJECTION_FILED: ("质疑 an objection was filed", (PARTY, "enquiry")),
    ProjectEvent.OBJECTION_ANSWERED: ("质疑答复 an objection was answered", (PARTY, "enquiry")),
    ProjectEvent.COMPLAINT_FILED: ("投诉 a complaint was filed", (PARTY, "enquiry")),
    ProjectEvent.COMPLAINT_DECIDED: ("投诉处理 a complaint was decided", (PARTY, "enquiry")),
    ProjectEvent.OFFER_SEALED: ("密封报价 an agency sealed its offer (never the price)", (PARTY,)),
    ProjectEvent.BID: ("竞价 a round of the bidding room closed", ()),
    ProjectEvent.SCORERS_ASSIGNED: ("评审专家 scorers were assigned to a best-merit selection", ()),
    ProjectEvent.SCORE_RECORDED: ("评分 a scorer recorded scores (never the scores)", (PARTY,)),
    ProjectEvent.AWARD_CONFIRMED: ("中选确认 one side confirmed the award", (PARTY,)),
    ProjectEvent.CONTRACT_PREPARED: ("合同拟定 the contract was prepared", (PARTY,)),
    ProjectEvent.CONTRACT_SIGNED: ("合同签署 one side signed the contract", (PARTY,)),
    ProjectEvent.EXTENSION_REQUESTED: ("延期申请 an extension of the service was requested", (PARTY,)),
    ProjectEvent.EXTENSION_DECIDED: ("延期审核 an extension was decided", (PARTY,)),
    ProjectEvent.EVALUATED: ("评价 one side evaluated the other", (PARTY,)),
    ProjectEvent.AWARD_CORRECTED: (
        "更正公告 an operator corrected the published award (its value); a new OCDS award release tells it",
        (PARTY,),
    ),
    ProjectEvent.RECORD_CORRECTED: (
        "记录更正 what the project's public record shows changed (e.g. a party's name or region); a "
        "correction release tells it",
        (),
    ),
}
# the lifecycle action each move type reports (announcements are reached by several: described above)
MOVES: dict[str, ProjectAction] = {
    event_type: action
    for action, event_type in EVENT_TYPE_OF_ACTION.items()
    if event_type not in ANNOUNCEMENT_TYPES
}
OTHERS: dict[str, tuple[str, tuple[str, ...]]] = {
    CREDIT_PROFILE_CHANGED: (
        "信用脸谱变化 an agency's credit profile (score, level, restriction) was assessed anew",
        (),
    ),
    WEBHOOK_ENDPOINT_DISABLED: (
        "推送地址停用 your webhook endpoint was disabled after failing too long (told to its organisation)",
        MOVE,
    ),
}


@dataclass(frozen=True)
class Description:
    text: str
    fields: tuple[str, ...]


def describe(event_type: str) -> Description | None:
    """What `event_type` tells and the `Event` fields it fills, or None for a type nobody described."""
    family, _, name = event_type.partition(".")
    described: tuple[str, tuple[str, ...]] | None = None
    if event_type in PARTICIPATION:
        described = PARTICIPATION[ProjectEvent(event_type)]
    elif event_type in MOVES:
        action = MOVES[event_type]
        described = (f"{action.label} ({action.value}): a step of the project's lifecycle", MOVE)
    elif event_type in OTHERS:
        described = OTHERS[event_type]
    elif family == "agency" and name.upper() in AgencyAction.__members__:
        agency = AgencyAction(name.upper())
        described = (f"{agency.label} ({agency.value}): a step of the agency's entry record", MOVE)
    elif family == "notice" and name.upper() in NoticeAction.__members__:
        notice = NoticeAction(name.upper())
        described = (f"{notice.label}通知公告 ({notice.value}): a step of the notice's lifecycle", MOVE)
    if described is None or family not in SUBJECTS:
        return None
    text, fields = described
    return Description(text, (*COMMON, *SUBJECTS[family], *fields))


@strawberry.type(description="An event type of the feed (`events`, webhooks), with what its events carry.")
class WebhookEventType:
    name: str = strawberry.field(description="The type, `<aggregate>.<action>`, as `eventTypes` takes it.")
    description: str = strawberry.field(description="What happened (with the official term).")
    payload_fields: list[str] = strawberry.field(
        description="The `Event` fields its events fill (the others are null), to select in a webhook "
        "document; the subject's own field (e.g. `project`) only while the reader may see the subject, "
        "`party` only where it may know the agency concerned."
    )

    @classmethod
    def of(cls, name: str) -> Self:
        described = describe(name)
        if described is None:  # the tests walk EVENT_TYPES: this is a new type left undescribed
            raise LookupError(f"event type {name} is not described")
        return cls(name=name, description=described.text, payload_fields=list(described.fields))


def event_types() -> list[WebhookEventType]:
    """Every type of the outbox, by name."""
    return [WebhookEventType.of(name) for name in sorted(EVENT_TYPES)]
