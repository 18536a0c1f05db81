"""`GET /ocds/releases` and `GET /ocds/records`: OCDS packages of every published release and record.

Releases: in the order they were published; `since` (an ISO 8601 time with its zone, or a date taken
as Beijing midnight) keeps those published from then on; `limit` (1–500, default 100) sizes the page.
Every page, the last one included, links to where it ended (`Link: <…?cursor=…>; rel="next"`; the
OCDS 1.1 package has no field for it): a harvester follows it until a page comes back empty, and
later asks it again for what was published since. Each release is served as the text it was published as.

Records: one per project with a release, by project, each with its releases and the compiled release;
`ocid` picks one; `limit` (1–100, default 20) and `cursor` page them the same way.

Bad parameters answer 400 with the code `BAD_USER_INPUT` and a message in the caller's language.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from zhongjie.base.errors import BadInput
from zhongjie.base.messages import negotiate_language
from zhongjie.base.settings import Publisher, Settings
from zhongjie.domain.ocds.feed import record_page, release_page
from zhongjie.domain.ocds.records import record_text
from zhongjie.domain.ocds.releases import OCDS_VERSION, timestamp
from zhongjie.domain.outbox.feed import START, Position
from zhongjie.domain.values import midnight

RELEASE_LIMITS = (100, 500)  # default, maximum
RECORD_LIMITS = (20, 100)
RECORD_CURSOR_PREFIX = "rc1"
MEDIA_TYPE = "application/json"


def _since(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        if len(text) == 10:
            return midnight(date.fromisoformat(text))
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            raise BadInput("naive_datetime", field="since")
        return moment.astimezone(UTC)
    except (ValueError, OverflowError) as error:  # OverflowError: beyond year 1 or 9999 in UTC
        raise BadInput("invalid_date", field="since", value=text[:40]) from error


def _limit(text: str | None, limits: tuple[int, int]) -> int:
    default, maximum = limits
    if text is None:
        return default
    if not text.isdigit() or not 1 <= int(text) <= maximum:
        raise BadInput("page_size_out_of_range", field="limit", argument="limit", maximum=maximum)
    return int(text)


def _record_cursor(project_id: int) -> str:
    return base64.urlsafe_b64encode(f"{RECORD_CURSOR_PREFIX}:{project_id}".encode()).decode().rstrip("=")


def _after_project(cursor: str | None) -> int:
    if cursor is None:
        return 0
    try:
        prefix, project_id = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode().split(":")
        if prefix != RECORD_CURSOR_PREFIX or not (project_id.isascii() and project_id.isdigit()):
            raise ValueError(cursor)
        return int(project_id[:18])
    except (UnicodeError, ValueError, binascii.Error) as error:
        raise BadInput("malformed_cursor", field="cursor", argument="cursor") from error


def _refused(request: Request, error: BadInput) -> JSONResponse:
    language = negotiate_language(request.headers.get("accept-language"))
    return JSONResponse({"error": {"code": error.code.value, "message": error.message(language)}}, 400)


def _package(publisher: Publisher, uri: str, key: str, items: list[str], published: datetime) -> str:
    """A release or record package around `items`, which are JSON texts kept byte for byte."""
    head: dict[str, Any] = {
        "uri": uri,
        "version": OCDS_VERSION,
        "publishedDate": timestamp(published),
        "publisher": {"name": publisher.name, "uri": publisher.base_url},
    }
    if publisher.license:
        head["license"] = publisher.license
    if publisher.publication_policy:
        head["publicationPolicy"] = publisher.publication_policy
    opening = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    return f'{opening},"{key}":[{",".join(items)}]}}'


def _served(request: Request, path: str, parameters: dict[str, Any], key: str, items: list[str]) -> Response:
    """A package of `items` as served at this request's public URL, linking to where the page ended."""
    settings: Settings = request.app.state.settings
    base = f"{settings.base_url}{path}"
    uri = f"{base}?{request.url.query}" if request.url.query else base
    following = f"{base}?{urlencode(parameters)}"
    body = _package(settings.ocds_publisher(), uri, key, items, datetime.now(UTC))
    return Response(body, media_type=MEDIA_TYPE, headers={"link": f'<{following}>; rel="next"'})


async def releases(request: Request) -> Response:
    query = request.query_params
    try:
        since, limit = _since(query.get("since")), _limit(query.get("limit"), RELEASE_LIMITS)
        after = Position.from_cursor(query.get("cursor"), field="cursor") if query.get("cursor") else START
    except BadInput as error:
        return _refused(request, error)
    async with request.app.state.database.session() as session:
        page = await release_page(session, after, since, limit)
    parameters = {"cursor": page.end.cursor, "limit": limit, **({"since": query["since"]} if since else {})}
    return _served(request, "/ocds/releases", parameters, "releases", page.releases)


async def records(request: Request) -> Response:
    query = request.query_params
    try:
        limit = _limit(query.get("limit"), RECORD_LIMITS)
        after = _after_project(query.get("cursor"))
    except BadInput as error:
        return _refused(request, error)
    ocid = query.get("ocid")
    async with request.app.state.database.session() as session:
        page = await record_page(session, after, limit, ocid[:120] if ocid else None)
    end = page[-1].project_id if page else after
    parameters = {"cursor": _record_cursor(end), "limit": limit, **({"ocid": ocid} if ocid else {})}
    return _served(request, "/ocds/records", parameters, "records", [record_text(r) for r in page])


def ocds_routes() -> list[Route]:
    return [
        Route("/ocds/releases", releases, methods=["GET"]),
        Route("/ocds/records", records, methods=["GET"]),
    ]
