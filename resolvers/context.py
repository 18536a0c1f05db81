"""The per-request context every resolver receives as `info.context`."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from zhongjie.auth.principal import ANONYMOUS, Principal
from zhongjie.base.clock import utcnow
from zhongjie.base.settings import Settings
from zhongjie.events.broker import EventBroker
from zhongjie.models import DomainEvent
from zhongjie.models.database import Database
from zhongjie.resolvers.loaders import Loaders


@dataclass
class RequestContext:
    request: Request | WebSocket | None  # None when rendering a webhook payload
    response: Response | WebSocket | None
    database: Database
    settings: Settings
    language: str
    request_id: str
    principal: Principal = ANONYMOUS
    clock: Callable[[], datetime] = utcnow
    connection_params: dict[str, object] | None = None  # the WebSocket `connection_init` payload
    withheld: set[str] = field(default_factory=set)  # coordinates of fields hidden or masked
    cost_buckets: Any = None  # the app's per-caller cost buckets (schema.limits.CostBuckets)
    broker: EventBroker | None = None  # wakes subscriptions when events commit
    webhook_event: DomainEvent | None = None  # set when a subscription document renders a webhook payload
    client_host: str = "-"
    trusted_documents: Collection[str] = ()  # documents whose operation names label the metrics
    cost: int | None = None
    throttle: dict[str, Any] | None = None
    operation_type: str | None = None  # query, mutation or subscription, once known
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.database)
