"""Random selection (随机选取): the draw among the committed candidates, and the published record.

When sign-up closes the commitment is made (`commitments.commit`); the owner or the operator then supplies the
public entropy (a witness's value or a beacon round) and the draw picks one candidate with `zhongjie-draw-v1`.
The seed is revealed in the record, which `zhongjie verify-draw` re-computes. A winner that withdraws or is
disqualified is replaced by a new round: a new commitment over the remaining candidates, then a new draw.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal
from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.base.settings import Thresholds
from zhongjie.domain import draws
from zhongjie.domain.agencies import validation
from zhongjie.domain.projects.results import Winner, announce_result
from zhongjie.domain.projects.transitions import allowed_role, load_project
from zhongjie.domain.projects.vocabulary import ProjectAction, ProjectStatus, SelectionMethod
from zhongjie.domain.selection.methods import require_method
from zhongjie.models import Agency, Project, SelectionDraw

LABEL = "selection"
RECORD_KIND = "project-selection"  # how `draws.verify_record` tells it from an inspection's


async def pending_round(session: AsyncSession, project_id: int) -> SelectionDraw | None:
    return await session.scalar(
        select(SelectionDraw)
        .where(SelectionDraw.project_id == project_id, SelectionDraw.record.is_(None))
        .order_by(SelectionDraw.round.desc())
        .limit(1)
    )


def published_record(
    project: Project, draw: SelectionDraw, witness: str, key: bytes, picked: list[str], now: datetime
) -> dict[str, Any]:
    return {
        "algorithm": draws.ALGORITHM,
        "kind": RECORD_KIND,
        "project": project.code,
        "round": draw.round,
        "commitment": draw.commitment,
        "seed": draw.secret_seed,
        "candidates": draw.candidates,
        "candidates_hash": draw.candidates_hash,
        **({"weights": draw.weights} if draw.weights else {}),
        "witness": witness,
        "key_digest": draws.key_digest(key),
        "label": LABEL,
        "picked": picked,
        "drawn_at": now.isoformat(),
    }


async def draw(
    session: AsyncSession,
    principal: Principal,
    project_id: int,
    witness: str,
    thresholds: Thresholds,
    now: datetime,
) -> Project:
    """Draw the winner with the witness's value; the result is announced and the record published."""
    project = await load_project(session, principal, project_id)
    require_method(project, SelectionMethod.RANDOM)
    witness = validation.text(witness, "input.witness", 200) or ""
    current = (
        await pending_round(session, project.id)
        if ProjectStatus(project.status) is ProjectStatus.SELECTION
        else None
    )
    allowed_role(project, ProjectAction.DRAW, principal)
    if current is None:
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, "no_commitment", field="input.projectId")
    key = draws.draw_key(bytes.fromhex(current.secret_seed), current.candidates_hash, witness)
    if current.weights:
        picked = [draws.weighted_pick(key, LABEL, current.candidates, current.weights)]
    else:
        picked = draws.pick(key, LABEL, current.candidates, 1)
    agency = await session.scalar(select(Agency).where(Agency.credit_code == picked[0]))
    assert agency is not None  # candidates are registered agencies
    current.record = published_record(project, current, witness, key, picked, now)
    current.drawn_at = now
    winner = Winner(agency.id, f"随机选取（第 {current.round} 轮）", draw_round=current.round)
    await announce_result(
        session,
        project,
        ProjectAction.DRAW,
        principal,
        winner,
        thresholds,
        now,
        comment=f"公开熵值：{witness}",
    )
    return project
