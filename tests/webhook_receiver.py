"""A real HTTP receiver of webhooks on loopback, and an independent Standard Webhooks verifier."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from tests.apps import served

HANG = 0  # an answer that waits until `release` is set
REDIRECT = 302


@dataclass
class Received:
    headers: dict[str, str]
    body: str


@dataclass
class Receiver:
    """Answers each request with the next of `answers` (then 200), and records every request."""

    answers: list[int] = field(default_factory=list)
    requests: list[Received] = field(default_factory=list)
    redirected: list[Received] = field(default_factory=list)
    release: asyncio.Event = field(default_factory=asyncio.Event)
    url: str = ""

    async def hook(self, request: Request) -> Response:
        self.requests.append(Received(dict(request.headers), (await request.body()).decode()))
        answer = self.answers.pop(0) if self.answers else 200
        if answer == HANG:
            await self.release.wait()
            return Response(status_code=200)
        if answer == REDIRECT:
            return RedirectResponse(self.url.replace("/hook", "/elsewhere"), status_code=302)
        return Response(status_code=answer)

    async def elsewhere(self, request: Request) -> Response:
        self.redirected.append(Received(dict(request.headers), (await request.body()).decode()))
        return Response(status_code=200)


@asynccontextmanager
async def receiver(*answers: int) -> AsyncIterator[Receiver]:
    listening = Receiver(list(answers))
    app = Starlette(
        routes=[
            Route("/hook", listening.hook, methods=["POST"]),
            Route("/elsewhere", listening.elsewhere, methods=["POST"]),
        ]
    )
    async with served(app, lifespan="off") as address:
        listening.url = f"http://{address}/hook"
        yield listening
        listening.release.set()


def verifies(secret: str, received: Received) -> bool:
    """The Standard Webhooks check, written from the specification: any `v1` signature over
    `id.timestamp.body` with the base64-decoded secret after `whsec_` matches."""
    key = base64.b64decode(secret.split("_", 1)[1])
    content = f"{received.headers['webhook-id']}.{received.headers['webhook-timestamp']}.{received.body}"
    expected = base64.b64encode(hmac.new(key, content.encode(), hashlib.sha256).digest()).decode()
    offered = [part.split(",", 1) for part in received.headers["webhook-signature"].split()]
    return any(version == "v1" and hmac.compare_digest(value, expected) for version, value in offered)
