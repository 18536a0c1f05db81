"""Questions, objections and complaints (咨询、质疑、投诉).

Questions are public (the asker is not disclosed) and answered by the owner before the sign-up deadline.
Objections (质疑) to a result come from participants within its publicity window and are answered by the
owner; complaints (投诉) go to the operator of the project's region, who upholds or dismisses them. An open
objection or complaint suspends confirmation (stand-still); an upheld complaint disqualifies the winner.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal, Role
from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.domain.agencies import validation
from zhongjie.domain.awards.awards import Awarded, close_award, reopen_selection
from zhongjie.domain.awards.lifecycle import ENQUIRY, SETTLED_BY, EnquiryAction
from zhongjie.domain.awards.vocabulary import AwardStatus, EnquiryKind, EnquiryStatus
from zhongjie.domain.credit.records import CreditFacts, record_by_platform
from zhongjie.domain.credit.vocabulary import CreditCategory, Severity
from zhongjie.domain.projects.access import actors_for
from zhongjie.domain.projects.events import ProjectEvent, record_project_event
from zhongjie.domain.projects.lifecycle import BEFORE_CONTRACT, Actor
from zhongjie.domain.projects.transitions import load_project, transition
from zhongjie.domain.projects.vocabulary import ProjectAction, ProjectStatus
from zhongjie.models import Agency, Project, ProjectAward, ProjectEnquiry, ProjectSignup

MAX_TEXT = 4000


async def _participant(session: AsyncSession, principal: Principal, project: Project) -> Agency | None:
    """The agency that signed up for the project, if the caller is its staff."""
    if not principal.has_role(Role.AGENCY, Role.AGENCY_ADMIN) or principal.organisation_id is None:
        return None
    return await session.scalar(
        select(Agency)
        .join(ProjectSignup, ProjectSignup.agency_id == Agency.id)
        .where(ProjectSignup.project_id == project.id, Agency.organisation_id == principal.organisation_id)
    )


async def _filer(session: AsyncSession, enquiry: ProjectEnquiry) -> Agency | None:
    """The agency that filed an objection or a complaint (a question's asker is never recorded as one)."""
    if enquiry.kind == EnquiryKind.QUESTION.value or enquiry.filed_by_organisation_id is None:
        return None
    return await session.scalar(
        select(Agency).where(Agency.organisation_id == enquiry.filed_by_organisation_id)
    )


FILED = {
    EnquiryKind.QUESTION: ProjectEvent.QUESTION_ASKED,
    EnquiryKind.OBJECTION: ProjectEvent.OBJECTION_FILED,
    EnquiryKind.COMPLAINT: ProjectEvent.COMPLAINT_FILED,
}
ANSWERED = {
    EnquiryKind.QUESTION: ProjectEvent.QUESTION_ANSWERED,
    EnquiryKind.OBJECTION: ProjectEvent.OBJECTION_ANSWERED,
    EnquiryKind.COMPLAINT: ProjectEvent.COMPLAINT_DECIDED,
}


@dataclass(frozen=True)
class FilingRule:
    """Who may file an enquiry of a kind, and while the project is open for it."""

    participants_only: bool
    is_open: Callable[[Project, datetime], bool]
    closed: str  # message key when it is not


def _questions_open(project: Project, now: datetime) -> bool:
    return ProjectStatus(project.status) is ProjectStatus.PUBLISHED and (
        project.signup_deadline is None or now < project.signup_deadline
    )


def _objection_window(project: Project, now: datetime) -> bool:
    return (
        ProjectStatus(project.status) is ProjectStatus.RESULT_ANNOUNCED
        and project.publicity_ends_at is not None
        and now <= project.publicity_ends_at
    )


FILING: dict[EnquiryKind, FilingRule] = {
    EnquiryKind.QUESTION: FilingRule(False, _questions_open, "questions_closed"),
    EnquiryKind.OBJECTION: FilingRule(True, _objection_window, "objection_window_closed"),
    EnquiryKind.COMPLAINT: FilingRule(
        True, lambda project, _now: ProjectStatus(project.status) in BEFORE_CONTRACT, "complaints_closed"
    ),
}


async def file(
    session: AsyncSession,
    principal: Principal,
    project_id: int,
    kind: EnquiryKind,
    content: str,
    now: datetime,
) -> ProjectEnquiry:
    """A question (anyone signed in), an objection or a complaint (participants), while the kind is open."""
    project = await load_project(session, principal, project_id)
    text = validation.text(content, "input.content", MAX_TEXT)
    rule = FILING[kind]
    participant = await _participant(session, principal, project)
    if rule.participants_only and participant is None:
        raise RuleViolation(UserErrorCode.FORBIDDEN, "participants_only", field="input.projectId")
    if not rule.is_open(project, now):
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, rule.closed, field="input.projectId")
    enquiry = ProjectEnquiry(
        project_id=project.id,
        kind=kind.value,
        status=EnquiryStatus.OPEN.value,
        content=text,
        filed_by=principal.user_id,
        filed_by_organisation_id=principal.organisation_id,
        filed_at=now,
    )
    session.add(enquiry)
    await session.flush()
    party = None if kind is EnquiryKind.QUESTION else participant
    await record_project_event(
        session,
        project,
        FILED[kind],
        principal,
        "agency" if party else "user",
        now,
        party=party,
        enquiry=enquiry.id,
    )
    return enquiry


@dataclass(frozen=True)
class Settling:
    """An open enquiry (locked) being settled: its project, the status it goes to, the role that acts."""

    enquiry: ProjectEnquiry
    project: Project
    target: EnquiryStatus
    role: Actor


async def _settling(
    session: AsyncSession, principal: Principal, enquiry_id: int, action: EnquiryAction, forbidden: str
) -> Settling:
    """The enquiry settled by `action`, if it is still open (the table's refusal) and the caller may settle
    an enquiry of its kind so (`forbidden` otherwise)."""
    enquiry = await session.scalar(
        select(ProjectEnquiry).where(ProjectEnquiry.id == enquiry_id).with_for_update()
    )
    if enquiry is None:
        raise RuleViolation(UserErrorCode.NOT_FOUND, "record_not_found", field="input.enquiryId")
    project = await session.scalar(select(Project).where(Project.id == enquiry.project_id).with_for_update())
    assert project is not None  # a foreign key
    settled_so = action in SETTLED_BY[EnquiryKind(enquiry.kind)]
    target, role = ENQUIRY.actor(
        EnquiryStatus(enquiry.status),
        action,
        actors_for(principal, project) if settled_so else (),
        lambda: RuleViolation(UserErrorCode.FORBIDDEN, forbidden, field="input.enquiryId"),
    )
    return Settling(enquiry, project, target, role)


async def _settle(
    session: AsyncSession, principal: Principal, settling: Settling, text: str | None, now: datetime
) -> None:
    """The one recording step of a settlement: the answer or decision, the status, the event."""
    enquiry = settling.enquiry
    enquiry.answer, enquiry.answered_by, enquiry.answered_at = text, principal.user_id, now
    enquiry.status = settling.target.value
    await record_project_event(
        session,
        settling.project,
        ANSWERED[EnquiryKind(enquiry.kind)],
        principal,
        settling.role.value,
        now,
        party=await _filer(session, enquiry),
        enquiry=enquiry.id,
    )


async def answer(
    session: AsyncSession, principal: Principal, enquiry_id: int, text: str, now: datetime
) -> ProjectEnquiry:
    """The owner answers a question (before the sign-up deadline) or an objection."""
    settling = await _settling(session, principal, enquiry_id, EnquiryAction.ANSWER, "owner_answers")
    enquiry, project = settling.enquiry, settling.project
    if (
        enquiry.kind == EnquiryKind.QUESTION.value
        and project.signup_deadline
        and now >= project.signup_deadline
    ):
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, "questions_closed", field="input.enquiryId")
    await _settle(session, principal, settling, validation.text(text, "input.answer", MAX_TEXT), now)
    return enquiry


async def decide_complaint(
    session: AsyncSession, principal: Principal, enquiry_id: int, upheld: bool, text: str, now: datetime
) -> ProjectEnquiry:
    """The operator's decision; an upheld complaint disqualifies the winner and is recorded in its credit."""
    action = EnquiryAction.UPHOLD if upheld else EnquiryAction.DISMISS
    settling = await _settling(session, principal, enquiry_id, action, "operator_decides")
    enquiry, project = settling.enquiry, settling.project
    await _settle(session, principal, settling, validation.text(text, "input.decision", MAX_TEXT), now)
    award = await session.scalar(
        select(ProjectAward).where(
            ProjectAward.project_id == project.id, ProjectAward.status == AwardStatus.ACTIVE.value
        )
    )
    if upheld and award is not None and ProjectStatus(project.status) in BEFORE_CONTRACT:
        agency = await session.get(Agency, award.agency_id)
        assert agency is not None  # a foreign key
        disqualify = ProjectAction.DISQUALIFY
        role = await transition(session, project, disqualify, principal, now, comment=enquiry.answer)
        close_award(Awarded(project, award, agency), disqualify, role, enquiry.answer)
        await reopen_selection(session, project, now)
        facts = CreditFacts(
            credit_code=agency.credit_code,
            category=CreditCategory.UPHELD_COMPLAINT,
            severity=Severity.GENERAL,
            basis=f"项目 {project.code} 投诉查实：{enquiry.answer}"[:2000],
            decision_number=None,
            region_code=project.region_code,
            valid_from=now.date(),
            valid_until=None,
            public=True,
        )
        await record_by_platform(session, facts, f"complaint {enquiry.id} on project {project.code}", now)
    return enquiry
