"""Publishing releases: each one stored as it reads when its event is recorded, and never rebuilt.

At the end of every write transaction (`models.database.finishing`) the stages it recorded become
releases, built from the rows as the transaction leaves them. A later change that the public record
shows (a party's new name or region, an award's correction) does not touch those: it becomes a release
of its own, tagged as the update of the latest stage, with an outbox event that says so
(`project.record_corrected`, or the award's `project.award_corrected`) and publishes it.

Which projects a party's change concerns is found from the rows that name it (sign-ups, consortium
memberships, awards, ownership); whether it changed their public record, by building the record as of
the latest stage again and comparing it with the latest release without its id, date and tag.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from typing import Any

from sqlalchemy import Text, cast, event, inspect, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from zhongjie.auth.principal import ANONYMOUS
from zhongjie.auth.visibility import VISIBILITY
from zhongjie.base.clock import utcnow
from zhongjie.base.settings import Publisher, Settings
from zhongjie.domain.ocds.facts import Facts, ProjectFacts, StageEvent, load_facts
from zhongjie.domain.ocds.releases import release, timestamp
from zhongjie.domain.ocds.stages import CORRECTION_TAGS, ENDINGS, STAGE_EVENT_TYPES
from zhongjie.domain.outbox.record import RECORDED_EVENTS, record_event
from zhongjie.domain.projects.access import PROJECT_ROWS
from zhongjie.domain.projects.events import AGGREGATE, ProjectEvent
from zhongjie.domain.projects.lifecycle import Actor
from zhongjie.models import (
    Agency,
    DomainEvent,
    OcdsRelease,
    Organisation,
    Project,
    ProjectAward,
    ProjectSignup,
)
from zhongjie.models.database import finishing

PUBLISHER = "zhongjie.ocds_publisher"  # a write session's `info`: who publishes (`Database.info`)
CHANGED_PARTIES = "zhongjie.ocds_changed_parties"  # agencies and organisations whose public facts changed
PARTY_FIELDS = {Agency: ("credit_code", "name", "region_code"), Organisation: ("code", "name", "region_code")}
UNCHANGING_KEYS = ("id", "date", "tag")
# the project events that publish a release of their own (a party's correction records its event here)
RELEASING_TYPES = STAGE_EVENT_TYPES | {
    ProjectEvent.AWARD_CORRECTED.value,
    ProjectEvent.RECORD_CORRECTED.value,
}  # what tells two releases of the same facts apart


def serialised(release_: dict[str, Any]) -> str:
    """The release's text as stored and served: compact, Chinese unescaped, keys in the builder's order."""
    return json.dumps(release_, ensure_ascii=False, separators=(",", ":"))


@cache
def _default_publisher() -> Publisher:
    return Settings().ocds_publisher()


@event.listens_for(Session, "before_flush")
def _note_changed_parties(session: Session, _context: Any, _instances: Any) -> None:
    """Note agencies and organisations whose name, code or region is about to change: their releases may
    read differently now. Noted at the flush, the one moment that sees every way a row can change."""
    for row in session.dirty:
        fields = PARTY_FIELDS.get(type(row))
        if fields and any(inspect(row).attrs[name].history.has_changes() for name in fields):
            session.info.setdefault(CHANGED_PARTIES, set()).add((type(row).__name__, row.id))


@finishing
async def publish(session: AsyncSession) -> None:
    """Store the releases of what this transaction recorded, and correct the records a party's change
    altered."""
    recorded: list[DomainEvent] = [
        recorded_event
        for recorded_event in session.info.get(RECORDED_EVENTS, [])
        if recorded_event.aggregate_type == AGGREGATE and _publishes(recorded_event)
    ]
    changed = session.info.pop(CHANGED_PARTIES, None)
    if not recorded and not changed:
        return
    publisher = session.info.get(PUBLISHER) or _default_publisher()
    await session.flush()  # the events' ids and sequences
    projects = {int(recorded_event.aggregate_key) for recorded_event in recorded}
    affected = await _affected_projects(session, changed) - projects
    facts = await load_facts(session, projects | affected)
    await _release(session, facts, recorded, publisher)
    for project_id in sorted(affected):
        await _correct(session, facts, facts.projects[project_id], publisher)


async def publish_missing(session: AsyncSession, publisher: Publisher, batch: int = 500) -> int:
    """Store the releases of events recorded before releases were stored (a database upgraded from an
    earlier version), built as the rows read now; how many were stored. Run once after the upgrade."""
    stored = 0
    while True:
        missing = list(
            await session.scalars(
                select(DomainEvent)
                .where(
                    DomainEvent.aggregate_type == AGGREGATE,
                    DomainEvent.event_type.in_(sorted(RELEASING_TYPES)),
                    DomainEvent.commit_number.is_not(None),
                    ~select(OcdsRelease.id).where(OcdsRelease.event_id == DomainEvent.id).exists(),
                )
                .order_by(DomainEvent.commit_number, DomainEvent.id)
                .limit(batch)
            )
        )
        if not missing:
            return stored
        facts = await load_facts(session, {int(missing_event.aggregate_key) for missing_event in missing})
        stored += await _release(session, facts, missing, publisher)
        await session.flush()
        if len(missing) < batch:
            return stored


async def _release(
    session: AsyncSession, facts: Facts, events: list[DomainEvent], publisher: Publisher
) -> int:
    """Store the release each of `events` publishes, in their order; how many were stored (a stage
    that leaves its project hidden publishes none)."""
    published = await _published_projects(session, {int(e.aggregate_key) for e in events})
    stored = 0
    for releasing in events:
        project_facts = facts.projects[int(releasing.aggregate_key)]
        stage = None
        if releasing.event_type in STAGE_EVENT_TYPES:
            stage = StageEvent.of(releasing)
            if not _public_after(project_facts, stage, published):
                continue
        elif project_facts.project.id not in published:
            continue  # a correction of what was never released
        published.add(project_facts.project.id)
        _store(session, facts, project_facts, releasing, stage, publisher)
        stored += 1
    return stored


def _publishes(recorded_event: DomainEvent) -> bool:
    return recorded_event.event_type in RELEASING_TYPES


def _public_after(project_facts: ProjectFacts, stage: StageEvent, published: set[int]) -> bool:
    """A stage is released if it leaves the project public, or ends the tender of one that was."""
    if stage.action in ENDINGS:
        return project_facts.project.id in published
    return VISIBILITY.sees_row(ANONYMOUS, PROJECT_ROWS, _StatusOf(project_facts.project, stage.to_status))


class _StatusOf:
    """A project row as a stage left it: its status then, the rest as it is."""

    def __init__(self, row: Project, status: str) -> None:
        self.row, self.status = row, status

    def __getattr__(self, name: str) -> Any:
        return getattr(self.row, name)


async def _published_projects(session: AsyncSession, project_ids: Iterable[int]) -> set[int]:
    """Which of the projects have a release already."""
    ids = sorted(set(project_ids))
    if not ids:
        return set()
    return set(
        await session.scalars(
            select(OcdsRelease.project_id).where(OcdsRelease.project_id.in_(ids)).distinct()
        )
    )


async def _affected_projects(session: AsyncSession, changed: set[tuple[str, int]] | None) -> set[int]:
    """The published projects whose releases name one of the changed parties."""
    if not changed:
        return set()
    agencies = {key for kind, key in changed if kind == Agency.__name__}
    organisations = {key for kind, key in changed if kind == Organisation.__name__}
    candidates: set[int] = set()
    if agencies:
        for column in (ProjectSignup.agency_id, ProjectAward.agency_id):
            project = column.class_.project_id
            candidates |= set(await session.scalars(select(project).where(column.in_(agencies))))
        members = cast(ProjectSignup.member_agency_ids, Text)
        consortia = await session.execute(  # a rare case: the text narrows, the list decides
            select(ProjectSignup.project_id, ProjectSignup.member_agency_ids).where(
                or_(*(members.like(f"%{agency_id}%") for agency_id in sorted(agencies)))
            )
        )
        candidates |= {project_id for project_id, ids in consortia if agencies & set(ids or [])}
    if organisations:
        owned = select(Project.id).where(Project.owner_organisation_id.in_(organisations))
        candidates |= set(await session.scalars(owned))
    return await _published_projects(session, candidates)


async def _correct(
    session: AsyncSession, facts: Facts, project_facts: ProjectFacts, publisher: Publisher
) -> None:
    """Publish the project's record again if a party's change altered what its latest release shows."""
    project = project_facts.project
    latest = await session.scalar(
        select(OcdsRelease.body)
        .where(OcdsRelease.project_id == project.id)
        .order_by(OcdsRelease.id.desc())
        .limit(1)
    )
    if latest is None or not project_facts.stages:
        return
    current = release(facts, project_facts, project_facts.stages[-1], publisher)
    if _content(json.loads(latest)) == _content(json.loads(serialised(current))):
        return
    await session.execute(select(Project.id).where(Project.id == project.id).with_for_update())
    correction = await record_event(
        session,
        aggregate_type=AGGREGATE,
        aggregate_key=str(project.id),
        event_type=ProjectEvent.RECORD_CORRECTED.value,
        payload={"code": project.code, "status": project.status},
        actor_user_id=None,
        actor_role=Actor.SYSTEM.value,
        now=max(utcnow(), project_facts.stages[-1].at),
    )
    await session.flush()
    _store(session, facts, project_facts, correction, None, publisher)


def _content(release_: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in release_.items() if key not in UNCHANGING_KEYS}


def _store(
    session: AsyncSession,
    facts: Facts,
    project_facts: ProjectFacts,
    source: DomainEvent,
    stage: StageEvent | None,
    publisher: Publisher,
) -> None:
    """The release `source` publishes: its stage's, or (a correction) the latest stage's facts as they
    are now, tagged as the update of that stage."""
    built = release(facts, project_facts, stage or project_facts.stages[-1], publisher)
    if stage is None:
        built["id"] = f"{project_facts.project.code}-{source.sequence}"
        built["date"] = timestamp(source.created_at)
        built["tag"] = [
            "awardUpdate"
            if source.event_type == ProjectEvent.AWARD_CORRECTED
            else CORRECTION_TAGS[built["tag"][0]]
        ]
    session.add(
        OcdsRelease(
            event_id=source.id,
            project_id=project_facts.project.id,
            ocid=built["ocid"],
            release_id=built["id"],
            released_at=source.created_at,
            body=serialised(built),
        )
    )
