"""Webhook delivery: fan the outbox out to endpoints, claim due deliveries, send them, record the outcomes.

Work is shared by any number of dispatchers (in every server process, or `zhongjie
webhooks dispatch`): the fan-out holds its cursor row's lock, and a delivery is claimed
with `FOR UPDATE SKIP LOCKED` and a lease. A dispatcher that dies mid-delivery leaves
its lease to expire; the delivery is then sent again with the same `webhook-id`.

An endpoint is concurrent by default: its due deliveries go out side by side, and a retried one
is overtaken by later ones. An `ordered` endpoint has at most one delivery in flight, in feed
order: a delivery is claimed only when no earlier one of its endpoint is pending (waiting, leased
or waiting to be retried). A dead-lettered delivery no longer holds the others back, so an
endpoint that fails one event for the whole retry schedule moves on to the next; `redeliverWebhook`
makes it pending again, and it then goes before the endpoint's later pending ones.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy import ColumnElement, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from zhongjie.base.clock import utcnow
from zhongjie.base.observability import OUTBOX_LAG
from zhongjie.domain.outbox.feed import Position, read_events
from zhongjie.domain.outbox.record import record_event
from zhongjie.domain.outbox.types import WEBHOOK_ENDPOINT_DISABLED
from zhongjie.events.broker import EventSignal
from zhongjie.events.endpoints import FAN_OUT_CURSOR
from zhongjie.events.signing import signed_headers, signing_secrets
from zhongjie.events.targets import IPAddress, Target, TargetRefused, check_target
from zhongjie.events.webhook_states import DeliveryStatus, EndpointStatus
from zhongjie.models import DomainEvent, OutboxCursor, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from zhongjie.models.database import Database

logger = logging.getLogger("zhongjie.webhooks")

RenderPayload = Callable[[WebhookEndpoint, DomainEvent], Awaitable[str | None]]
Clock = Callable[[], datetime]


@dataclass(frozen=True)
class DispatchSettings:
    retry_schedule: tuple[float, ...]  # seconds before each retry; the Standard Webhooks schedule by default
    lease_seconds: float
    timeout_seconds: float
    max_response_bytes: int
    allowed_targets: tuple[str, ...]
    disable_after: timedelta
    poll_seconds: float
    concurrency: int
    batch: int = 200


@dataclass(frozen=True)
class Claim:
    delivery_id: int
    lease_token: str
    attempt: int
    message_id: str
    body: str
    url: str
    secrets: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    started_at: datetime
    duration_ms: int
    status_code: int | None = None
    error: str | None = None

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


@dataclass(frozen=True)
class FannedOut:
    events: int  # read from the outbox
    deliveries: int  # created for them


async def fan_out(database: Database, render: RenderPayload, batch: int, clock: Clock = utcnow) -> FannedOut:
    """Create the deliveries of the next events."""

    async def work(session: AsyncSession) -> FannedOut:
        cursor = await session.scalar(
            select(OutboxCursor).where(OutboxCursor.name == FAN_OUT_CURSOR).with_for_update()
        )
        if cursor is None:
            return FannedOut(0, 0)  # no endpoint was ever registered
        events = await read_events(session, Position(cursor.commit_number, cursor.event_id), batch)
        now = clock()
        OUTBOX_LAG.set(max((now - events[0].created_at).total_seconds(), 0) if events else 0)
        if not events:
            return FannedOut(0, 0)
        endpoints = list(
            await session.scalars(
                select(WebhookEndpoint).where(WebhookEndpoint.status == EndpointStatus.ACTIVE.value)
            )
        )
        created = 0
        for event in events:
            for endpoint in endpoints:
                if _wants(endpoint, event) and (body := await render(endpoint, event)) is not None:
                    session.add(_delivery(endpoint, event, body, now))
                    created += 1
        last = Position.of(events[-1])
        cursor.commit_number, cursor.event_id, cursor.updated_at = last.commit_number, last.event_id, now
        return FannedOut(len(events), created)

    return await database.run_transaction(work)


def _wants(endpoint: WebhookEndpoint, event: DomainEvent) -> bool:
    after_start = Position.of(event) > Position(endpoint.start_commit_number, endpoint.start_event_id)
    return after_start and event.event_type in endpoint.event_types


def _delivery(endpoint: WebhookEndpoint, event: DomainEvent, body: str, now: datetime) -> WebhookDelivery:
    return WebhookDelivery(
        endpoint_id=endpoint.id,
        event_id=event.id,
        # random, so unique across deployments and restores of a backup (keys are not); kept for retries
        message_id=f"msg_{uuid.uuid4().hex}",
        event_type=event.event_type,
        body=body,
        status=DeliveryStatus.PENDING.value,
        attempts=0,
        retry_base=0,
        next_attempt_at=now,
        created_at=now,
    )


async def claim(database: Database, limit: int, lease_seconds: float, clock: Clock = utcnow) -> list[Claim]:
    """Lease up to `limit` due deliveries of active endpoints to this dispatcher; rows another holds
    are skipped, and so is an ordered endpoint's delivery while an earlier one of it is pending."""

    async def work(session: AsyncSession) -> list[Claim]:
        now = clock()
        rows = (
            await session.execute(
                select(WebhookDelivery, WebhookEndpoint)
                .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
                .where(
                    WebhookDelivery.status == DeliveryStatus.PENDING.value,
                    WebhookDelivery.next_attempt_at <= now,
                    or_(WebhookDelivery.lease_expires_at.is_(None), WebhookDelivery.lease_expires_at < now),
                    WebhookEndpoint.status == EndpointStatus.ACTIVE.value,
                    or_(WebhookEndpoint.ordered.is_(False), ~_earlier_pending()),
                )
                .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
                .limit(limit)
                .with_for_update(skip_locked=True, of=WebhookDelivery)
            )
        ).all()
        claims = []
        for delivery, endpoint in rows:
            if delivery.lease_token is not None:  # its dispatcher died during the attempt
                session.add(_attempt(delivery, Outcome(now, 0, error="dispatcher lost; lease expired")))
            delivery.attempts += 1
            delivery.lease_token = str(uuid.uuid4())
            delivery.lease_expires_at = now + timedelta(seconds=lease_seconds)
            claims.append(
                Claim(
                    delivery.id,
                    delivery.lease_token,
                    delivery.attempts,
                    delivery.message_id,
                    delivery.body,
                    endpoint.url,
                    signing_secrets(endpoint.secret, endpoint.retired_secrets, now),
                )
            )
        return claims

    return await database.run_transaction(work)


def _earlier_pending() -> ColumnElement[bool]:
    """Whether the claimed delivery's endpoint has a pending delivery of an earlier event in the feed
    (correlated to the claim's `WebhookDelivery`)."""
    earlier, earlier_event, own_event = aliased(WebhookDelivery), aliased(DomainEvent), aliased(DomainEvent)
    return (
        select(earlier.id)
        .where(
            earlier.endpoint_id == WebhookDelivery.endpoint_id,
            earlier.status == DeliveryStatus.PENDING.value,
            earlier_event.id == earlier.event_id,
            own_event.id == WebhookDelivery.event_id,
            tuple_(earlier_event.commit_number, earlier_event.id)
            < tuple_(own_event.commit_number, own_event.id),
        )
        .exists()
    )


async def send(client: httpx.AsyncClient, claimed: Claim, settings: DispatchSettings) -> Outcome:
    """One signed POST to the addresses the target check saw; redirects are not followed (a 3xx is a
    failure) and the answer is read up to the cap."""
    started, clock = utcnow(), time.monotonic()
    try:
        target = await check_target(claimed.url, settings.allowed_targets)
        headers = {
            "content-type": "application/json",
            "user-agent": "zhongjie-webhooks/1",
            **signed_headers(list(claimed.secrets), claimed.message_id, int(time.time()), claimed.body),
        }
        status = await _post_pinned(client, target, claimed.body.encode(), headers, settings)
    except TargetRefused as refused:
        return Outcome(started, _since(clock), error=f"target refused: {refused.reason}")
    except httpx.HTTPError as error:
        return Outcome(started, _since(clock), error=f"{type(error).__name__}: {str(error)[:200]}")
    failure = None if 200 <= status < 300 else f"HTTP {status}"
    return Outcome(started, _since(clock), status_code=status, error=failure)


async def _post_pinned(
    client: httpx.AsyncClient,
    target: Target,
    body: bytes,
    headers: dict[str, str],
    settings: DispatchSettings,
) -> int:
    """POST to the target's checked addresses in turn until one connects; its status code."""
    *others, last = target.addresses
    for address in others:
        try:
            return await _post(client, target, address, body, headers, settings)
        except (httpx.ConnectError, httpx.ConnectTimeout):
            continue  # nothing was sent; the next address may answer
    return await _post(client, target, last, body, headers, settings)


async def _post(
    client: httpx.AsyncClient,
    target: Target,
    address: IPAddress,
    body: bytes,
    headers: dict[str, str],
    settings: DispatchSettings,
) -> int:
    """POST to `address` itself, so the client never resolves the host name again, while the Host
    header, the TLS server name and the certificate check stay on the host name. `connection: close`
    keeps the connection out of the pool: a later delivery to another host name at the same address
    would otherwise reuse a TLS session verified for this one."""
    async with client.stream(
        "POST",
        target.via(address),
        content=body,
        headers={**headers, "host": target.host_header, "connection": "close"},
        timeout=settings.timeout_seconds,
        follow_redirects=False,
        extensions={"sni_hostname": target.server_name},
    ) as response:
        received = 0
        async for chunk in response.aiter_raw():
            received += len(chunk)
            if received >= settings.max_response_bytes:
                break
        return response.status_code


def _since(clock: float) -> int:
    return int((time.monotonic() - clock) * 1000)


def _attempt(delivery: WebhookDelivery, outcome: Outcome) -> WebhookAttempt:
    return WebhookAttempt(
        delivery_id=delivery.id,
        number=delivery.attempts,
        started_at=outcome.started_at,
        duration_ms=outcome.duration_ms,
        succeeded=outcome.succeeded,
        status_code=outcome.status_code,
        error=outcome.error,
    )


def retry_delay(schedule: tuple[float, ...], message_id: str, retry: int) -> timedelta | None:
    """The wait before retry number `retry` (from 1), spread ±10 % by a hash of the message so
    retries of many deliveries do not arrive together; None once the schedule is used up."""
    if retry > len(schedule):
        return None
    digest = hashlib.sha256(f"{message_id}:{retry}".encode()).digest()
    spread = 0.9 + 0.2 * int.from_bytes(digest[:8]) / 2**64
    return timedelta(seconds=schedule[retry - 1] * spread)


async def record_outcomes(
    database: Database,
    results: list[tuple[Claim, Outcome]],
    settings: DispatchSettings,
    clock: Clock = utcnow,
) -> None:
    """Write the attempts of a round and their deliveries' next states in one transaction, except where
    the lease was lost meanwhile (another dispatcher took over; its outcome counts). Rows are locked in
    the order of their keys, so dispatchers recording at once cannot deadlock on them."""
    if not results:
        return

    async def work(session: AsyncSession) -> None:
        now = clock()
        leases = {claimed.delivery_id: claimed.lease_token for claimed, _ in results}
        held = await session.scalars(
            select(WebhookDelivery)
            .where(WebhookDelivery.id.in_(sorted(leases)))
            .order_by(WebhookDelivery.id)
            .with_for_update()
        )
        deliveries = {row.id: row for row in held if row.lease_token == leases[row.id]}
        endpoint_ids = sorted({delivery.endpoint_id for delivery in deliveries.values()})
        endpoints = {
            row.id: row
            for row in await session.scalars(
                select(WebhookEndpoint)
                .where(WebhookEndpoint.id.in_(endpoint_ids))
                .order_by(WebhookEndpoint.id)
                .with_for_update()
            )
        }
        # in the order the attempts ended, so an endpoint's last answer decides whether it is failing
        for claimed, outcome in sorted(results, key=lambda result: _ended(result[1])):
            if (delivery := deliveries.get(claimed.delivery_id)) is not None:
                await _record(session, delivery, endpoints.get(delivery.endpoint_id), outcome, now, settings)

    await database.run_transaction(work)


def _ended(outcome: Outcome) -> datetime:
    return outcome.started_at + timedelta(milliseconds=outcome.duration_ms)


async def _record(
    session: AsyncSession,
    delivery: WebhookDelivery,
    endpoint: WebhookEndpoint | None,
    outcome: Outcome,
    now: datetime,
    settings: DispatchSettings,
) -> None:
    session.add(_attempt(delivery, outcome))
    delivery.lease_token = delivery.lease_expires_at = None
    delivery.last_status_code, delivery.last_error = outcome.status_code, outcome.error
    if outcome.succeeded:
        delivery.status, delivery.delivered_at = DeliveryStatus.DELIVERED.value, now
        if endpoint is not None:
            endpoint.failing_since = None
        return
    delay = retry_delay(settings.retry_schedule, delivery.message_id, delivery.attempts - delivery.retry_base)
    if delay is None:
        delivery.status = DeliveryStatus.DEAD.value
    else:
        delivery.next_attempt_at = now + delay
    if endpoint is not None:
        await _note_failure(session, endpoint, now, settings.disable_after)


async def _note_failure(
    session: AsyncSession, endpoint: WebhookEndpoint, now: datetime, limit: timedelta
) -> None:
    """An endpoint failing for longer than `limit` is disabled, and its owner told through the feed."""
    endpoint.failing_since = endpoint.failing_since or now
    if endpoint.status == EndpointStatus.ACTIVE.value and now - endpoint.failing_since >= limit:
        endpoint.status, endpoint.disabled_at, endpoint.updated_at = EndpointStatus.DISABLED.value, now, now
        await record_event(
            session,
            aggregate_type="WebhookEndpoint",
            aggregate_key=str(endpoint.id),
            event_type=WEBHOOK_ENDPOINT_DISABLED,
            payload={"from": EndpointStatus.ACTIVE.value, "to": EndpointStatus.DISABLED.value},
            actor_user_id=None,
            actor_role="system",
            now=now,
        )
        logger.warning(
            "webhook endpoint %s disabled after failing since %s", endpoint.id, endpoint.failing_since
        )


async def dispatch_once(
    database: Database,
    render: RenderPayload,
    settings: DispatchSettings,
    client: httpx.AsyncClient,
    *,
    retries_due: bool = True,
    clock: Clock = utcnow,
) -> int:
    """One round: fan out new events, then send what is due and record the outcomes; returns the amount
    of work done. Without `retries_due` (a round woken by new events, not by the poll interval)
    deliveries are claimed only if the fan-out made some: a change no endpoint wants costs no claim.
    `clock` is the time leases, retries and secrets' grace are judged on (tests move it); the
    `webhook-timestamp` a receiver checks is always the real time."""
    fanned = await fan_out(database, render, settings.batch, clock)
    due = retries_due or fanned.deliveries > 0
    claims = await claim(database, settings.concurrency, settings.lease_seconds, clock) if due else []
    outcomes = await asyncio.gather(*(send(client, claimed, settings) for claimed in claims))
    await record_outcomes(database, list(zip(claims, outcomes, strict=True)), settings, clock)
    return fanned.events + len(claims)


async def run_dispatcher(
    database: Database, render: RenderPayload, settings: DispatchSettings, signal: EventSignal | None = None
) -> None:
    """Dispatch until cancelled; idle rounds wait for new events or the poll interval."""
    async with httpx.AsyncClient(follow_redirects=False, trust_env=False) as client:
        woken_by_events, last_claim = False, 0.0
        while True:
            seen = signal.generation if signal else 0
            # retries are looked for at least every poll interval, however busy the outbox is
            retries_due = not woken_by_events or time.monotonic() - last_claim >= settings.poll_seconds
            if retries_due:
                last_claim = time.monotonic()
            try:
                busy = await dispatch_once(database, render, settings, client, retries_due=retries_due)
            except Exception:
                logger.exception("webhook dispatch round failed")
                busy = 0
            woken_by_events = False
            if not busy:
                if signal is None:
                    await asyncio.sleep(settings.poll_seconds)
                else:
                    await signal.wait(seen, settings.poll_seconds)
                    woken_by_events = signal.generation != seen
