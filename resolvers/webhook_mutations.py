"""Mutations of webhook endpoints: the events layer's rule in `perform`'s transaction, answered with
the rows (and a secret where one was made)."""

from __future__ import annotations

from datetime import datetime, timedelta

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal
from zhongjie.events import endpoints
from zhongjie.events.endpoints import DocumentCheck, EndpointSpec
from zhongjie.models import WebhookDelivery as DeliveryRow
from zhongjie.models import WebhookEndpoint as EndpointRow
from zhongjie.resolvers.mutations import Outcome, perform

WithSecret = tuple[EndpointRow, str | None]  # an endpoint, and its new secret if one was made
Redelivery = tuple[DeliveryRow, int]  # a delivery due again, and its endpoint's organisation


async def create_webhook_endpoint(
    info: strawberry.Info, spec: EndpointSpec, check_document: DocumentCheck
) -> Outcome[WithSecret]:
    allow_list = info.context.settings.webhook_allowed_targets
    return await perform(
        info,
        lambda session, actor, now: endpoints.register(
            session, actor, spec, now, allow_list=allow_list, check_document=check_document
        ),
    )


async def update_webhook_endpoint(
    info: strawberry.Info, endpoint_id: int, *, ordered: bool | None, description: str | None
) -> Outcome[WithSecret]:
    async def work(session: AsyncSession, actor: Principal, now: datetime) -> WithSecret:
        endpoint = await endpoints.update(
            session, actor, endpoint_id, now, ordered=ordered, description=description
        )
        return endpoint, None

    return await perform(info, work)


async def rotate_webhook_secret(info: strawberry.Info, endpoint_id: int) -> Outcome[WithSecret]:
    grace = timedelta(seconds=info.context.settings.webhook_secret_grace_seconds)
    return await perform(
        info, lambda session, actor, now: endpoints.rotate_secret(session, actor, endpoint_id, now, grace)
    )


async def enable_webhook_endpoint(info: strawberry.Info, endpoint_id: int) -> Outcome[WithSecret]:
    async def work(session: AsyncSession, actor: Principal, now: datetime) -> WithSecret:
        return await endpoints.enable(session, actor, endpoint_id, now), None

    return await perform(info, work)


async def delete_webhook_endpoint(info: strawberry.Info, endpoint_id: int) -> Outcome[int]:
    """The removed endpoint's key."""
    return await perform(info, lambda session, actor, now: endpoints.remove(session, actor, endpoint_id))


async def redeliver_webhook(info: strawberry.Info, delivery_id: int) -> Outcome[Redelivery]:
    async def work(session: AsyncSession, actor: Principal, now: datetime) -> Redelivery:
        delivery = await endpoints.redeliver(session, actor, delivery_id, now)
        endpoint = await session.get_one(EndpointRow, delivery.endpoint_id)
        return delivery, endpoint.organisation_id

    return await perform(info, work)
