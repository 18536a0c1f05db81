"""Reading published releases: pages in the outbox's commit order, records by project, a project's latest.

Releases are read as the text stored at publication (`publication`), never rebuilt, so a release is
the same bytes whenever and however it is fetched. Each sits at its event's position in the outbox, and
`since` compares with the moment that event was published (`DomainEvent.committed_at`), which rises
with the position: a release committed late is never behind a harvester that resumes with `since`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.domain.outbox.feed import Position
from zhongjie.models import DomainEvent, OcdsRelease


@dataclass(frozen=True)
class ReleasePage:
    """Releases' texts in feed order, and the position after the last of them (where the page began
    if it is empty): a harvester always has a cursor to resume from."""

    releases: list[str]
    end: Position


async def release_page(
    session: AsyncSession, after: Position, since: datetime | None, limit: int
) -> ReleasePage:
    """Up to `limit` releases published after `after` (and at or after `since`)."""
    statement = (
        select(OcdsRelease.body, DomainEvent.commit_number, DomainEvent.id)
        .join(DomainEvent, DomainEvent.id == OcdsRelease.event_id)
        .where(
            tuple_(DomainEvent.commit_number, DomainEvent.id) > tuple_(after.commit_number, after.event_id)
        )
        .order_by(DomainEvent.commit_number, DomainEvent.id)
        .limit(limit)
    )
    if since is not None:
        statement = statement.where(DomainEvent.committed_at >= since)
    rows = (await session.execute(statement)).all()
    end = Position(rows[-1].commit_number, rows[-1].id) if rows else after
    return ReleasePage([row.body for row in rows], end)


async def latest_releases(session: AsyncSession, project_ids: Collection[int]) -> dict[int, str]:
    """Each project's latest release, for those that have one."""
    rows = await session.execute(
        select(OcdsRelease.project_id, OcdsRelease.body)
        .where(OcdsRelease.project_id.in_(sorted(set(project_ids))))
        .order_by(OcdsRelease.project_id, OcdsRelease.id)
    )
    return {project_id: body for project_id, body in rows}  # the last of each project's rows wins


@dataclass(frozen=True)
class Record:
    """A contracting process: its ocid and its releases' texts, oldest first."""

    project_id: int
    ocid: str
    releases: list[str]


async def record_page(
    session: AsyncSession, after_project: int, limit: int, ocid: str | None = None
) -> list[Record]:
    """The records of up to `limit` projects after the project id `after_project`, by project id."""
    projects = (
        select(OcdsRelease.project_id)
        .where(OcdsRelease.project_id > after_project)
        .distinct()
        .order_by(OcdsRelease.project_id)
        .limit(limit)
    )
    if ocid is not None:
        projects = projects.where(OcdsRelease.ocid == ocid)
    rows = await session.execute(
        select(OcdsRelease.project_id, OcdsRelease.ocid, OcdsRelease.body)
        .where(OcdsRelease.project_id.in_(projects.scalar_subquery()))
        .order_by(OcdsRelease.project_id, OcdsRelease.id)
    )
    records: dict[int, Record] = {}
    for project_id, record_ocid, body in rows:
        records.setdefault(project_id, Record(project_id, record_ocid, [])).releases.append(body)
    return list(records.values())
