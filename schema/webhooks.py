"""Webhook endpoints (推送地址) of partner systems, their deliveries and attempts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, ClassVar, Self

import strawberry

from zhongjie.auth.visibility import RowRule
from zhongjie.domain.webhooks.access import OWN_ENDPOINTS
from zhongjie.events.signing import RetiredSecrets, grace_end, still_signing
from zhongjie.events.webhook_states import DeliveryStatus, EndpointStatus
from zhongjie.models import WebhookAttempt as AttemptRow
from zhongjie.models import WebhookDelivery as DeliveryRow
from zhongjie.models import WebhookEndpoint as EndpointRow
from zhongjie.resolvers.webhooks import deliveries_of
from zhongjie.schema.enums import labelled
from zhongjie.schema.relay import After, Connection, First, Node

EndpointStatusEnum = Annotated[
    EndpointStatus,
    labelled(EndpointStatus, name="WebhookEndpointStatus", description="State of an endpoint."),
]
DeliveryStatusEnum = Annotated[
    DeliveryStatus, labelled(DeliveryStatus, name="WebhookDeliveryStatus", description="State of a delivery.")
]


@strawberry.type(description="One try to deliver (投递记录).")
class WebhookAttempt:
    number: int = strawberry.field(description="Attempt number, from 1.")
    started_at: datetime = strawberry.field(description="When it started.")
    duration_ms: int = strawberry.field(description="How long it took, in milliseconds.")
    succeeded: bool = strawberry.field(description="Whether the receiver answered 2xx.")
    status_code: int | None = strawberry.field(description="The receiver's HTTP status, if it answered.")
    error: str | None = strawberry.field(description="What went wrong, if anything.")

    @classmethod
    def from_row(cls, row: AttemptRow) -> Self:
        return cls(
            number=row.number,
            started_at=row.started_at,
            duration_ms=row.duration_ms,
            succeeded=row.succeeded,
            status_code=row.status_code,
            error=row.error,
        )


@strawberry.type(
    description="One event for one endpoint, retried until delivered or given up (dead-lettered)."
)
class WebhookDelivery(Node):
    row_rule: ClassVar[RowRule] = OWN_ENDPOINTS
    delivery_id: strawberry.Private[int]
    organisation_id: strawberry.Private[int]
    message_id: str = strawberry.field(
        description="The `webhook-id` header: `msg_` and a random UUID, unique across deployments, the same "
        "on every retry and redelivery."
    )
    event_type: str = strawberry.field(description="Event type.")
    body: str = strawberry.field(description="The JSON body sent.")
    status: DeliveryStatusEnum = strawberry.field(description="State.")
    attempt_count: int = strawberry.field(description="Attempts so far.")
    next_attempt_at: datetime | None = strawberry.field(
        description="When the next attempt is due, if pending."
    )
    last_status_code: int | None = strawberry.field(description="The receiver's last HTTP status.")
    last_error: str | None = strawberry.field(description="The last failure.")
    created_at: datetime = strawberry.field(description="When the event was fanned out to the endpoint.")
    delivered_at: datetime | None = strawberry.field(description="When the receiver accepted it.")

    def node_key(self) -> object:
        return self.delivery_id

    @classmethod
    def from_row(cls, row: DeliveryRow, organisation_id: int) -> Self:
        status = DeliveryStatus(row.status)
        return cls(
            delivery_id=row.id,
            organisation_id=organisation_id,
            message_id=row.message_id,
            event_type=row.event_type,
            body=row.body,
            status=status,
            attempt_count=row.attempts,
            next_attempt_at=row.next_attempt_at if status is DeliveryStatus.PENDING else None,
            last_status_code=row.last_status_code,
            last_error=row.last_error,
            created_at=row.created_at,
            delivered_at=row.delivered_at,
        )

    @strawberry.field(description="Every attempt, oldest first.")
    async def attempts(self, info: strawberry.Info) -> list[WebhookAttempt]:
        rows = await info.context.loaders.attempts_of_delivery.load(self.delivery_id)
        return [WebhookAttempt.from_row(row) for row in rows]


@strawberry.type(
    description="A partner system's webhook endpoint (推送地址), visible to its organisation only."
)
class WebhookEndpoint(Node):
    row_rule: ClassVar[RowRule] = OWN_ENDPOINTS
    endpoint_id: strawberry.Private[int]
    organisation_id: strawberry.Private[int]
    retired_secrets: strawberry.Private[RetiredSecrets]
    url: str = strawberry.field(description="Where deliveries are POSTed.")
    description: str | None = strawberry.field(description="What it is for.")
    event_types: list[str] = strawberry.field(description="Event types delivered.")
    document: str | None = strawberry.field(description="The subscription document shaping payloads, if any.")
    ordered: bool = strawberry.field(
        description="Deliveries go out one at a time in feed order: a later one waits while an earlier one "
        "is pending (in flight or waiting for a retry) and goes once it is delivered or dead-lettered. "
        "False: concurrently, a retried delivery overtaken by later ones."
    )
    status: EndpointStatusEnum = strawberry.field(description="State.")
    failing_since: datetime | None = strawberry.field(description="Failing without a success since then.")
    disabled_at: datetime | None = strawberry.field(description="When it was disabled.")
    created_at: datetime = strawberry.field(description="When it was registered.")

    def node_key(self) -> object:
        return self.endpoint_id

    @classmethod
    def from_row(cls, row: EndpointRow) -> Self:
        return cls(
            endpoint_id=row.id,
            organisation_id=row.organisation_id,
            url=row.url,
            description=row.description,
            event_types=list(row.event_types),
            document=row.document,
            ordered=row.ordered,
            status=EndpointStatus(row.status),
            failing_since=row.failing_since,
            disabled_at=row.disabled_at,
            retired_secrets=list(row.retired_secrets),
            created_at=row.created_at,
        )

    @strawberry.field(
        description="When each earlier secret that still signs stops (one per rotation within its grace "
        "period), soonest first; empty when only the current secret signs."
    )
    def secret_grace_ends(self, info: strawberry.Info) -> list[datetime]:
        return self._grace_ends(info.context.clock())

    @strawberry.field(
        description="Until then an earlier secret also signs (after a rotation): the last of "
        "`secretGraceEnds`."
    )
    def secret_rotating_until(self, info: strawberry.Info) -> datetime | None:
        return max(self._grace_ends(info.context.clock()), default=None)

    def _grace_ends(self, now: datetime) -> list[datetime]:
        return sorted(grace_end(entry) for entry in still_signing(self.retired_secrets, now))

    @strawberry.field(description="Its deliveries (投递日志), newest first.")
    async def deliveries(
        self,
        info: strawberry.Info,
        first: First = 20,
        after: After = None,
        status: DeliveryStatusEnum | None = None,
    ) -> Connection[WebhookDelivery]:
        page = await deliveries_of(info.context, self.endpoint_id, first, after, status)
        return Connection.of(page, lambda row: WebhookDelivery.from_row(row, self.organisation_id))
