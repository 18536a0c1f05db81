"""Pages of releases in the outbox's commit order, and a project's latest release."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import ANONYMOUS
from zhongjie.auth.visibility import VISIBILITY
from zhongjie.base.settings import Publisher
from zhongjie.domain.ocds.facts import Facts, ProjectFacts, StageEvent, load_facts
from zhongjie.domain.ocds.releases import release
from zhongjie.domain.ocds.stages import STAGE_EVENT_TYPES
from zhongjie.domain.outbox.feed import Position, read_events
from zhongjie.domain.projects.access import PROJECT_ROWS


def public(project_facts: ProjectFacts | None) -> bool:
    """Releases follow the public's row rule as the project is now (a cancelled project has none)."""
    return project_facts is not None and VISIBILITY.sees_row(ANONYMOUS, PROJECT_ROWS, project_facts.project)


async def release_page(
    session: AsyncSession, publisher: Publisher, after: Position, since: datetime | None, limit: int
) -> tuple[list[dict[str, Any]], Position | None]:
    """Up to `limit` stages after `after` (written at or after `since`) as releases, and the position
    to continue from when there may be more."""
    events = await read_events(session, after, limit, types=STAGE_EVENT_TYPES, since=since)
    facts = await load_facts(session, {int(event.aggregate_key) for event in events})
    releases = []
    for event in events:
        project_facts = facts.projects.get(int(event.aggregate_key))
        if public(project_facts):
            assert project_facts is not None
            releases.append(release(facts, project_facts, StageEvent.of(event), publisher))
    return releases, Position.of(events[-1]) if len(events) == limit else None


def latest_release(facts: Facts, project_id: int, publisher: Publisher) -> dict[str, Any] | None:
    """The release of the project's latest stage; None before publication or when not public."""
    project_facts = facts.projects.get(project_id)
    if not public(project_facts) or not project_facts or not project_facts.stages:
        return None
    return release(facts, project_facts, project_facts.stages[-1], publisher)
