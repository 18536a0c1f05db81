"""ASGI middleware at the edge: request ids, paths no database could look up, and the body-size limit."""

from __future__ import annotations

import logging
import re
import time
import uuid
from urllib.parse import unquote_to_bytes

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zhongjie.base.messages import negotiate_language, render
from zhongjie.server.logs import request_id_var

REQUEST_ID_HEADER = "x-request-id"
access_logger = logging.getLogger("zhongjie.access")
ACCEPTABLE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Takes a well-formed `X-Request-ID` or makes one; stores it in `scope["state"]` and echoes it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(REQUEST_ID_HEADER.encode(), b"").decode("latin-1")
        request_id = given if ACCEPTABLE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 0

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            # the access log names the path only: a query string could carry a token
            access_logger.info(
                "%s %s %s %.1f ms",
                scope.get("method", "WS"),
                scope["path"],
                status,
                (time.perf_counter() - started) * 1000,
            )
            request_id_var.reset(token)


class StorableTargetMiddleware:
    """Refuses with 400 a path or query string that holds NUL or is not UTF-8: no route looks such a
    value up (PostgreSQL refuses NUL in text), so it is refused before any route sees it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and not _storable_target(scope):
            body = {
                "errors": [{"message": "Malformed path or query", "extensions": {"code": "BAD_USER_INPUT"}}]
            }
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
                return
            language = negotiate_language(Headers(scope=scope).get("accept-language"))
            message = render("malformed_target", language)
            body = {"errors": [{"message": message, "extensions": {"code": "BAD_USER_INPUT"}}]}
            await JSONResponse(body, status_code=400)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _storable_target(scope: Scope) -> bool:
    raw_path = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
    try:
        path = unquote_to_bytes(raw_path).decode("utf-8")
        query = unquote_to_bytes(scope.get("query_string", b"").replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return "\x00" not in path and "\x00" not in query


class BodySizeLimitMiddleware:
    """Refuses request bodies above `max_bytes` with 413, by header or as they stream in."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise _BodyTooLarge
            return message

        try:
            await self.app(scope, counting_receive, send)
        except _BodyTooLarge:
            await self._refuse(scope, receive, send)

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send) -> None:
        body = {"errors": [{"message": "Request body too large", "extensions": {"code": "BAD_USER_INPUT"}}]}
        await JSONResponse(body, status_code=413)(scope, receive, send)


class _BodyTooLarge(Exception):
    pass
