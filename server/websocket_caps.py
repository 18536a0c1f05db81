"""The cap on WebSockets one caller holds open at once (`ZHONGJIE_WS_MAX_CONNECTIONS_PER_CALLER`).

A connection counts against its client address from the upgrade on (behind `ZHONGJIE_TRUSTED_PROXIES`,
the address they forward); once `connection_init` signs a user in, against that user instead, so that
colleagues behind one office's NAT are not capped together. An address at the cap has its handshake
refused with HTTP 429 and a `RATE_LIMITED` error; a user at the cap is closed with 4429 after
`connection_init`. Counts are per server process.
"""

from __future__ import annotations

from collections import Counter

from starlette.responses import JSONResponse
from starlette.websockets import WebSocket

from zhongjie.base.errors import ErrorCode
from zhongjie.base.messages import negotiate_language, render

CLOSE_TOO_MANY = 4429


class TooManyConnections(Exception):
    """The signed-in user already holds the most WebSockets allowed."""


class WebSocketCaps:
    def __init__(self, maximum: int) -> None:
        self.maximum = maximum
        self.open_by_caller: Counter[str] = Counter()

    def open(self, websocket: WebSocket) -> bool:
        """Counts `websocket` against its address; False, uncounted, when the address is at the cap."""
        caller = f"ip:{websocket.client.host if websocket.client else '-'}"
        if not self._take(caller):
            return False
        websocket.state.counted_caller = caller
        return True

    def sign_in(self, websocket: WebSocket, user_id: object) -> None:
        """Counts `websocket` against the user instead of its address, or `TooManyConnections`."""
        caller = f"user:{user_id}"
        if not self._take(caller):
            raise TooManyConnections
        self._release(websocket.state.counted_caller)
        websocket.state.counted_caller = caller

    def close(self, websocket: WebSocket) -> None:
        self._release(websocket.state.counted_caller)

    def _take(self, caller: str) -> bool:
        if self.open_by_caller[caller] >= self.maximum:
            return False
        self.open_by_caller[caller] += 1
        return True

    def _release(self, caller: str) -> None:
        self.open_by_caller[caller] -= 1
        if self.open_by_caller[caller] <= 0:
            del self.open_by_caller[caller]


async def refuse_handshake(websocket: WebSocket, maximum: int) -> None:
    """HTTP 429 with a localised `RATE_LIMITED` error instead of the upgrade (the ASGI WebSocket denial
    response, which uvicorn offers)."""
    language = negotiate_language(websocket.headers.get("accept-language"))
    error = {
        "message": render("too_many_websockets", language, maximum=maximum),
        "extensions": {"code": ErrorCode.RATE_LIMITED.value},
    }
    await websocket.send_denial_response(JSONResponse({"errors": [error]}, status_code=429))
