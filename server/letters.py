"""Downloads of confirmation letters (JSON to verify, PDF to print) and the seal's public keys."""

from __future__ import annotations

import json

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from zhongjie.domain.awards import seal
from zhongjie.domain.awards.letters import letter_file, render_pdf
from zhongjie.models import Project, ProjectAward


async def jwks(request: Request) -> JSONResponse:
    """Every key the seal ever signed with; cached briefly, keys are only added or retired."""
    async with request.app.state.database.session() as session:
        keys = await seal.published_keys(session)
    return JSONResponse(keys, headers={"cache-control": "public, max-age=300"})


async def _issued(request: Request) -> ProjectAward | None:
    code = request.path_params["code"][:32]
    async with request.app.state.database.session() as session:
        return await session.scalar(
            select(ProjectAward)
            .join(Project, Project.id == ProjectAward.project_id)
            .where(Project.code == code, ProjectAward.letter_signature.is_not(None))
            .order_by(ProjectAward.id.desc())
            .limit(1)
        )


async def letter_json(request: Request) -> Response:
    award = await _issued(request)
    if award is None or award.letter_document is None or award.letter_signature is None:
        return JSONResponse({"error": "no confirmation letter"}, status_code=404)
    body = letter_file(json.loads(award.letter_document), award.letter_signature)
    filename = f"{request.path_params['code'][:32]}-letter.json"
    return Response(
        body,
        media_type="application/json",
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )


async def letter_pdf(request: Request) -> Response:
    award = await _issued(request)
    if award is None or award.letter_document is None or award.letter_signature is None:
        return JSONResponse({"error": "no confirmation letter"}, status_code=404)
    pdf = render_pdf(json.loads(award.letter_document), award.letter_signature)
    return Response(pdf, media_type="application/pdf")


def letter_routes() -> list[Route]:
    return [
        Route("/.well-known/jwks.json", jwks, methods=["GET"]),
        Route("/letters/{code}.json", letter_json, methods=["GET"]),
        Route("/letters/{code}.pdf", letter_pdf, methods=["GET"]),
    ]
