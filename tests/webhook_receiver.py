"""A real HTTP receiver of webhooks on loopback that verifies every delivery as a partner would: with the
Standard Webhooks reference library (`standardwebhooks`), against the endpoint secrets the test knows."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from standardwebhooks.webhooks import Webhook, WebhookVerificationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from tests.apps import served

HANG = 0  # an answer that waits until `release` is set
REDIRECT = 302
UNVERIFIED = 401  # the answer to a delivery no known secret verifies

# the receivers listening now, by URL, so registering an endpoint there tells its receiver the secret
LISTENING: dict[str, Receiver] = {}


@dataclass
class Received:
    headers: dict[str, str]
    body: str
    verified_by: frozenset[str] = frozenset()  # the known secrets it verifies with


@dataclass
class Receiver:
    """Answers each request with the next of `answers` (then 200), after `delay` seconds, and records every
    request. Each is verified against every secret in `secrets` (those of the endpoints registered at its
    URL); one that none verifies is answered 401, and leaving the receiver fails the test. A receiver told
    no secret (one shared by endpoints registered elsewhere) leaves the check to its test, which can use
    `verifies`."""

    answers: list[int] = field(default_factory=list)
    delay: float = 0.0
    requests: list[Received] = field(default_factory=list)
    redirected: list[Received] = field(default_factory=list)
    secrets: set[str] = field(default_factory=set)
    release: asyncio.Event = field(default_factory=asyncio.Event)
    url: str = ""
    in_flight: int = 0
    most_in_flight: int = 0

    def trust(self, secret: str) -> None:
        self.secrets.add(secret)

    def unverified(self) -> list[Received]:
        return [received for received in self.requests if not received.verified_by] if self.secrets else []

    async def hook(self, request: Request) -> Response:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            received = Received(dict(request.headers), (await request.body()).decode())
            received.verified_by = frozenset(s for s in self.secrets if verifies(s, received))
            self.requests.append(received)
            if self.delay:
                await asyncio.sleep(self.delay)
            if self.secrets and not received.verified_by:
                return Response(status_code=UNVERIFIED)
            answer = self.answers.pop(0) if self.answers else 200
            if answer == HANG:
                await self.release.wait()
                return Response(status_code=200)
            if answer == REDIRECT:
                return RedirectResponse(self.url.replace("/hook", "/elsewhere"), status_code=302)
            return Response(status_code=answer)
        finally:
            self.in_flight -= 1

    async def elsewhere(self, request: Request) -> Response:
        self.redirected.append(Received(dict(request.headers), (await request.body()).decode()))
        return Response(status_code=200)


@asynccontextmanager
async def receiver(*answers: int, delay: float = 0.0) -> AsyncIterator[Receiver]:
    listening = Receiver(list(answers), delay)
    app = Starlette(
        routes=[
            Route("/hook", listening.hook, methods=["POST"]),
            Route("/elsewhere", listening.elsewhere, methods=["POST"]),
        ]
    )
    async with served(app, lifespan="off") as address:
        listening.url = f"http://{address}/hook"
        LISTENING[listening.url] = listening
        try:
            yield listening
        finally:
            del LISTENING[listening.url]
            listening.release.set()
    assert listening.unverified() == [], "deliveries no secret of the endpoint verifies"


def trust(url: str, secret: str) -> None:
    """Tell the receiver listening at `url`, if any, an endpoint's secret."""
    if (listening := LISTENING.get(url)) is not None:
        listening.trust(secret)


def verifies(secret: str, received: Received) -> bool:
    """The Standard Webhooks check by the reference library: one of the `v1` signatures is over
    `id.timestamp.body` with the secret, and the timestamp is within five minutes of now."""
    try:
        Webhook(secret).verify(received.body, received.headers)
    except WebhookVerificationError:
        return False
    return True
