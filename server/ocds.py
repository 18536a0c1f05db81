"""`GET /ocds/releases`: OCDS release packages of every public project stage, in commit order.

`since` (an ISO 8601 time with its zone, or a date taken as Beijing midnight) keeps stages from then on;
`limit` (1–500, default 100) sizes the page; a full page answers `Link: <…?cursor=…>; rel="next"`, and
following it until no `next` comes reads every release once. Bad parameters answer 400 with the code
`BAD_USER_INPUT` and a message in the caller's language.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from zhongjie.base.errors import BadInput
from zhongjie.base.messages import negotiate_language
from zhongjie.base.settings import Settings
from zhongjie.domain.ocds.feed import release_page
from zhongjie.domain.ocds.releases import package
from zhongjie.domain.outbox.feed import START, Position
from zhongjie.domain.values import midnight

DEFAULT_LIMIT, MAX_LIMIT = 100, 500
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


def _limit(text: str | None) -> int:
    if text is None:
        return DEFAULT_LIMIT
    if not text.isdigit() or not 1 <= int(text) <= MAX_LIMIT:
        raise BadInput("page_size_out_of_range", field="limit", argument="limit", maximum=MAX_LIMIT)
    return int(text)


async def releases(request: Request) -> JSONResponse:
    settings: Settings = request.app.state.settings
    query = request.query_params
    try:
        since, limit = _since(query.get("since")), _limit(query.get("limit"))
        after = Position.from_cursor(query.get("cursor"), field="cursor") if query.get("cursor") else START
    except BadInput as error:
        language = negotiate_language(request.headers.get("accept-language"))
        body = {"error": {"code": error.code.value, "message": error.message(language)}}
        return JSONResponse(body, status_code=400)
    publisher = settings.ocds_publisher()
    async with request.app.state.database.session() as session:
        page, following = await release_page(session, publisher, after, since, limit)
    path = f"{settings.base_url}/ocds/releases"
    uri = f"{path}?{request.url.query}" if request.url.query else path
    headers = {}
    if following is not None:
        parameters = {
            "cursor": following.cursor,
            "limit": limit,
            **({"since": query["since"]} if since else {}),
        }
        headers["link"] = f'<{path}?{urlencode(parameters)}>; rel="next"'
    return JSONResponse(
        package(page, publisher, uri, datetime.now(UTC)), headers=headers, media_type=MEDIA_TYPE
    )


def ocds_routes() -> list[Route]:
    return [Route("/ocds/releases", releases, methods=["GET"])]
