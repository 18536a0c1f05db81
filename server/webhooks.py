"""Webhook delivery wired to the GraphQL schema: payloads are subscription results run as the partner."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

from strawberry.types import ExecutionResult

from zhongjie.base.settings import Settings
from zhongjie.domain.outbox.feed import Position
from zhongjie.events.broker import EventSignal
from zhongjie.events.dispatch import DispatchSettings, RenderPayload, run_dispatcher
from zhongjie.events.endpoints import principal_of
from zhongjie.models import DomainEvent, WebhookEndpoint
from zhongjie.models.database import Database
from zhongjie.resolvers.context import RequestContext
from zhongjie.schema.api import schema

logger = logging.getLogger("zhongjie.webhooks")

DEFAULT_DOCUMENT = """subscription($types: [String!], $filter: EventFilter) {
  events(types: $types, filter: $filter) {
    cursor type aggregate subjectId sequence occurredAt fromStatus toStatus
    project { id code title status investmentProjectCode }
    result {
      outcome action selectionMethod resultNumber price batchOf competitors minimumCompetitors drawRecordUrl
      winner { creditCode name } consortiumMembers { creditCode name }
    }
    party { creditCode name }
    agency { id creditCode name status }
    creditProfile { creditCode score level restriction }
    notice { id title status publishedAt region { code } }
    webhookEndpoint { id url status }
  }
}"""


def dispatch_settings(settings: Settings) -> DispatchSettings:
    return DispatchSettings(
        retry_schedule=tuple(settings.webhook_retry_schedule),
        lease_seconds=settings.webhook_lease_seconds,
        timeout_seconds=settings.webhook_timeout_seconds,
        max_response_bytes=settings.webhook_max_response_bytes,
        allowed_targets=tuple(settings.webhook_allowed_targets),
        disable_after=timedelta(seconds=settings.webhook_disable_after_seconds),
        poll_seconds=settings.webhook_poll_seconds,
        concurrency=settings.webhook_concurrency,
    )


def payload_renderer(database: Database, settings: Settings) -> RenderPayload:
    """Run the endpoint's document (or the default) for one event with the partner's permissions;
    the JSON body is the Standard Webhooks envelope around its data, or None if the partner may not
    see the event or its filter does not match. The envelope always carries the event's feed
    `cursor`, whatever the document selects, so a receiver can always resume the feed after the
    last event it handled (`events(after:)`), and so catch up on what arrived out of order or not
    at all."""

    async def render(endpoint: WebhookEndpoint, event: DomainEvent) -> str | None:
        context = RequestContext(
            request=None,
            response=None,
            database=database,
            settings=settings,
            language=settings.default_language,
            request_id=f"webhook-{endpoint.id}-{event.id}",
            principal=principal_of(endpoint),
            webhook_event=event,
        )
        variables = {"types": endpoint.event_types, "filter": endpoint.filter or None}
        stream = await schema.subscribe(
            endpoint.document or DEFAULT_DOCUMENT, variable_values=variables, context_value=context
        )
        if isinstance(stream, ExecutionResult):
            logger.error("webhook document of endpoint %s failed: %s", endpoint.id, stream.errors)
            return None
        result = None
        async for item in stream:
            result = item
        if result is None or result.data is None:
            if result is not None and result.errors:
                logger.error("webhook payload of endpoint %s failed: %s", endpoint.id, result.errors)
            return None
        envelope = {
            "type": event.event_type,
            "timestamp": event.created_at.isoformat(),
            "cursor": Position.of(event).cursor,
            "data": result.data,
        }
        return json.dumps(envelope, ensure_ascii=False, separators=(",", ":"), default=str)

    return render


async def dispatch_webhooks(database: Database, settings: Settings, signal: EventSignal | None) -> None:
    """Deliver webhooks until cancelled."""
    await run_dispatcher(database, payload_renderer(database, settings), dispatch_settings(settings), signal)
