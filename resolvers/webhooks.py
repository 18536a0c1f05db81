"""Webhook endpoints through GraphQL: the caller's endpoints, their delivery log, and the mutations."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import strawberry
from sqlalchemy import select

from zhongjie.auth.visibility import VISIBILITY
from zhongjie.base.global_ids import encode_global_id, key_of
from zhongjie.domain.webhooks.access import OWN_ENDPOINTS
from zhongjie.events import endpoints
from zhongjie.events.endpoints import EndpointSpec
from zhongjie.events.webhook_states import DeliveryStatus
from zhongjie.models import WebhookDelivery as DeliveryRow
from zhongjie.models import WebhookEndpoint as EndpointRow
from zhongjie.resolvers.context import RequestContext
from zhongjie.resolvers.events import Criteria
from zhongjie.resolvers.mutations import perform_legacy as perform
from zhongjie.resolvers.pagination import Ordering, Page, paginate
from zhongjie.schema.webhook_documents import check_document
from zhongjie.schema.webhook_inputs import (
    CreateWebhookEndpointInput,
    DeleteWebhookEndpointPayload,
    RedeliverWebhookInput,
    WebhookDeliveryPayload,
    WebhookEndpointInput,
    WebhookEndpointPayload,
)
from zhongjie.schema.webhooks import WebhookDelivery, WebhookEndpoint


def _filter_document(given: Any) -> dict[str, list[str]]:
    """The endpoint's filter as stored: validated, in the variable form `$filter` takes."""
    criteria = Criteria.of(given)
    stored = {
        "projectCodes": criteria.project_codes,
        "creditCodes": criteria.credit_codes,
        "investmentProjectCodes": criteria.investment_project_codes,
        "regions": criteria.regions,
        "serviceItems": criteria.service_items,
    }
    return {name: sorted(values) for name, values in stored.items() if values}


async def webhook_endpoints(context: RequestContext, first: int, after: str | None) -> Page[Any]:
    """The caller's organisation's endpoints, newest first."""
    statement = select(EndpointRow).where(VISIBILITY.row_filter(context.principal, OWN_ENDPOINTS))
    ordering = Ordering(name="ID:DESC", column=EndpointRow.id, key=EndpointRow.id, descending=True)
    return await paginate(context.database, statement, ordering, first, after)


async def deliveries_of(
    context: RequestContext, endpoint_id: int, first: int, after: str | None, status: DeliveryStatus | None
) -> Page[Any]:
    """An endpoint's deliveries, newest first, of one status if given (the endpoint's row rule hides
    the endpoint itself from other organisations)."""
    statement = select(DeliveryRow).where(DeliveryRow.endpoint_id == endpoint_id)
    if status is not None:
        statement = statement.where(DeliveryRow.status == status.value)
    ordering = Ordering(name="ID:DESC", column=DeliveryRow.id, key=DeliveryRow.id, descending=True)
    return await paginate(context.database, statement, ordering, first, after)


def _endpoint_payload(result: tuple[EndpointRow, str | None] | None, errors: list) -> WebhookEndpointPayload:
    if result is None:
        return WebhookEndpointPayload(endpoint=None, secret=None, errors=errors)
    row, secret = result
    return WebhookEndpointPayload(endpoint=WebhookEndpoint.from_row(row), secret=secret, errors=[])


async def create_webhook_endpoint(
    info: strawberry.Info, input: CreateWebhookEndpointInput
) -> WebhookEndpointPayload:
    settings = info.context.settings
    spec = EndpointSpec(
        url=input.url,
        event_types=input.event_types,
        filter=_filter_document(input.filter),
        document=input.document,
        description=input.description,
    )
    result, errors = await perform(
        info,
        lambda session, actor, now: endpoints.register(
            session,
            actor,
            spec,
            now,
            allow_list=settings.webhook_allowed_targets,
            check_document=lambda text: check_document(text, settings, info.schema._schema),
        ),
    )
    return _endpoint_payload(result, errors)


async def rotate_webhook_secret(info: strawberry.Info, input: WebhookEndpointInput) -> WebhookEndpointPayload:
    endpoint_id = key_of(input.endpoint_id, "WebhookEndpoint", "input.endpointId")
    grace = timedelta(seconds=info.context.settings.webhook_secret_grace_seconds)
    result, errors = await perform(
        info, lambda session, actor, now: endpoints.rotate_secret(session, actor, endpoint_id, now, grace)
    )
    return _endpoint_payload(result, errors)


async def enable_webhook_endpoint(
    info: strawberry.Info, input: WebhookEndpointInput
) -> WebhookEndpointPayload:
    endpoint_id = key_of(input.endpoint_id, "WebhookEndpoint", "input.endpointId")

    async def work(session: Any, actor: Any, now: Any) -> tuple[EndpointRow, None]:
        return await endpoints.enable(session, actor, endpoint_id, now), None

    result, errors = await perform(info, work)
    return _endpoint_payload(result, errors)


async def delete_webhook_endpoint(
    info: strawberry.Info, input: WebhookEndpointInput
) -> DeleteWebhookEndpointPayload:
    endpoint_id = key_of(input.endpoint_id, "WebhookEndpoint", "input.endpointId")
    removed, errors = await perform(
        info, lambda session, actor, now: endpoints.remove(session, actor, endpoint_id)
    )
    deleted = strawberry.ID(encode_global_id("WebhookEndpoint", removed)) if removed is not None else None
    return DeleteWebhookEndpointPayload(deleted_endpoint_id=deleted, errors=errors)


async def redeliver_webhook(info: strawberry.Info, input: RedeliverWebhookInput) -> WebhookDeliveryPayload:
    delivery_id = key_of(input.delivery_id, "WebhookDelivery", "input.deliveryId")
    result, errors = await perform(
        info, lambda session, actor, now: endpoints.redeliver(session, actor, delivery_id, now)
    )
    if result is None:
        return WebhookDeliveryPayload(delivery=None, errors=errors)
    organisation_id = info.context.principal.organisation_id
    return WebhookDeliveryPayload(delivery=WebhookDelivery.from_row(result, organisation_id), errors=[])
