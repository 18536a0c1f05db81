"""Sealed offers (密封报价) and the bidding schedule: what the project service needs at the close (it imports
this module, so nothing here imports it)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.models import BiddingRoom, Project, ProjectOffer, ProjectSignup

SEALED_ROUND = 0


BIDDING_ROUNDS = 3
BIDDING_ROUND_SECONDS = 600


def open_bidding_room(session: AsyncSession, project: Project, now: datetime) -> BiddingRoom:
    """At the close, the open rounds are scheduled on server time: three rounds of ten minutes."""
    room = BiddingRoom(
        project_id=project.id,
        opens_at=now,
        rounds=BIDDING_ROUNDS,
        round_seconds=BIDDING_ROUND_SECONDS,
        closes_at=now + timedelta(seconds=BIDDING_ROUNDS * BIDDING_ROUND_SECONDS),
    )
    session.add(room)
    return room


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
