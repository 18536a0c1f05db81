"""Inputs and payloads of webhook endpoint mutations."""

from __future__ import annotations

from typing import Self

import strawberry

from zhongjie.base.global_ids import encode_global_id
from zhongjie.resolvers.mutations import Outcome
from zhongjie.resolvers.webhook_mutations import Redelivery, WithSecret
from zhongjie.schema.errors import UserError, user_errors
from zhongjie.schema.events import EventFilter
from zhongjie.schema.webhooks import WebhookDelivery, WebhookEndpoint

ERRORS = "Refused parts of the input; empty on success."


@strawberry.input(
    description="Register a webhook endpoint (推送地址) for your organisation (partner or operator)."
)
class CreateWebhookEndpointInput:
    url: str = strawberry.field(description="An https URL on a public address.")
    event_types: list[str] = strawberry.field(
        description="Event types to deliver, e.g. `project.result_announced`."
    )
    filter: EventFilter | None = strawberry.field(default=None, description="Which events, as for `events`.")
    document: str | None = strawberry.field(
        default=None,
        description="A subscription document (root field `events` or `projectResults`, variables "
        "`$types` and `$filter` only) shaping each payload, run with your permissions; "
        "default: the standard event fields.",
    )
    description: str | None = strawberry.field(default=None, description="What it is for.")
    ordered: bool = strawberry.field(
        default=False,
        description="Deliver one at a time in feed order (see `WebhookEndpoint.ordered`); default: "
        "concurrently.",
    )


@strawberry.input(description="New settings of an endpoint of your organisation; an absent one is kept.")
class UpdateWebhookEndpointInput:
    endpoint_id: strawberry.ID = strawberry.field(description="The endpoint.")
    ordered: bool | None = strawberry.field(
        default=None, description="Deliver one at a time in feed order (see `WebhookEndpoint.ordered`)."
    )
    description: str | None = strawberry.field(default=None, description="What it is for.")


@strawberry.input(description="An endpoint of your organisation.")
class WebhookEndpointInput:
    endpoint_id: strawberry.ID = strawberry.field(description="The endpoint.")


@strawberry.input(description="A delivery to send again now, with its original `webhook-id`.")
class RedeliverWebhookInput:
    delivery_id: strawberry.ID = strawberry.field(description="The delivery.")


@strawberry.type(description="Result of an endpoint mutation.")
class WebhookEndpointPayload:
    endpoint: WebhookEndpoint | None = strawberry.field(description="The endpoint; null when refused.")
    secret: str | None = strawberry.field(
        description="The signing secret (whsec_…), shown only when created or rotated: keep it safe."
    )
    errors: list[UserError] = strawberry.field(description=ERRORS)

    @classmethod
    def of(cls, outcome: Outcome[WithSecret], language: str) -> Self:
        if outcome.value is None:
            return cls(endpoint=None, secret=None, errors=user_errors(outcome.refusal, language))
        row, secret = outcome.value
        return cls(endpoint=WebhookEndpoint.from_row(row), secret=secret, errors=[])


@strawberry.type(description="Result of removing an endpoint.")
class DeleteWebhookEndpointPayload:
    deleted_endpoint_id: strawberry.ID | None = strawberry.field(description="The removed endpoint's ID.")
    errors: list[UserError] = strawberry.field(description=ERRORS)

    @classmethod
    def of(cls, outcome: Outcome[int], language: str) -> Self:
        removed = outcome.value
        deleted = strawberry.ID(encode_global_id("WebhookEndpoint", removed)) if removed is not None else None
        return cls(deleted_endpoint_id=deleted, errors=user_errors(outcome.refusal, language))


@strawberry.type(description="Result of a redelivery.")
class WebhookDeliveryPayload:
    delivery: WebhookDelivery | None = strawberry.field(description="The delivery, due again now.")
    errors: list[UserError] = strawberry.field(description=ERRORS)

    @classmethod
    def of(cls, outcome: Outcome[Redelivery], language: str) -> Self:
        """The delivery as the endpoint's organisation (the caller's) sees it."""
        if outcome.value is None:
            return cls(delivery=None, errors=user_errors(outcome.refusal, language))
        delivery, organisation_id = outcome.value
        return cls(delivery=WebhookDelivery.from_row(delivery, organisation_id), errors=[])
