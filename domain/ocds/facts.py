"""What the OCDS releases of a set of projects are made of, read in a fixed number of statements."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from zhongjie.domain.awards.vocabulary import EnquiryKind
from zhongjie.domain.ocds.stages import STAGE_EVENT_TYPES
from zhongjie.domain.projects.events import action_of
from zhongjie.domain.projects.vocabulary import ProjectAction
from zhongjie.models import (
    AdministrativeMatter,
    Agency,
    DomainEvent,
    Organisation,
    Project,
    ProjectAward,
    ProjectEnquiry,
    ProjectOffer,
    ProjectSignup,
    QualificationType,
    Region,
    ServiceDelivery,
    ServiceExtension,
    ServiceItem,
)

M = TypeVar("M", bound=Any)


@dataclass(frozen=True)
class StageEvent:
    """A stage of a project: the transition, when it happened and the status it left."""

    action: ProjectAction
    to_status: str
    at: datetime
    sequence: int  # the event's number among the project's events: the release id

    @classmethod
    def of(cls, event: DomainEvent) -> StageEvent:
        action = action_of(event.event_type, event.payload)
        assert action is not None  # stages are transitions
        return cls(action, event.payload["to"], event.created_at, event.sequence)


@dataclass
class ProjectFacts:
    project: Project
    owner: Organisation
    item: ServiceItem
    matter: AdministrativeMatter | None
    stages: list[StageEvent] = field(default_factory=list)  # oldest first
    signups: list[ProjectSignup] = field(default_factory=list)  # withdrawn ones too, by time
    awards: list[ProjectAward] = field(default_factory=list)  # by id
    best_offers: dict[int, Decimal] = field(default_factory=dict)  # agency id → its lowest offer
    deliveries: dict[int, list[ServiceDelivery]] = field(default_factory=dict)  # by award id
    extensions: dict[int, list[ServiceExtension]] = field(default_factory=dict)  # by award id
    first_question_at: datetime | None = None


@dataclass
class Facts:
    """The facts of several projects, and the agencies and regions they mention."""

    projects: dict[int, ProjectFacts]
    agencies: dict[int, Agency]
    region_names: dict[str, str]
    qualification_names: dict[str, str]


def stage_events_statement(project_ids: Collection[int]) -> Select[DomainEvent]:
    return (
        select(DomainEvent)
        .where(
            DomainEvent.aggregate_type == "Project",
            DomainEvent.aggregate_key.in_([str(project_id) for project_id in project_ids]),
            DomainEvent.event_type.in_(sorted(STAGE_EVENT_TYPES)),
        )
        .order_by(DomainEvent.aggregate_key, DomainEvent.sequence)
    )


async def _children(
    session: AsyncSession, parent: InstrumentedAttribute[int], parent_ids: Collection[int], order: Any
) -> dict[int, list[Any]]:
    """The rows whose `parent` column is one of `parent_ids`, grouped by it, each group in `order`."""
    groups: dict[int, list[Any]] = defaultdict(list)
    if parent_ids:
        model = parent.class_
        for row in await session.scalars(
            select(model).where(parent.in_(parent_ids)).order_by(order, model.id)
        ):
            groups[getattr(row, parent.key)].append(row)
    return groups


async def load_facts(session: AsyncSession, project_ids: Collection[int]) -> Facts:
    """Everything the releases of `project_ids` show, in fourteen statements at most."""
    ids = sorted(set(project_ids))
    if not ids:
        return Facts({}, {}, {}, {})
    projects = list(await session.scalars(select(Project).where(Project.id.in_(ids))))
    owners = await _by_id(session, Organisation, {p.owner_organisation_id for p in projects})
    items = await _by_id(session, ServiceItem, {p.service_item_id for p in projects})
    matter_ids = {p.administrative_matter_id for p in projects if p.administrative_matter_id is not None}
    matters = await _by_id(session, AdministrativeMatter, matter_ids)
    facts = {
        p.id: ProjectFacts(
            project=p,
            owner=owners[p.owner_organisation_id],
            item=items[p.service_item_id],
            matter=matters.get(p.administrative_matter_id) if p.administrative_matter_id else None,
        )
        for p in projects
    }
    for event in await session.scalars(stage_events_statement(ids)):
        facts[int(event.aggregate_key)].stages.append(StageEvent.of(event))
    signups = await _children(session, ProjectSignup.project_id, ids, ProjectSignup.signed_up_at)
    awards = await _children(session, ProjectAward.project_id, ids, ProjectAward.id)
    award_ids = [award.id for rows in awards.values() for award in rows]
    deliveries = await _children(session, ServiceDelivery.award_id, award_ids, ServiceDelivery.number)
    extensions = await _children(session, ServiceExtension.award_id, award_ids, ServiceExtension.id)
    best_offers = await session.execute(
        select(ProjectOffer.project_id, ProjectOffer.agency_id, func.min(ProjectOffer.price))
        .where(ProjectOffer.project_id.in_(ids))
        .group_by(ProjectOffer.project_id, ProjectOffer.agency_id)
    )
    first_questions = await session.execute(
        select(ProjectEnquiry.project_id, func.min(ProjectEnquiry.filed_at))
        .where(ProjectEnquiry.project_id.in_(ids), ProjectEnquiry.kind == EnquiryKind.QUESTION.value)
        .group_by(ProjectEnquiry.project_id)
    )
    for project_id, project_facts in facts.items():
        project_facts.signups = signups.get(project_id, [])
        project_facts.awards = awards.get(project_id, [])
        project_facts.deliveries = {a.id: deliveries.get(a.id, []) for a in project_facts.awards}
        project_facts.extensions = {a.id: extensions.get(a.id, []) for a in project_facts.awards}
    for project_id, agency_id, price in best_offers:
        facts[project_id].best_offers[agency_id] = price
    for project_id, filed_at in first_questions:
        facts[project_id].first_question_at = filed_at
    agencies = await _by_id(session, Agency, _agency_ids(facts.values()))
    region_codes = {p.region_code for p in projects} | {a.region_code for a in agencies.values()}
    region_codes |= {owner.region_code for owner in owners.values() if owner.region_code}
    regions = await session.execute(select(Region.code, Region.name).where(Region.code.in_(region_codes)))
    type_codes = {requirement["type"] for p in projects for requirement in p.requirements}
    qualification_types = await session.execute(
        select(QualificationType.code, QualificationType.name).where(QualificationType.code.in_(type_codes))
    )
    return Facts(
        facts,
        agencies,
        {code: name for code, name in regions},
        {code: name for code, name in qualification_types},
    )


def _agency_ids(facts: Iterable[ProjectFacts]) -> set[int]:
    ids: set[int] = set()
    for project_facts in facts:
        for signup in project_facts.signups:
            ids.add(signup.agency_id)
            ids.update(signup.member_agency_ids or [])
        ids.update(award.agency_id for award in project_facts.awards)
    return ids


async def _by_id(session: AsyncSession, model: type[M], ids: Collection[int]) -> dict[int, M]:
    if not ids:
        return {}
    rows = await session.scalars(select(model).where(model.id.in_(sorted(ids))))
    return {row.id: row for row in rows}
