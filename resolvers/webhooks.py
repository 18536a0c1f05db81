"""Reads of webhook endpoints: the caller's endpoints and their delivery log (the mutations are in
`webhook_mutations`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from zhongjie.auth.visibility import VISIBILITY
from zhongjie.domain.webhooks.access import OWN_ENDPOINTS
from zhongjie.events.webhook_states import DeliveryStatus
from zhongjie.models import WebhookDelivery as DeliveryRow
from zhongjie.models import WebhookEndpoint as EndpointRow
from zhongjie.resolvers.context import RequestContext
from zhongjie.resolvers.pagination import Ordering, Page, paginate


async def webhook_endpoints(context: RequestContext, first: int, after: str | None) -> Page[Any]:
    """The caller's organisation's endpoints, newest first."""
    statement = select(EndpointRow).where(VISIBILITY.row_filter(context.principal, OWN_ENDPOINTS))
    ordering = Ordering(name="ID:DESC", column=EndpointRow.id, key=EndpointRow.id, descending=True)
    return await paginate(context.loaders.reads, statement, ordering, first, after)


async def deliveries_of(
    context: RequestContext, endpoint_id: int, first: int, after: str | None, status: DeliveryStatus | None
) -> Page[Any]:
    """An endpoint's deliveries, newest first, of one status if given (the endpoint's row rule hides
    the endpoint itself from other organisations)."""
    statement = select(DeliveryRow).where(DeliveryRow.endpoint_id == endpoint_id)
    if status is not None:
        statement = statement.where(DeliveryRow.status == status.value)
    ordering = Ordering(name="ID:DESC", column=DeliveryRow.id, key=DeliveryRow.id, descending=True)
    return await paginate(context.loaders.reads, statement, ordering, first, after)
