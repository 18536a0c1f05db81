"""The event types the outbox carries, named `<aggregate>.<action>`."""

from __future__ import annotations

from enum import StrEnum

from zhongjie.domain.agencies.vocabulary import AgencyAction
from zhongjie.domain.notices.vocabulary import NoticeAction
from zhongjie.domain.projects.events import EVENT_TYPES as PROJECT_EVENT_TYPES


class Aggregate(StrEnum):
    """What an event is about; its `aggregate_type` in the outbox."""

    PROJECT = "Project"
    AGENCY = "Agency"
    CREDIT_PROFILE = "CreditProfile"
    WEBHOOK_ENDPOINT = "WebhookEndpoint"
    NOTICE = "Notice"


CREDIT_PROFILE_CHANGED = "credit.profile_changed"
WEBHOOK_ENDPOINT_DISABLED = "webhook.endpoint_disabled"

EVENT_TYPES: frozenset[str] = frozenset(
    PROJECT_EVENT_TYPES
    | {f"agency.{action.value.lower()}" for action in AgencyAction}
    | {CREDIT_PROFILE_CHANGED, WEBHOOK_ENDPOINT_DISABLED}
    | {f"notice.{action.value.lower()}" for action in NoticeAction}
)
