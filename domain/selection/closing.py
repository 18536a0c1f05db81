"""Closing sign-up at its deadline (报名截止), run by the timed jobs: each project past it moves to selection,
opening what its method needs (the draw's commitment, the bidding room), or fails (流标) with fewer
competitors than the method needs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.domain.projects.results import announce_failure, competitors
from zhongjie.domain.projects.transitions import transition
from zhongjie.domain.projects.vocabulary import ProjectAction, ProjectStatus, SelectionMethod
from zhongjie.domain.selection import commitments, sealed
from zhongjie.domain.selection.methods import METHODS
from zhongjie.models import Project


async def close_due_signups(session: AsyncSession, now: datetime) -> int:
    """Close every project whose sign-up deadline has passed; returns how many."""
    due = list(
        await session.scalars(
            select(Project)
            .where(Project.status == ProjectStatus.PUBLISHED.value, Project.signup_deadline <= now)
            .with_for_update(skip_locked=True)
        )
    )
    for project in due:
        competing = await competitors(session, project, now)
        method = SelectionMethod(project.selection_method)
        if len(competing) < METHODS[method].min_competitors:
            await announce_failure(session, project, now, len(competing))
            continue
        await transition(session, project, ProjectAction.CLOSE_SIGNUP, None, now)
        if method is SelectionMethod.RANDOM:
            await commitments.commit(session, project, competing, now)
        if method is SelectionMethod.BIDDING:
            sealed.open_bidding_room(session, project, now)
    return len(due)
