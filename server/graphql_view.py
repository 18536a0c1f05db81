"""The strawberry ASGI view: authenticates every request, then builds its context.

HTTP: the bearer token of the `Authorization` header; a bad one ends the request with
401 before any GraphQL runs. WebSocket (`graphql-transport-ws` only): the token of the
`connection_init` payload; a bad one closes with 4403, and the connection is closed
when the token expires.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import orjson
from cross_web import HTTPException
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket, WebSocketState
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLRequestData
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ConnectionInitMessage,
    Message,
    SubscribeMessage,
)
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET, UnsetType

from zhongjie.auth.authenticator import Authenticator, Unauthenticated, bearer_token
from zhongjie.auth.principal import ANONYMOUS
from zhongjie.base.errors import ErrorCode
from zhongjie.base.messages import negotiate_language, render
from zhongjie.base.observability import WEBSOCKETS
from zhongjie.base.settings import Settings
from zhongjie.events.broker import EventBroker
from zhongjie.models.database import Database
from zhongjie.resolvers.context import RequestContext
from zhongjie.schema.api import ApiSchema
from zhongjie.schema.documents import prepare_off_the_loop
from zhongjie.schema.limits import CostBuckets, charge, unstorable
from zhongjie.server.persisted import PersistedQueries, PersistedQueryRefused
from zhongjie.server.public_answers import PublicAnswers
from zhongjie.server.websocket_caps import (
    CLOSE_TOO_MANY,
    TooManyConnections,
    WebSocketCaps,
    refuse_handshake,
)

logger = logging.getLogger("zhongjie.graphql")
CLOSE_FORBIDDEN = 4403


class TransportWSHandler(BaseGraphQLTransportWSHandler[RequestContext, None]):
    """graphql-transport-ws with the subscription cap answered by a coded, localised error, and a user
    over the connection cap (`server.websocket_caps`) closed with 4429."""

    view: GraphQLView

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        try:
            await super().handle_connection_init(message)
        except TooManyConnections:
            await self.websocket.close(code=CLOSE_TOO_MANY, reason="Too many connections")

    async def handle_message(self, message: Any) -> None:
        """Messages that are not JSON objects, or subscribe messages without an object payload, close
        the connection with 4400 like any other malformed message."""
        payload = message.get("payload") if isinstance(message, dict) else None
        if not isinstance(message, dict) or (
            message.get("type") == "subscribe" and not isinstance(payload, dict)
        ):
            await self.handle_invalid_message("Failed to parse message")
            return
        # a dict, which the base dispatches on its "type" (strawberry's own reader casts it likewise)
        await super().handle_message(cast(Message, message))

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        cap = self.max_subscriptions_per_connection
        over_cap = cap is not None and len(self.operations) >= cap
        if self.connection_acknowledged and message["id"] not in self.operations and over_cap:
            language = getattr(self.context, "language", "zh-CN")
            error = GraphQLError(
                render("too_many_subscriptions", language, maximum=cap),
                extensions={"code": ErrorCode.RATE_LIMITED.value},
            )
            await self.send_message({"id": message["id"], "type": "error", "payload": [error.formatted]})
            return
        settings = getattr(self.context, "settings", None)
        payload: Any = message.get("payload")
        if settings is not None and isinstance(payload, dict):
            if not await self._well_formed(message["id"], payload, settings.max_variable_values):
                return
            if not await self._through_persisted_queries(message["id"], payload):
                return
            syntax_error = await self.view._prepare(payload.get("query"))
            if syntax_error is not None:
                self.view.schema.shape_errors([syntax_error], self.context)
                await self.send_message(
                    {"id": message["id"], "type": "error", "payload": [syntax_error.formatted]}
                )
                return
        await super().handle_subscribe(message)

    async def _well_formed(self, operation_id: str, payload: dict[str, Any], max_values: int) -> bool:
        """The checks an HTTP request's parts get (`_check_request`); False, once refused, if they fail."""
        request = GraphQLRequestData(
            query=payload.get("query"),
            variables=payload.get("variables"),
            operation_name=payload.get("operationName"),
            extensions=None,
        )
        try:
            _check_request(request, max_values)
        except MalformedRequest as refusal:
            await self._refuse(operation_id, refusal.message_key, ErrorCode.BAD_USER_INPUT.value)
            return False
        return True

    async def _refuse(self, operation_id: str, message_key: str, code: str) -> None:
        language = getattr(self.context, "language", "zh-CN")
        error = GraphQLError(render(message_key, language), extensions={"code": code})
        await self.send_message({"id": operation_id, "type": "error", "payload": [error.formatted]})

    async def _through_persisted_queries(self, operation_id: str, payload: dict[str, Any]) -> bool:
        """The document under the persisted-query policy as over HTTP (trusted documents only, in that
        mode); False, once the refusal is sent, when the policy refuses it."""
        request = GraphQLRequestData(
            query=payload.get("query"),
            variables=None,
            operation_name=None,
            extensions=payload.get("extensions") if isinstance(payload.get("extensions"), dict) else None,
        )
        try:
            payload["query"] = self.view.persisted.resolve(request).query
        except PersistedQueryRefused as refusal:
            await self._refuse(operation_id, refusal.message_key, refusal.code)
            return False
        return True


class GraphQLView(GraphQL[RequestContext, None]):
    graphql_transport_ws_handler_class = TransportWSHandler
    schema: ApiSchema

    def __init__(
        self,
        schema: ApiSchema,
        database: Database,
        settings: Settings,
        authenticator: Authenticator,
        cost_buckets: CostBuckets,
        broker: EventBroker,
        clock: Callable[[], datetime],
    ) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.demo else None,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            max_subscriptions_per_connection=settings.ws_max_subscriptions,
            connection_init_wait_timeout=timedelta(seconds=settings.ws_init_timeout_seconds),
            allowed_origins=tuple(settings.ws_allowed_origins),
        )
        self.database = database
        self.settings = settings
        self.authenticator = authenticator
        self.cost_buckets = cost_buckets
        self.broker = broker
        self.clock = clock
        self.persisted = PersistedQueries(settings.persisted_queries, settings.trusted_documents)
        self.public_answers = PublicAnswers(settings.public_cache_seconds, settings.public_cache_entries)
        self.websocket_caps = WebSocketCaps(settings.ws_max_connections_per_caller)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            request = Request(scope, receive)
            if _cross_site_form(request):
                await _refused(request, "csrf_refused", 415)(scope, receive, send)
                return
            try:
                token = bearer_token(request.headers, request.query_params)
                principal = await self.authenticator.authenticate(token)
            except Unauthenticated as error:
                await _unauthenticated(request, error)(scope, receive, send)
                return
            scope.setdefault("state", {})["principal"] = principal
        await super().__call__(scope, receive, send)

    async def run(self, request: Request | WebSocket, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        if isinstance(request, WebSocket):
            if not self.websocket_caps.open(request):
                await refuse_handshake(request, self.websocket_caps.maximum)
                return request
            WEBSOCKETS.inc()
            try:
                return await super().run(request, context, root_value)
            finally:
                WEBSOCKETS.dec()
                self.websocket_caps.close(request)
        try:
            async with asyncio.timeout(self.settings.request_timeout_seconds):
                response = await super().run(request, context, root_value)
        except TimeoutError:
            return _refused(request, "request_timeout", 503, code="TIMEOUT")
        except PersistedQueryRefused as refusal:
            status = 200 if refusal.code == "PERSISTED_QUERY_NOT_FOUND" else 400
            return _refused(request, refusal.message_key, status, code=refusal.code)
        except (MalformedRequest, MalformedJson) as refusal:
            return _refused(request, refusal.message_key, 400)
        except HTTPException as refusal:  # strawberry's own refusals, in plain text otherwise
            return _refused(request, "malformed_request", refusal.status_code, detail=refusal.reason)
        if (
            isinstance(request, Request)
            and _accepts_graphql_response(request)
            and isinstance(response, Response)
        ):
            return _as_graphql_response(response)
        return response

    async def execute_single(
        self,
        request: Any,
        request_adapter: Any,
        sub_response: Any,
        context: Any,
        root_value: Any,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """Runs the operation, or gives a kept public answer (`server.public_answers`) — only while the
        broker runs, since the answers go stale by its signal."""
        key = self.public_answers.key(context, request_data) if self.broker.started else None
        generation = self.broker.signal.generation
        kept = self.public_answers.get(key, generation) if key is not None else None
        if kept is not None:
            context.cost = kept.cost
            refusal = charge(context, kept.cost)
            extensions = (
                {**kept.extensions, "throttle": context.throttle} if context.throttle else kept.extensions
            )
            if refusal is not None:
                return ExecutionResult(data=None, errors=[refusal], extensions=extensions)
            return ExecutionResult(data=kept.data, errors=None, extensions=extensions)
        syntax_error = await self._prepare(request_data.query)
        if syntax_error is not None:
            self.schema.shape_errors([syntax_error], context)
            return ExecutionResult(data=None, errors=[syntax_error])
        result = await super().execute_single(
            request=request,
            request_adapter=request_adapter,
            sub_response=sub_response,
            context=context,
            root_value=root_value,
            request_data=request_data,
        )
        if key is not None:
            self.public_answers.put(key, result, context, generation)
        return result

    async def _prepare(self, text: Any) -> GraphQLError | None:
        """A new document parsed and validated off the event loop (`schema.documents`); its syntax error."""
        settings = self.settings
        return await prepare_off_the_loop(
            self.schema._schema, text, settings.max_tokens, settings.max_overlaps
        )

    def should_render_graphql_ide(self, request: Any) -> bool:
        """GraphiQL for a browser's GET without a document; a GET naming a persisted query runs it."""
        return "extensions" not in request.query_params and super().should_render_graphql_ide(request)

    def encode_json(self, data: object) -> str:
        """JSON by orjson (several times json's speed on large answers); text, as WebSocket frames are."""
        return _json_bytes(data).decode()

    def decode_json(self, data: str | bytes) -> object:
        """JSON strictly: UTF-8 only, no NaN or Infinity, nesting within the parser's reach."""
        try:
            text = data.decode("utf-8") if isinstance(data, bytes) else data
            return json.loads(text, parse_constant=_no_constant)
        except UnicodeDecodeError:
            raise MalformedJson("body_not_utf8") from None
        except (RecursionError, ValueError):
            raise MalformedJson("body_not_json") from None

    def parse_json(self, data: str | bytes) -> Any:
        return self.decode_json(data)  # its MalformedJson says why, where strawberry's would not

    async def parse_http_body(self, request: Any) -> GraphQLRequestData | list[GraphQLRequestData]:
        try:
            data = await super().parse_http_body(request)
        except (AttributeError, TypeError):  # a body that is JSON but not an object (or list of them)
            raise MalformedRequest("body_not_graphql_request") from None
        for item in data if isinstance(data, list) else [data]:
            _check_request(item, self.settings.max_variable_values)
        return data if isinstance(data, list) else self.persisted.resolve(data)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> RequestContext:
        return RequestContext(
            request=request,
            response=response,
            database=self.database,
            settings=self.settings,
            language=negotiate_language(request.headers.get("accept-language")),
            request_id=getattr(request.state, "request_id", "-"),
            principal=getattr(request.state, "principal", ANONYMOUS),
            cost_buckets=self.cost_buckets,
            client_host=request.client.host if request.client else "-",
            trusted_documents=self.persisted.trusted_texts,
            broker=self.broker,
            clock=self.clock,
        )

    async def on_ws_connect(self, context: RequestContext) -> UnsetType | dict[str, object] | None:
        params: Any = context.connection_params or {}
        if not isinstance(params, dict) or any(
            str(k).lower() == "authorization" and not isinstance(v, str) for k, v in params.items()
        ):
            raise ConnectionRejectionError  # a token of the wrong shape is no token, not anonymity
        headers = {str(k): v for k, v in params.items() if isinstance(v, str)}
        websocket = context.request
        assert isinstance(websocket, WebSocket), "on_ws_connect runs for WebSocket connections"
        try:
            token = bearer_token(headers, websocket.query_params)
            principal = await self.authenticator.authenticate(token)
        except Unauthenticated as error:
            raise ConnectionRejectionError from error
        context.principal = principal
        if principal.is_authenticated:
            self.websocket_caps.sign_in(websocket, principal.user_id)
        if principal.expires_at is not None:
            self._close_at_expiry(websocket, principal.expires_at)
        return UNSET

    def _close_at_expiry(self, websocket: Request | WebSocket, expires_at: datetime) -> None:
        leeway = self.settings.oidc_leeway_seconds
        delay = max((expires_at - datetime.now(UTC)).total_seconds() + leeway, 0)
        loop = asyncio.get_running_loop()
        loop.call_later(delay, lambda: loop.create_task(_close_expired(websocket)))


class MalformedRequest(Exception):
    """A body or query string that is not a GraphQL request; `message_key` says why."""

    def __init__(self, message_key: str) -> None:
        super().__init__(message_key)
        self.message_key = message_key


class MalformedJson(json.JSONDecodeError):
    """Text that is not the JSON we take; a JSONDecodeError so that the WebSocket transport closes with
    4400 as for any message that is not JSON."""

    def __init__(self, message_key: str) -> None:
        super().__init__(message_key, "", 0)
        self.message_key = message_key


def _json_bytes(data: object) -> bytes:
    """UTF-8 JSON; integers beyond 64 bits (the cost of a hostile document) by the standard library."""
    try:
        return orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS)
    except TypeError:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _check_request(data: GraphQLRequestData, max_values: int) -> None:
    """The parts of a request have the types GraphQL over HTTP gives them, hold storable text, and
    variables of at most `max_values` values (coercing a list of 200,000 takes a second)."""
    wrong_types = not isinstance(data.operation_name, str | None) or not isinstance(data.query, str | None)
    if wrong_types or not isinstance(data.variables, dict | None):
        raise MalformedRequest("body_not_graphql_request")
    if unstorable([data.query, data.operation_name]) is not None:
        raise MalformedRequest("request_text_unstorable")
    if data.query is not None and not data.query.strip():
        raise MalformedRequest("empty_document")
    if _more_values_than(data.variables, max_values):
        raise MalformedRequest("too_many_variable_values")


def _more_values_than(value: Any, limit: int) -> bool:
    """Whether `value` holds more than `limit` values, counting every list item and object member."""
    stack, seen = [value], 0
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        seen += 1
        if seen > limit:
            return True
    return False


async def _close_expired(websocket: Request | WebSocket) -> None:
    if isinstance(websocket, WebSocket) and websocket.application_state == WebSocketState.CONNECTED:
        try:
            await websocket.close(code=CLOSE_FORBIDDEN, reason="token expired")
        except RuntimeError:  # closed meanwhile
            logger.debug("websocket already closed at token expiry")


GRAPHQL_RESPONSE = "application/graphql-response+json"


def _accepts_graphql_response(request: Request) -> bool:
    return GRAPHQL_RESPONSE in request.headers.get("accept", "")


def _as_graphql_response(response: Response) -> Response:
    """GraphQL over HTTP: with `application/graphql-response+json`, a request that failed before execution
    (syntax, validation, limits) is a 400 without `data`; anything executed is a 200."""
    if response.media_type not in (None, "application/json") or response.status_code != 200:
        return response
    body = json.loads(bytes(response.body))
    errors = body.get("errors") or []
    failed_before_execution = body.get("data") is None and errors and all("path" not in e for e in errors)
    if failed_before_execution:
        body.pop("data", None)
    headers = {
        k: v for k, v in response.headers.items() if k.lower() not in {"content-length", "content-type"}
    }
    status = 400 if failed_before_execution else 200
    return Response(
        _json_bytes(body),
        status_code=status,
        headers=headers,
        media_type=GRAPHQL_RESPONSE,
    )


# bodies a browser form or a "simple" request can send cross-site without a CORS preflight
SIMPLE_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data", "text/plain")
PREFLIGHT_HEADERS = ("graphql-require-preflight", "x-requested-with", "apollo-require-preflight")


def _cross_site_form(request: Request) -> bool:
    """CSRF guard: a POST whose body a cross-site form could send, without a header forcing a preflight."""
    if request.method != "POST":
        return False
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    forgeable = not content_type or content_type in SIMPLE_CONTENT_TYPES
    return forgeable and not any(header in request.headers for header in PREFLIGHT_HEADERS)


def _refused(
    request: Request, message_key: str, status: int, code: str = "BAD_USER_INPUT", **params: object
) -> JSONResponse:
    language = negotiate_language(request.headers.get("accept-language"))
    body = {"errors": [{"message": render(message_key, language, **params), "extensions": {"code": code}}]}
    return JSONResponse(body, status_code=status)


def _unauthenticated(request: Request, error: Unauthenticated) -> JSONResponse:
    language = negotiate_language(request.headers.get("accept-language"))
    body = {"errors": [{"message": error.message(language), "extensions": {"code": error.code.value}}]}
    return JSONResponse(body, status_code=401, headers={"www-authenticate": 'Bearer error="invalid_token"'})
