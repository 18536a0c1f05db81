"""Partners' webhook endpoints: registration, settings, secret rotation, re-enabling, removal and
redelivery.

An endpoint belongs to the registrant's organisation; other organisations cannot see or
touch it. Deliveries run with the permissions the registrant had when registering (or
last changing) it, so a partner never receives a field its scopes exclude.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal, Role
from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.domain.outbox.feed import Position, end_of_feed
from zhongjie.domain.outbox.types import EVENT_TYPES
from zhongjie.events.signing import grace_end, new_secret, retire, still_signing
from zhongjie.events.targets import TargetRefused, check_target
from zhongjie.events.webhook_states import DeliveryStatus, EndpointStatus
from zhongjie.models import OutboxCursor, WebhookDelivery, WebhookEndpoint

REGISTRANT_ROLES = (Role.PARTNER, Role.OPERATOR)
MAX_ENDPOINTS_PER_ORGANISATION = 20
MAX_URL_LENGTH = 2000
FAN_OUT_CURSOR = "webhooks"
# secrets retired by rotations and still signing: each adds a signature to every delivery, so a few
# rotations within the grace period are plenty (a receiver switching needs one)
MAX_RETIRED_SECRETS = 4

DocumentCheck = Callable[[str], str | None]  # a document's problem, or None if it may shape payloads


@dataclass(frozen=True)
class EndpointSpec:
    url: str
    event_types: list[str]
    filter: dict[str, list[str]] = field(default_factory=dict)
    document: str | None = None
    description: str | None = None
    ordered: bool = False


def permissions_of(principal: Principal) -> dict[str, Any]:
    return {
        "user_id": principal.user_id,
        "organisation_id": principal.organisation_id,
        "organisation_code": principal.organisation_code,
        "roles": sorted(principal.roles),
        "scopes": sorted(principal.scopes),
        "region_code": principal.region_code,
        "sector": principal.sector,
    }


def principal_of(endpoint: WebhookEndpoint) -> Principal:
    """Who deliveries of `endpoint` run as."""
    granted = endpoint.permissions
    return Principal(
        user_id=granted["user_id"],
        organisation_id=granted["organisation_id"],
        organisation_code=granted["organisation_code"],
        roles=frozenset(Role(role) for role in granted["roles"]),
        scopes=frozenset(granted["scopes"]),
        region_code=granted["region_code"],
        sector=granted["sector"],
    )


def _registrant(principal: Principal) -> int:
    if not principal.has_role(*REGISTRANT_ROLES) or principal.organisation_id is None:
        raise RuleViolation(UserErrorCode.FORBIDDEN, "webhook_registrant_required")
    return principal.organisation_id


async def _checked(spec: EndpointSpec, allow_list: list[str], check_document: DocumentCheck) -> EndpointSpec:
    url = spec.url.strip()
    if not url or len(url) > MAX_URL_LENGTH:
        raise RuleViolation(UserErrorCode.INVALID, "webhook_target_invalid", field="input.url")
    try:
        await check_target(url, allow_list)
    except TargetRefused as refused:
        raise RuleViolation(UserErrorCode.INVALID, refused.reason, field="input.url") from refused
    types = sorted(set(spec.event_types))
    if not types:
        raise RuleViolation(UserErrorCode.REQUIRED, "event_types_required", field="input.eventTypes")
    unknown = [name for name in types if name not in EVENT_TYPES]
    if unknown:
        raise RuleViolation(
            UserErrorCode.INVALID, "unknown_event_type", field="input.eventTypes", value=unknown[0][:60]
        )
    document = spec.document.strip() if spec.document and spec.document.strip() else None
    if document is not None and (problem := check_document(document)):
        raise RuleViolation(
            UserErrorCode.INVALID, "webhook_document_invalid", field="input.document", detail=problem
        )
    return EndpointSpec(url, types, spec.filter, document, _description(spec.description), spec.ordered)


def _description(given: str | None) -> str | None:
    return (given or "").strip()[:200] or None


async def register(
    session: AsyncSession,
    principal: Principal,
    spec: EndpointSpec,
    now: datetime,
    *,
    allow_list: list[str],
    check_document: DocumentCheck,
) -> tuple[WebhookEndpoint, str]:
    """The new endpoint and its signing secret, which is shown this once."""
    organisation_id = _registrant(principal)
    spec = await _checked(spec, allow_list, check_document)
    count = await session.scalar(
        select(func.count())
        .select_from(WebhookEndpoint)
        .where(WebhookEndpoint.organisation_id == organisation_id)
    )
    if (count or 0) >= MAX_ENDPOINTS_PER_ORGANISATION:
        raise RuleViolation(
            UserErrorCode.NOT_ALLOWED,
            "too_many_endpoints",
            field="input.url",
            maximum=MAX_ENDPOINTS_PER_ORGANISATION,
        )
    start = await end_of_feed(session)
    await _ensure_fan_out_cursor(session, start, now)
    secret = new_secret()
    endpoint = WebhookEndpoint(
        organisation_id=organisation_id,
        created_by_user_id=principal.user_id,
        url=spec.url,
        description=spec.description,
        event_types=spec.event_types,
        filter=spec.filter,
        document=spec.document,
        permissions=permissions_of(principal),
        start_commit_number=start.commit_number,
        start_event_id=start.event_id,
        secret=secret,
        retired_secrets=[],
        ordered=spec.ordered,
        status=EndpointStatus.ACTIVE.value,
        created_at=now,
        updated_at=now,
    )
    session.add(endpoint)
    await session.flush()
    return endpoint, secret


async def _ensure_fan_out_cursor(session: AsyncSession, start: Position, now: datetime) -> None:
    """The fan-out starts where the first endpoint does (a concurrent creation fails, then retries)."""
    if await session.get(OutboxCursor, FAN_OUT_CURSOR) is None:
        session.add(
            OutboxCursor(
                name=FAN_OUT_CURSOR,
                commit_number=start.commit_number,
                event_id=start.event_id,
                updated_at=now,
            )
        )
        await session.flush()


async def load_endpoint(session: AsyncSession, principal: Principal, endpoint_id: int) -> WebhookEndpoint:
    """The caller's organisation's endpoint, locked; any other is as absent as a missing one."""
    endpoint = await session.scalar(
        select(WebhookEndpoint).where(WebhookEndpoint.id == endpoint_id).with_for_update()
    )
    if endpoint is None or endpoint.organisation_id != principal.organisation_id:
        raise RuleViolation(UserErrorCode.NOT_FOUND, "webhook_endpoint_not_found", field="input.endpointId")
    return endpoint


async def rotate_secret(
    session: AsyncSession, principal: Principal, endpoint_id: int, now: datetime, grace: timedelta
) -> tuple[WebhookEndpoint, str]:
    """A new secret; the one it replaces keeps signing beside it for `grace`, so receivers can switch,
    and so do the secrets earlier rotations retired, each until its own grace ends. While
    `MAX_RETIRED_SECRETS` still sign, rotating again is refused until the first grace ends."""
    _registrant(principal)
    endpoint = await load_endpoint(session, principal, endpoint_id)
    signing = still_signing(endpoint.retired_secrets, now)
    if len(signing) >= MAX_RETIRED_SECRETS:
        raise RuleViolation(
            UserErrorCode.NOT_ALLOWED,
            "webhook_rotations_in_grace",
            field="input.endpointId",
            maximum=MAX_RETIRED_SECRETS,
            until=min(grace_end(entry) for entry in signing).isoformat(timespec="seconds"),
        )
    secret = new_secret()
    endpoint.retired_secrets = retire(endpoint.secret, endpoint.retired_secrets, now + grace, now)
    endpoint.secret = secret
    endpoint.permissions = permissions_of(principal)
    endpoint.updated_at = now
    return endpoint, secret


async def update(
    session: AsyncSession,
    principal: Principal,
    endpoint_id: int,
    now: datetime,
    *,
    ordered: bool | None,
    description: str | None,
) -> WebhookEndpoint:
    """Change an endpoint's settings; None leaves one as it is. Deliveries already pending keep their
    place: switched to ordered, the endpoint's earliest pending delivery goes next (those in flight
    finish first)."""
    _registrant(principal)
    endpoint = await load_endpoint(session, principal, endpoint_id)
    if ordered is not None:
        endpoint.ordered = ordered
    if description is not None:
        endpoint.description = _description(description)
    endpoint.permissions = permissions_of(principal)
    endpoint.updated_at = now
    return endpoint


async def enable(
    session: AsyncSession, principal: Principal, endpoint_id: int, now: datetime
) -> WebhookEndpoint:
    _registrant(principal)
    endpoint = await load_endpoint(session, principal, endpoint_id)
    endpoint.status, endpoint.failing_since, endpoint.disabled_at = EndpointStatus.ACTIVE.value, None, None
    endpoint.permissions = permissions_of(principal)
    endpoint.updated_at = now
    return endpoint


async def remove(session: AsyncSession, principal: Principal, endpoint_id: int) -> int:
    _registrant(principal)
    endpoint = await load_endpoint(session, principal, endpoint_id)
    await session.delete(endpoint)
    return endpoint_id


async def redeliver(
    session: AsyncSession, principal: Principal, delivery_id: int, now: datetime
) -> WebhookDelivery:
    """Send a delivery again now, with its original `webhook-id` so the receiver can deduplicate."""
    _registrant(principal)
    delivery = await session.scalar(
        select(WebhookDelivery).where(WebhookDelivery.id == delivery_id).with_for_update()
    )
    endpoint = await session.get(WebhookEndpoint, delivery.endpoint_id) if delivery else None
    if delivery is None or endpoint is None or endpoint.organisation_id != principal.organisation_id:
        raise RuleViolation(UserErrorCode.NOT_FOUND, "webhook_delivery_not_found", field="input.deliveryId")
    delivery.status, delivery.next_attempt_at = DeliveryStatus.PENDING.value, now
    delivery.retry_base = delivery.attempts  # a fresh retry schedule; attempts keep their numbers
    delivery.lease_token = delivery.lease_expires_at = None
    return delivery
