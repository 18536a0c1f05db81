"""`GET /metrics`: the registry of this process, or of all of them under PROMETHEUS_MULTIPROC_DIR."""

from __future__ import annotations

import hashlib
import hmac
import os

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest, multiprocess
from pydantic import SecretStr
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from zhongjie.base.messages import negotiate_language, render


async def metrics(request: Request) -> Response:
    """The metrics; with `ZHONGJIE_METRICS_TOKEN` set, only for `Authorization: Bearer <token>` (401)."""
    token: SecretStr | None = request.app.state.settings.metrics_token
    if token is not None and not _bearer_is(request, token.get_secret_value()):
        language = negotiate_language(request.headers.get("accept-language"))
        return PlainTextResponse(
            render("metrics_unauthorized", language), status_code=401, headers={"www-authenticate": "Bearer"}
        )
    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)


def _bearer_is(request: Request, secret: str) -> bool:
    """Whether the request's bearer token is `secret`, compared in constant time (over digests, so not
    even its length shows)."""
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    digest = hashlib.sha256(given.strip().encode()).digest()
    return scheme.lower() == "bearer" and hmac.compare_digest(
        digest, hashlib.sha256(secret.encode()).digest()
    )
