"""Sealed offers (密封报价): which sign-ups have one, read without the project service (it imports this)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.models import Project, ProjectOffer, ProjectSignup

SEALED_ROUND = 0


async def with_offers(
    session: AsyncSession, project: Project, signups: list[ProjectSignup]
) -> list[ProjectSignup]:
    """The sign-ups that made a sealed offer: only they take part in an offer-based selection."""
    offered = set(
        await session.scalars(
            select(ProjectOffer.agency_id).where(
                ProjectOffer.project_id == project.id, ProjectOffer.round == SEALED_ROUND
            )
        )
    )
    return [signup for signup in signups if signup.agency_id in offered]
