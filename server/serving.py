"""How uvicorn serves the app: whose proxy headers are believed, and how long a connection may dawdle.

`zhongjie serve` and the tests' servers take the same options from `uvicorn_options`, so what is tested
is what runs.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from zhongjie.base.settings import Settings


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """uvicorn's keyword arguments for `settings`.

    uvicorn would believe `X-Forwarded-For` from loopback peers (or any listed in FORWARDED_ALLOW_IPS);
    here only `ZHONGJIE_TRUSTED_PROXIES` count, and without them the header is not read at all, so a
    caller cannot pick the address its rate limit and WebSocket cap are kept under."""
    return {
        "proxy_headers": bool(settings.trusted_proxies),
        "forwarded_allow_ips": list(settings.trusted_proxies),
        "timeout_keep_alive": settings.keep_alive_timeout_seconds,
        "http": functools.partial(HeaderTimeoutProtocol, header_timeout=settings.header_timeout_seconds),
        "ws_max_size": settings.ws_max_message_bytes,
    }


class HeaderTimeoutProtocol(HttpToolsProtocol):
    """uvicorn's HTTP/1.1 protocol, closing a connection whose request headers are not complete within
    `header_timeout` seconds (slowloris), counted from the connection's opening for its first request
    and from the first byte of each later one. uvicorn has no such limit of its own: its keep-alive
    timer stops at the first byte a client sends. Bodies are not covered (the request timeout is)."""

    def __init__(self, *args: Any, header_timeout: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.header_timeout = header_timeout
        self.header_timer: asyncio.TimerHandle | None = None

    def connection_made(  # type: ignore[override]  # uvicorn's own override narrows the transport
        self, transport: asyncio.Transport
    ) -> None:
        super().connection_made(transport)
        self._await_headers()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self.header_timer is None:
            self._await_headers()

    def on_headers_complete(self) -> None:
        self._stop_waiting()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_waiting()
        super().connection_lost(exc)

    def _await_headers(self) -> None:
        self.header_timer = self.loop.call_later(self.header_timeout, self._headers_late)

    def _stop_waiting(self) -> None:
        if self.header_timer is not None:
            self.header_timer.cancel()
            self.header_timer = None

    def _headers_late(self) -> None:
        self.header_timer = None
        if not self.transport.is_closing():
            self.transport.close()
