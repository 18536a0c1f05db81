"""The commitment of a random selection (随机选取), made when the candidate list closes.

The platform picks a secret seed and publishes its SHA-256 with the closed list of candidates (the eligible
agencies' credit codes, in sign-up order) before anyone can supply the public entropy; see `domain/draws.py`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.domain import draws
from zhongjie.models import Agency, Project, ProjectSignup, SelectionDraw


async def commit(
    session: AsyncSession, project: Project, signups: list[ProjectSignup], now: datetime
) -> SelectionDraw:
    """A new round's commitment over `signups`, in sign-up order."""
    ordered = sorted(signups, key=lambda signup: (signup.signed_up_at, signup.id))
    codes = {
        agency.id: agency.credit_code
        for agency in await session.scalars(
            select(Agency).where(Agency.id.in_([s.agency_id for s in ordered]))
        )
    }
    candidates = [codes[signup.agency_id] for signup in ordered]
    rounds = await session.scalar(
        select(func.count()).select_from(SelectionDraw).where(SelectionDraw.project_id == project.id)
    )
    seed = draws.new_seed()
    draw = SelectionDraw(
        project_id=project.id,
        round=(rounds or 0) + 1,
        secret_seed=seed.hex(),
        commitment=draws.commitment(seed),
        candidates=candidates,
        candidates_hash=draws.candidates_hash(candidates),
        committed_at=now,
    )
    session.add(draw)
    await session.flush()
    return draw
