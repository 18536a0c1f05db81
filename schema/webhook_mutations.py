"""The webhook endpoint mutations: decode the input (the filter validated, the document checked
against this schema), call the resolver, show the endpoint or the refusal."""

from __future__ import annotations

from typing import Any

import strawberry

from zhongjie.base.global_ids import key_of
from zhongjie.events.endpoints import EndpointSpec
from zhongjie.resolvers import webhook_mutations as webhooks
from zhongjie.resolvers.events import Criteria
from zhongjie.schema.webhook_documents import check_document
from zhongjie.schema.webhook_inputs import (
    CreateWebhookEndpointInput,
    DeleteWebhookEndpointPayload,
    RedeliverWebhookInput,
    UpdateWebhookEndpointInput,
    WebhookDeliveryPayload,
    WebhookEndpointInput,
    WebhookEndpointPayload,
)


def _endpoint_key(global_id: str) -> int:
    return key_of(global_id, "WebhookEndpoint", "input.endpointId")


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


async def create_webhook_endpoint(
    info: strawberry.Info, input: CreateWebhookEndpointInput
) -> WebhookEndpointPayload:
    settings, schema = info.context.settings, info.schema._schema
    spec = EndpointSpec(
        url=input.url,
        event_types=input.event_types,
        filter=_filter_document(input.filter),
        document=input.document,
        description=input.description,
        ordered=input.ordered,
    )
    outcome = await webhooks.create_webhook_endpoint(
        info, spec, lambda text: check_document(text, settings, schema)
    )
    return WebhookEndpointPayload.of(outcome, info.context.language)


async def update_webhook_endpoint(
    info: strawberry.Info, input: UpdateWebhookEndpointInput
) -> WebhookEndpointPayload:
    outcome = await webhooks.update_webhook_endpoint(
        info, _endpoint_key(input.endpoint_id), ordered=input.ordered, description=input.description
    )
    return WebhookEndpointPayload.of(outcome, info.context.language)


async def rotate_webhook_secret(info: strawberry.Info, input: WebhookEndpointInput) -> WebhookEndpointPayload:
    outcome = await webhooks.rotate_webhook_secret(info, _endpoint_key(input.endpoint_id))
    return WebhookEndpointPayload.of(outcome, info.context.language)


async def enable_webhook_endpoint(
    info: strawberry.Info, input: WebhookEndpointInput
) -> WebhookEndpointPayload:
    outcome = await webhooks.enable_webhook_endpoint(info, _endpoint_key(input.endpoint_id))
    return WebhookEndpointPayload.of(outcome, info.context.language)


async def delete_webhook_endpoint(
    info: strawberry.Info, input: WebhookEndpointInput
) -> DeleteWebhookEndpointPayload:
    outcome = await webhooks.delete_webhook_endpoint(info, _endpoint_key(input.endpoint_id))
    return DeleteWebhookEndpointPayload.of(outcome, info.context.language)


async def redeliver_webhook(info: strawberry.Info, input: RedeliverWebhookInput) -> WebhookDeliveryPayload:
    delivery_id = key_of(input.delivery_id, "WebhookDelivery", "input.deliveryId")
    outcome = await webhooks.redeliver_webhook(info, delivery_id)
    return WebhookDeliveryPayload.of(outcome, info.context.language)
