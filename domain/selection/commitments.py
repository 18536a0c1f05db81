"""The commitment of a random selection (随机选取), made when the candidate list closes.

The platform picks a secret seed and publishes its SHA-256 with the closed list of candidates (the eligible
agencies' credit codes, in sign-up order) before anyone can supply the public entropy; see `domain/draws.py`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.domain import draws
from zhongjie.models import Agency, CreditProfile, Project, ProjectSignup, SelectionDraw

# a credit-weighted draw (信用加权): weight by credit level, published with the commitment
CREDIT_WEIGHTS = {"A": 4, "B": 3, "C": 2, "D": 1}
NO_RECORDS_LEVEL = "A"  # no credit record: the rule's starting score of 90, level A


async def credit_weights(session: AsyncSession, candidates: list[str]) -> list[int]:
    levels = dict(
        (
            await session.execute(
                select(CreditProfile.credit_code, CreditProfile.level).where(
                    CreditProfile.credit_code.in_(candidates)
                )
            )
        ).all()
    )
    return [CREDIT_WEIGHTS[levels.get(code, NO_RECORDS_LEVEL)] for code in candidates]


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
    weights = await credit_weights(session, candidates) if project.credit_weighted_draw else None
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
        candidates_hash=draws.candidates_hash(candidates, weights),
        weights=weights,
        committed_at=now,
    )
    session.add(draw)
    await session.flush()
    return draw
