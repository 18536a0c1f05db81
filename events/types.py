"""The event types the outbox carries, named `<aggregate>.<action>`."""

from __future__ import annotations

from enum import StrEnum

from zhongjie.domain.agencies.vocabulary import AgencyAction
from zhongjie.domain.notices import NoticeAction
from zhongjie.domain.projects.vocabulary import ProjectAction


class Aggregate(StrEnum):
    """What an event is about; its `aggregate_type` in the outbox."""

    PROJECT = "Project"
    AGENCY = "Agency"
    CREDIT_PROFILE = "CreditProfile"
    WEBHOOK_ENDPOINT = "WebhookEndpoint"
    NOTICE = "Notice"


PROJECT_RESULT_ANNOUNCED = f"project.{ProjectAction.SELECT.value.lower()}"
CREDIT_PROFILE_CHANGED = "credit.profile_changed"
WEBHOOK_ENDPOINT_DISABLED = "webhook.endpoint_disabled"
PROJECT_BID = "project.bid"  # a bid in an open round: names neither the bidder nor the price

EVENT_TYPES: frozenset[str] = frozenset(
    [f"project.{action.value.lower()}" for action in ProjectAction]
    + [f"agency.{action.value.lower()}" for action in AgencyAction]
    + [CREDIT_PROFILE_CHANGED, WEBHOOK_ENDPOINT_DISABLED, PROJECT_BID]
    + [f"notice.{action.value.lower()}" for action in NoticeAction]
)
