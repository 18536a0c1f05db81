"""The award (中选) from announcement to confirmation: stand-still, confirmation by both sides, the sealed
letter, and the winner's withdrawal or disqualification before the contract."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal, Role
from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.domain.agencies import validation
from zhongjie.domain.awards import letters, seal
from zhongjie.domain.awards.lifecycle import AWARD, side_to_act
from zhongjie.domain.awards.vocabulary import PENDING, AwardStatus, EnquiryKind
from zhongjie.domain.projects.access import actors_for
from zhongjie.domain.projects.events import ProjectEvent, record_project_event
from zhongjie.domain.projects.lifecycle import PROJECT_LIFECYCLE, Actor
from zhongjie.domain.projects.results import announce_failure, competitors
from zhongjie.domain.projects.transitions import load_project, transition
from zhongjie.domain.projects.vocabulary import ProjectAction, ProjectStatus, SelectionMethod
from zhongjie.domain.selection import commitments
from zhongjie.models import Agency, Organisation, Project, ProjectAward, ProjectEnquiry, ServiceItem

CONFIRMABLE = PROJECT_LIFECYCLE.states(ProjectAction.CONFIRM)  # where the two sides confirm the award


@dataclass
class Awarded:
    """A project locked for a change, with its active award and the winning agency."""

    project: Project
    award: ProjectAward
    agency: Agency

    def actors(self, principal: Principal) -> set[Actor]:
        return actors_for(principal, self.project, self.agency.organisation_id)


async def load_awarded(
    session: AsyncSession, principal: Principal, project_id: int, *, authorities_may_act: bool = False
) -> Awarded:
    """The project (locked) with its active award, for a caller who acts on it (owner, winner, operator)."""
    project = await session.scalar(select(Project).where(Project.id == project_id).with_for_update())
    award = (
        await session.scalar(
            select(ProjectAward)
            .where(ProjectAward.project_id == project_id, ProjectAward.status == AwardStatus.ACTIVE.value)
            .with_for_update()
        )
        if project is not None
        else None
    )
    if project is None or award is None:
        await load_project(session, principal, project_id)  # not found, or not visible
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, "no_active_award", field="input.projectId")
    agency = await session.get(Agency, award.agency_id)
    assert agency is not None  # a foreign key
    awarded = Awarded(project, award, agency)
    authority = (
        authorities_may_act
        and principal.has_role(Role.AUTHORITY)
        and principal.covers_region(project.region_code)
    )
    if not awarded.actors(principal) and not authority:
        await load_project(session, principal, project_id)  # the public sees a result, but may not act
        raise RuleViolation(UserErrorCode.FORBIDDEN, "project_forbidden", field="input.projectId")
    return awarded


async def pending_disputes(session: AsyncSession, project_id: int) -> int:
    """Objections and complaints still open: while there are any, confirmation is suspended (stand-still)."""
    count = await session.scalar(
        select(func.count())
        .select_from(ProjectEnquiry)
        .where(
            ProjectEnquiry.project_id == project_id,
            ProjectEnquiry.kind.in_([EnquiryKind.OBJECTION.value, EnquiryKind.COMPLAINT.value]),
            ProjectEnquiry.status.in_([status.value for status in PENDING]),
        )
    )
    return count or 0


async def confirm(session: AsyncSession, principal: Principal, project_id: int, now: datetime) -> Project:
    """中选确认 by the owner or the winner after the publicity period; the second one issues the letter."""
    awarded = await load_awarded(session, principal, project_id)
    project, award = awarded.project, awarded.award
    if ProjectStatus(project.status) not in CONFIRMABLE:
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, "award_not_confirmable", field="input.projectId")
    if project.publicity_ends_at is not None and now < project.publicity_ends_at:
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, "publicity_not_over", field="input.projectId")
    if await pending_disputes(session, project.id):
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, "stand_still", field="input.projectId")
    confirmed = {Actor.OWNER: award.owner_confirmed_at, Actor.AGENCY: award.agency_confirmed_at}
    side = side_to_act(awarded.actors(principal), confirmed)
    if side is None:
        raise RuleViolation(UserErrorCode.DUPLICATE, "already_confirmed", field="input.projectId")
    if side is Actor.OWNER:
        award.owner_confirmed_at = now
    else:
        award.agency_confirmed_at = now
    await record_project_event(
        session,
        project,
        ProjectEvent.AWARD_CONFIRMED,
        principal,
        side.value,
        now,
        party=awarded.agency,
        side=side.value,
    )
    if award.owner_confirmed_at and award.agency_confirmed_at:
        await transition(
            session,
            project,
            ProjectAction.CONFIRM,
            principal,
            now,
            winner_organisation_id=awarded.agency.organisation_id,
        )
        await _issue_letter(session, awarded, now)
    return project


async def _issue_letter(session: AsyncSession, awarded: Awarded, now: datetime) -> None:
    project, award, agency = awarded.project, awarded.award, awarded.agency
    owner = await session.get(Organisation, project.owner_organisation_id)
    item = await session.get(ServiceItem, project.service_item_id)
    assert owner is not None and item is not None  # foreign keys
    letter = {
        "type": letters.LETTER_TYPE,
        "version": 1,
        "number": f"ZXQR-{project.code}-{award.id}",
        "project": {
            "code": project.code,
            "title": project.title,
            "investmentProjectCode": project.investment_project_code,
            "regionCode": project.region_code,
        },
        "serviceItem": {"code": item.code, "name": item.name},
        "owner": {"code": owner.code, "name": owner.name},
        "agency": {"creditCode": agency.credit_code, "name": agency.name},
        "selectionMethod": SelectionMethod(project.selection_method).label,
        "announcedAt": letters.iso(project.result_announced_at),
        "publicityEndsAt": letters.iso(project.publicity_ends_at),
        "confirmedAt": {
            "owner": letters.iso(award.owner_confirmed_at),
            "agency": letters.iso(award.agency_confirmed_at),
        },
        "issuedAt": letters.iso(now),
    }
    key = await seal.signing_key(session, now)
    award.letter_document = letters.canonical(letter).decode()
    award.letter_signature = seal.sign(key, letters.canonical(letter))
    award.letter_issued_at = now


async def end_award(
    session: AsyncSession,
    principal: Principal,
    project_id: int,
    reason: str | None,
    action: ProjectAction,
    now: datetime,
) -> Project:
    """The winner withdraws (放弃) or the operator disqualifies it, before the contract: the project
    returns to selection without that agency, the reason on record."""
    awarded = await load_awarded(session, principal, project_id)
    reason = validation.text(reason, "input.reason", 1000)
    role = await transition(
        session,
        awarded.project,
        action,
        principal,
        now,
        comment=reason,
        winner_organisation_id=awarded.agency.organisation_id,
    )
    close_award(awarded, action, role, reason)
    await reopen_selection(session, awarded.project, now)
    return awarded.project


async def reopen_selection(session: AsyncSession, project: Project, now: datetime) -> None:
    """Back in selection without the ended winner: the next-ranked or a new round of a random selection
    (新一轮抽取); with no competitor left, the project fails (流标) and may be published again."""
    await session.flush()
    remaining = await competitors(session, project, now)
    if not remaining:
        await announce_failure(session, project, now, 0)
    elif project.selection_method == SelectionMethod.RANDOM.value:
        await commitments.commit(session, project, remaining, now)


def close_award(awarded: Awarded, action: ProjectAction, role: Actor, reason: str | None) -> None:
    """The award ends as the table has `action` end it; the project keeps no winner."""
    ended = AWARD.target(AwardStatus(awarded.award.status), action, role)
    awarded.award.status, awarded.award.ended_reason = ended.value, reason
    project = awarded.project
    project.selected_agency_id = project.selection_reason = None
    project.result_announced_at = project.publicity_ends_at = None
