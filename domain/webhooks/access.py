"""Who sees a webhook endpoint and its deliveries: its own organisation only."""

from __future__ import annotations

from typing import Any

from sqlalchemy import false

from zhongjie.auth.principal import Principal
from zhongjie.auth.visibility import OWN_ORGANISATION, Audience, RowRule
from zhongjie.models import WebhookEndpoint


def _own_endpoints(principal: Principal) -> Any:
    if principal.organisation_id is None:
        return false()
    return WebhookEndpoint.organisation_id == principal.organisation_id


OWN_ENDPOINTS = RowRule(Audience(relations=(OWN_ORGANISATION,)), sql=_own_endpoints)
