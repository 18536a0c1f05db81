"""Published draw records of random selections, to download and re-compute with `zhongjie verify-draw`."""

from __future__ import annotations

import json

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from zhongjie.auth.principal import ANONYMOUS
from zhongjie.auth.visibility import VISIBILITY
from zhongjie.domain.projects.access import PROJECT_ROWS
from zhongjie.models import Project, SelectionDraw

MAX_ROUND = 10_000


async def draw_record(request: Request) -> Response:
    """The record of one round once drawn; absent until then, and for projects the public may not see."""
    code, round_text = request.path_params["code"][:32], request.path_params["round"]
    if not round_text.isdigit() or not 1 <= int(round_text) <= MAX_ROUND:
        return JSONResponse({"error": "no such draw"}, status_code=404)
    async with request.app.state.database.session() as session:
        found = (
            await session.execute(
                select(Project, SelectionDraw.record)
                .join(SelectionDraw, SelectionDraw.project_id == Project.id)
                .where(Project.code == code, SelectionDraw.round == int(round_text))
            )
        ).first()
    if found is None or found[1] is None or not VISIBILITY.sees_row(ANONYMOUS, PROJECT_ROWS, found[0]):
        return JSONResponse({"error": "no such draw"}, status_code=404)
    body = json.dumps(found[1], ensure_ascii=False, sort_keys=True, indent=2)
    return Response(
        body,
        media_type="application/json",
        headers={
            "content-disposition": f'attachment; filename="{code}-draw-{int(round_text)}.json"',
            "cache-control": "public, max-age=300",  # a published record never changes
        },
    )


def draw_routes() -> list[Route]:
    return [Route("/draws/{code}/{round}.json", draw_record, methods=["GET"])]
