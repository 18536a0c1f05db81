"""Project operations: the application, its review and publication, sign-ups, the deadline job,
and direct selection. Every transition goes through `TRANSITIONS`, and is recorded."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal, Role
from zhongjie.auth.visibility import VISIBILITY
from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.base.settings import Thresholds
from zhongjie.domain import calendar_store
from zhongjie.domain.agencies import validation
from zhongjie.domain.agencies.access import AGENCY_ROWS
from zhongjie.domain.agencies.qualifications import meets_level
from zhongjie.domain.agencies.vocabulary import AgencyStatus
from zhongjie.domain.awards.vocabulary import AwardStatus
from zhongjie.domain.outbox.record import record_event
from zhongjie.domain.projects import events
from zhongjie.domain.projects.access import PROJECT_ROWS, actors_for
from zhongjie.domain.projects.eligibility import ineligibility
from zhongjie.domain.projects.lifecycle import EDITABLE, TRANSITIONS, Actor
from zhongjie.domain.projects.vocabulary import (
    FundingType,
    MeritCriterion,
    ProjectAction,
    ProjectReturnReason,
    ProjectStatus,
    SelectionMethod,
    TradeMode,
)
from zhongjie.domain.selection.methods import METHODS
from zhongjie.models import (
    AdministrativeMatter,
    Agency,
    Project,
    ProjectAward,
    ProjectHistoryEntry,
    ProjectRecusal,
    ProjectSignup,
    QualificationType,
    ServiceItem,
    ServiceItemQualification,
    service_item_matters,
)

INVESTMENT_CODE = re.compile(r"^\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$")
# wording that would shut agencies out by region or ownership (地域、所有制限制)
RESTRICTIVE_TERMS = (
    "本地注册",
    "本地企业",
    "本市企业",
    "本县企业",
    "本区企业",
    "本地设立",
    "本地分支",
    "限本地",
    "国有企业",
    "国企",
)
CENTS = Decimal("0.01")


@dataclass(frozen=True)
class ProjectInput:
    title: str
    region_code: str
    service_item_code: str
    administrative_matter_code: str | None
    investment_project_code: str | None
    funding_type: FundingType
    trade_mode: TradeMode
    selection_method: SelectionMethod
    budget: Decimal
    price_ceiling: Decimal
    price_floor: Decimal | None
    scope: str
    requirements: list[tuple[str, str | None]] | None
    time_limit_days: int
    signup_working_days: int
    recused_credit_codes: list[str]
    merit_criteria: list[tuple[MeritCriterion, int]] | None = None
    credit_weighted_draw: bool = False
    batch_code: str | None = None


# --- loading and recording ---------------------------------------------------------------------


def _seen_by(actor: Principal) -> Any:
    """Agencies named by credit code: one the caller may not see is not found, like a missing one."""
    return VISIBILITY.row_filter(actor, AGENCY_ROWS)


async def load_project(session: AsyncSession, principal: Principal | None, project_id: int) -> Project:
    """The project, locked; one the caller may not see is reported as absent."""
    project = await session.scalar(select(Project).where(Project.id == project_id).with_for_update())
    if project is None or (
        principal is not None and not VISIBILITY.sees_row(principal, PROJECT_ROWS, project)
    ):
        raise RuleViolation(UserErrorCode.NOT_FOUND, "project_not_found", field="input.projectId")
    return project


async def _record(
    session: AsyncSession,
    project: Project,
    action: ProjectAction,
    actor: Principal | None,
    role: Actor,
    now: datetime,
    before: str | None,
    reasons: list[str] | None = None,
    comment: str | None = None,
    announcement: dict[str, Any] | None = None,
) -> None:
    actor_id = actor.user_id if actor else None
    session.add(
        ProjectHistoryEntry(
            project_id=project.id,
            action=action.value,
            actor_user_id=actor_id,
            actor_role=role.value,
            from_status=before,
            to_status=project.status,
            reasons=reasons or [],
            comment=comment,
            created_at=now,
        )
    )
    await record_event(
        session,
        aggregate_type=events.AGGREGATE,
        aggregate_key=str(project.id),
        event_type=events.EVENT_TYPE_OF_ACTION[action],
        payload={
            "code": project.code,
            "from": before,
            "to": project.status,
            "action": action.value,
            **(announcement or {}),
        },
        actor_user_id=actor_id,
        actor_role=role.value,
        now=now,
    )
    project.updated_at = now


def allowed_role(
    project: Project,
    action: ProjectAction,
    principal: Principal | None,
    winner_organisation_id: int | None = None,
) -> tuple[ProjectStatus, Actor]:
    """The status `action` leads to and the role the caller takes it in, if the table allows it from the
    project's status for one of the caller's roles (`principal` None: the platform itself)."""
    status = ProjectStatus(project.status)
    allowed = TRANSITIONS.get((status, action))
    if allowed is None:
        raise RuleViolation(
            UserErrorCode.NOT_ALLOWED,
            "project_action_not_allowed",
            field="input.projectId",
            status=status.label,
            action=action.label,
        )
    target, permitted = allowed
    acting_as = (
        {Actor.SYSTEM} if principal is None else actors_for(principal, project, winner_organisation_id)
    )
    roles = acting_as & permitted
    if not roles:
        raise RuleViolation(UserErrorCode.FORBIDDEN, "project_forbidden", field="input.projectId")
    return target, sorted(roles)[0]


async def transition(
    session: AsyncSession,
    project: Project,
    action: ProjectAction,
    principal: Principal | None,
    now: datetime,
    *,
    reasons: list[str] | None = None,
    comment: str | None = None,
    winner_organisation_id: int | None = None,
    announcement: dict[str, Any] | None = None,
) -> Actor:
    """Take `action` if the table allows it. A move to a result or a failure carries its `announcement`
    (what subscribers are told), which only `domain.projects.results` makes."""
    target, role = allowed_role(project, action, principal, winner_organisation_id)
    if (target in events.ANNOUNCEMENTS) != (announcement is not None):
        raise TypeError(f"{action.value} to {target.value}: announcements come from domain.projects.results")
    before = project.status
    project.status = target.value
    await _record(session, project, action, principal, role, now, before, reasons, comment, announcement)
    return role


# --- the application ---------------------------------------------------------------------------


def _amount(value: Decimal | None, field: str, *, required: bool = True) -> Decimal | None:
    if value is None:
        if required:
            raise RuleViolation(UserErrorCode.REQUIRED, "required", field=field)
        return None
    if not value.is_finite() or value <= 0 or value != value.quantize(CENTS) or value >= Decimal("1e12"):
        raise RuleViolation(UserErrorCode.INVALID, "invalid_amount", field=field, value=str(value)[:30])
    return value


async def _checked(session: AsyncSession, data: ProjectInput, thresholds: Thresholds) -> dict[str, Any]:
    title = validation.text(data.title, "input.title", 200)
    scope = validation.text(data.scope, "input.scope", 4000)
    for term in RESTRICTIVE_TERMS:
        if term in (scope or "") or term in (title or ""):
            raise RuleViolation(
                UserErrorCode.INVALID, "restrictive_requirement", field="input.scope", value=term
            )
    region = await validation.region(session, data.region_code, "input.regionCode")
    item = await session.scalar(
        select(ServiceItem).where(ServiceItem.code == data.service_item_code.strip().upper()[:40])
    )
    if item is None or not item.active:
        raise RuleViolation(
            UserErrorCode.NOT_ALLOWED,
            "inactive_service_item",
            field="input.serviceItemCode",
            value=data.service_item_code[:40],
        )
    matter_id = await _matter(session, item, data.administrative_matter_code)
    investment = validation.text(
        data.investment_project_code, "input.investmentProjectCode", 32, required=False
    )
    if investment is not None and not INVESTMENT_CODE.fullmatch(investment):
        raise RuleViolation(
            UserErrorCode.INVALID,
            "invalid_investment_code",
            field="input.investmentProjectCode",
            value=investment,
        )
    if data.selection_method not in METHODS:
        raise RuleViolation(
            UserErrorCode.NOT_ALLOWED,
            "selection_method_unavailable",
            field="input.selectionMethod",
            value=data.selection_method.label,
        )
    merit = _merit_criteria(data)
    _trade_mode_fits(data)
    budget = _amount(data.budget, "input.budget")
    ceiling = _amount(data.price_ceiling, "input.priceCeiling")
    floor = _amount(data.price_floor, "input.priceFloor", required=False)
    if ceiling > budget:
        raise RuleViolation(UserErrorCode.INVALID, "ceiling_over_budget", field="input.priceCeiling")
    if floor is not None and floor > ceiling:
        raise RuleViolation(UserErrorCode.INVALID, "floor_over_ceiling", field="input.priceFloor")
    if data.funding_type is FundingType.FISCAL:
        if budget >= thresholds.public_tender:
            raise RuleViolation(
                UserErrorCode.NOT_ALLOWED,
                "fiscal_over_threshold",
                field="input.budget",
                maximum=thresholds.public_tender,
            )
        if data.trade_mode is TradeMode.DIRECT_PURCHASE and budget >= thresholds.small_amount:
            raise RuleViolation(
                UserErrorCode.NOT_ALLOWED,
                "direct_purchase_over_threshold",
                field="input.tradeMode",
                maximum=thresholds.small_amount,
            )
    if not 1 <= data.time_limit_days <= item.time_limit_days:
        raise RuleViolation(
            UserErrorCode.INVALID,
            "time_limit_exceeds_catalog",
            field="input.timeLimitDays",
            maximum=item.time_limit_days,
        )
    if not 3 <= data.signup_working_days <= 30:
        raise RuleViolation(
            UserErrorCode.INVALID,
            "out_of_range",
            field="input.signupWorkingDays",
            value=data.signup_working_days,
            maximum=30,
        )
    return {
        "title": title,
        "scope": scope,
        "region_code": region,
        "service_item_id": item.id,
        "administrative_matter_id": matter_id,
        "investment_project_code": investment,
        "funding_type": data.funding_type.value,
        "trade_mode": data.trade_mode.value,
        "selection_method": data.selection_method.value,
        "budget": budget,
        "price_ceiling": ceiling,
        "price_floor": floor,
        "requirements": await _requirements(session, item, data.requirements),
        "time_limit_days": data.time_limit_days,
        "signup_working_days": data.signup_working_days,
        "merit_criteria": merit,
        "credit_weighted_draw": _weighted(data),
    }


# 交易模式 and the selection they allow: a direct purchase buys from a chosen agency; a reward (奖励) fixes
# the fee, so agencies compete on merit only, never on price
TRADE_MODE_METHODS = {
    TradeMode.DIRECT_PURCHASE: frozenset({SelectionMethod.DIRECT}),
    TradeMode.REWARD: frozenset({SelectionMethod.BEST_MERIT}),
}


def _trade_mode_fits(data: ProjectInput) -> None:
    allowed = TRADE_MODE_METHODS.get(data.trade_mode)
    if allowed is not None and data.selection_method not in allowed:
        raise RuleViolation(
            UserErrorCode.INVALID,
            "method_not_for_trade_mode",
            field="input.selectionMethod",
            value=data.trade_mode.label,
        )
    if data.trade_mode is TradeMode.REWARD:
        if any(criterion is MeritCriterion.PRICE for criterion, _ in data.merit_criteria or []):
            raise RuleViolation(UserErrorCode.INVALID, "reward_without_price", field="input.meritCriteria")
        if data.price_floor is not None or data.price_ceiling != data.budget:
            raise RuleViolation(UserErrorCode.INVALID, "reward_fixed_fee", field="input.priceCeiling")


BATCH_CODE = re.compile(r"^[A-Z0-9-]{4,32}$")


async def _batch_code(
    session: AsyncSession, data: ProjectInput, values: dict[str, Any], owner_id: int, project_id: int | None
) -> str | None:
    """批量: projects of one owner sharing a batch code, for the same item by the same method and funds."""
    code = (data.batch_code or "").strip().upper() or None
    if data.trade_mode is not TradeMode.BATCH:
        if code is not None:
            raise RuleViolation(UserErrorCode.INVALID, "batch_code_not_used", field="input.batchCode")
        return None
    if code is None or not BATCH_CODE.fullmatch(code):
        raise RuleViolation(UserErrorCode.INVALID, "batch_code_invalid", field="input.batchCode")
    others = await session.scalars(
        select(Project).where(Project.batch_code == code, Project.id != (project_id or 0))
    )
    for other in others:
        fits = (
            other.owner_organisation_id == owner_id
            and other.service_item_id == values["service_item_id"]
            and other.selection_method == values["selection_method"]
            and other.funding_type == values["funding_type"]
        )
        if not fits:
            raise RuleViolation(UserErrorCode.INVALID, "batch_mismatch", field="input.batchCode")
    return code


def _weighted(data: ProjectInput) -> bool:
    if data.credit_weighted_draw and data.selection_method is not SelectionMethod.RANDOM:
        raise RuleViolation(UserErrorCode.INVALID, "weighting_random_only", field="input.creditWeightedDraw")
    return data.credit_weighted_draw


def _merit_criteria(data: ProjectInput) -> list[dict[str, Any]] | None:
    """Best merit needs distinct criteria with positive weights summing to 100; other methods take none."""
    if data.selection_method is not SelectionMethod.BEST_MERIT:
        if data.merit_criteria:
            raise RuleViolation(UserErrorCode.INVALID, "merit_not_used", field="input.meritCriteria")
        return None
    criteria = data.merit_criteria or []
    distinct = len({criterion for criterion, _ in criteria}) == len(criteria)
    if not criteria or not distinct or any(weight <= 0 for _, weight in criteria):
        raise RuleViolation(UserErrorCode.INVALID, "merit_weights", field="input.meritCriteria")
    if sum(weight for _, weight in criteria) != 100:
        raise RuleViolation(UserErrorCode.INVALID, "merit_weights", field="input.meritCriteria")
    return [{"criterion": criterion.value, "weight": weight} for criterion, weight in criteria]


async def _matter(session: AsyncSession, item: ServiceItem, code: str | None) -> int | None:
    if not code:
        return None
    matter_id = await session.scalar(
        select(AdministrativeMatter.id)
        .join(service_item_matters, service_item_matters.c.matter_id == AdministrativeMatter.id)
        .where(
            AdministrativeMatter.code == code.strip()[:64], service_item_matters.c.service_item_id == item.id
        )
    )
    if matter_id is None:
        raise RuleViolation(
            UserErrorCode.INVALID, "matter_not_linked", field="input.administrativeMatterCode"
        )
    return matter_id


async def _requirements(
    session: AsyncSession, item: ServiceItem, wanted: list[tuple[str, str | None]] | None
) -> list[dict[str, str | None]]:
    """The project's qualification requirements: the catalog item's, or fewer or lower ones, never more."""
    rows = await session.execute(
        select(ServiceItemQualification, QualificationType.levels)
        .join(QualificationType, QualificationType.code == ServiceItemQualification.qualification_type_code)
        .where(ServiceItemQualification.service_item_id == item.id)
    )
    catalog = {req.qualification_type_code: (req.min_level, levels) for req, levels in rows}
    if wanted is None:
        return [{"type": code, "min_level": level} for code, (level, _) in sorted(catalog.items())]
    result: list[dict[str, str | None]] = []
    for position, (code, level) in enumerate(wanted):
        code = code.strip().upper()
        if any(found["type"] == code for found in result):  # so at most the catalog's few types
            raise RuleViolation(
                UserErrorCode.DUPLICATE,
                "duplicate_entry",
                field=f"input.requirements.{position}",
                value=code[:40],
            )
        if code not in catalog:
            raise RuleViolation(
                UserErrorCode.INVALID,
                "requirement_exceeds_catalog",
                field=f"input.requirements.{position}",
                value=code[:40],
            )
        catalog_level, levels = catalog[code]
        if level is not None and (level not in levels or not meets_level(levels, catalog_level, level)):
            raise RuleViolation(
                UserErrorCode.INVALID,
                "requirement_exceeds_catalog",
                field=f"input.requirements.{position}",
                value=f"{code}:{level}",
            )
        result.append({"type": code, "min_level": level})
    return result


async def _set_recusals(
    session: AsyncSession, actor: Principal, project: Project, credit_codes: list[str]
) -> None:
    await session.execute(ProjectRecusal.__table__.delete().where(ProjectRecusal.project_id == project.id))
    recused: set[int] = set()
    for position, code in enumerate(credit_codes[:200]):
        field = f"input.recusedCreditCodes.{position}"
        agency_id = await session.scalar(
            select(Agency.id).where(Agency.credit_code == code.strip().upper()[:18], _seen_by(actor))
        )
        if agency_id is None:
            raise RuleViolation(UserErrorCode.NOT_FOUND, "agency_not_found", field=field)
        if agency_id in recused:
            raise RuleViolation(UserErrorCode.DUPLICATE, "duplicate_entry", field=field, value=code[:18])
        recused.add(agency_id)
        session.add(ProjectRecusal(project_id=project.id, agency_id=agency_id))


async def create_project(
    session: AsyncSession, actor: Principal, data: ProjectInput, thresholds: Thresholds, now: datetime
) -> Project:
    if not actor.has_role(Role.OWNER) or actor.organisation_id is None:
        raise RuleViolation(UserErrorCode.FORBIDDEN, "owner_required")
    values = await _checked(session, data, thresholds)
    values["batch_code"] = await _batch_code(session, data, values, actor.organisation_id, None)
    project = Project(
        code=f"TMP-{actor.user_id}-{now.timestamp()}",
        owner_organisation_id=actor.organisation_id,
        created_by=actor.user_id,
        status=ProjectStatus.DRAFT.value,
        created_at=now,
        updated_at=now,
        **values,
    )
    session.add(project)
    await session.flush()
    project.code = f"XM{now:%Y}{project.region_code}{project.id:06d}"
    await _set_recusals(session, actor, project, data.recused_credit_codes)
    await _record(session, project, ProjectAction.CREATE, actor, Actor.OWNER, now, None)
    return project


async def edit_project(
    session: AsyncSession,
    actor: Principal,
    project_id: int,
    data: ProjectInput,
    thresholds: Thresholds,
    now: datetime,
) -> Project:
    project = await load_project(session, actor, project_id)
    if Actor.OWNER not in actors_for(actor, project):
        raise RuleViolation(UserErrorCode.FORBIDDEN, "project_forbidden", field="input.projectId")
    if ProjectStatus(project.status) not in EDITABLE:
        raise RuleViolation(
            UserErrorCode.NOT_ALLOWED,
            "project_action_not_allowed",
            field="input.projectId",
            status=ProjectStatus(project.status).label,
            action=ProjectAction.EDIT.label,
        )
    values = await _checked(session, data, thresholds)
    values["batch_code"] = await _batch_code(session, data, values, project.owner_organisation_id, project.id)
    for name, value in values.items():
        setattr(project, name, value)
    await _set_recusals(session, actor, project, data.recused_credit_codes)
    await _record(session, project, ProjectAction.EDIT, actor, Actor.OWNER, now, project.status)
    return project


async def act(
    session: AsyncSession,
    actor: Principal,
    project_id: int,
    action: ProjectAction,
    now: datetime,
    *,
    reasons: list[ProjectReturnReason] | None = None,
    comment: str | None = None,
) -> Project:
    """submit, approve, return, publish, republish or cancel, by the table."""
    project = await load_project(session, actor, project_id)
    if action is ProjectAction.RETURN and not reasons:
        raise RuleViolation(UserErrorCode.REQUIRED, "reasons_required", field="input.reasons")
    if action in {ProjectAction.SUBMIT, ProjectAction.PUBLISH, ProjectAction.REPUBLISH}:
        item = await session.get(ServiceItem, project.service_item_id)
        if item is None or not item.active:
            raise RuleViolation(
                UserErrorCode.NOT_ALLOWED, "inactive_service_item", field="input.projectId", value=""
            )
    await transition(
        session,
        project,
        action,
        actor,
        now,
        reasons=[reason.value for reason in reasons or []],
        comment=comment,
    )
    if action in {ProjectAction.PUBLISH, ProjectAction.REPUBLISH}:
        project.published_at = now
        project.signup_deadline = await calendar_store.deadline(
            session, now, project.signup_working_days, field="input.projectId"
        )
    return project


# --- sign-up -----------------------------------------------------------------------------------


async def _own_agency(session: AsyncSession, actor: Principal) -> Agency:
    if not actor.has_role(Role.AGENCY, Role.AGENCY_ADMIN) or actor.organisation_id is None:
        raise RuleViolation(UserErrorCode.FORBIDDEN, "no_active_agency")
    agency = await session.scalar(
        select(Agency).where(
            Agency.organisation_id == actor.organisation_id, Agency.status == AgencyStatus.ACTIVE.value
        )
    )
    if agency is None:
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, "no_active_agency")
    return agency


def _require_open(project: Project, now: datetime) -> None:
    if (
        project.status != ProjectStatus.PUBLISHED.value
        or project.signup_deadline is None
        or now >= project.signup_deadline
    ):
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, "signup_closed", field="input.projectId")


MAX_CONSORTIUM_MEMBERS = 4


async def _consortium_members(
    session: AsyncSession, actor: Principal, project: Project, lead: Agency, codes: list[str]
) -> list[Agency]:
    """The members a lead names (联合体): only for consortium projects, registered, distinct, not the lead."""
    if not codes:
        if project.trade_mode == TradeMode.CONSORTIUM.value:
            raise RuleViolation(
                UserErrorCode.REQUIRED, "consortium_members_required", field="input.memberCreditCodes"
            )
        return []
    if project.trade_mode != TradeMode.CONSORTIUM.value:
        raise RuleViolation(
            UserErrorCode.INVALID, "not_a_consortium_project", field="input.memberCreditCodes"
        )
    wanted = {code.strip().upper() for code in codes}
    if len(wanted) > MAX_CONSORTIUM_MEMBERS or lead.credit_code in wanted:
        raise RuleViolation(
            UserErrorCode.INVALID, "too_many", field="input.memberCreditCodes", maximum=MAX_CONSORTIUM_MEMBERS
        )
    members = list(
        await session.scalars(select(Agency).where(Agency.credit_code.in_(sorted(wanted)), _seen_by(actor)))
    )
    if len(members) != len(wanted):
        raise RuleViolation(UserErrorCode.NOT_FOUND, "agency_not_found", field="input.memberCreditCodes")
    return sorted(members, key=lambda member: member.credit_code)


async def sign_up(
    session: AsyncSession,
    actor: Principal,
    project_id: int,
    now: datetime,
    member_credit_codes: list[str] | None = None,
) -> ProjectSignup:
    project = await load_project(session, actor, project_id)
    _require_open(project, now)
    agency = await _own_agency(session, actor)
    members = await _consortium_members(session, actor, project, agency, member_credit_codes or [])
    reason = await ineligibility(session, project, agency, now.date(), members)
    if reason is not None:
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, reason, field="input.projectId")
    signup = await session.scalar(
        select(ProjectSignup).where(
            ProjectSignup.project_id == project.id, ProjectSignup.agency_id == agency.id
        )
    )
    if signup is not None and signup.withdrawn_at is None:
        raise RuleViolation(UserErrorCode.DUPLICATE, "already_signed_up", field="input.projectId")
    if signup is None:
        signup = ProjectSignup(
            project_id=project.id,
            agency_id=agency.id,
            signed_up_by=actor.user_id,
            signed_up_at=now,
            member_agency_ids=[member.id for member in members],
        )
        session.add(signup)
        try:
            await session.flush()
        except IntegrityError as error:  # a concurrent sign-up of the same agency won
            raise RuleViolation(
                UserErrorCode.DUPLICATE, "already_signed_up", field="input.projectId"
            ) from error
    else:
        signup.withdrawn_at, signup.signed_up_at, signup.signed_up_by = None, now, actor.user_id
        signup.member_agency_ids = [member.id for member in members]
    await events.record_project_event(
        session, project, events.ProjectEvent.SIGNED_UP, actor, Actor.AGENCY.value, now, party=agency
    )
    return signup


async def withdraw(session: AsyncSession, actor: Principal, project_id: int, now: datetime) -> ProjectSignup:
    project = await load_project(session, actor, project_id)
    _require_open(project, now)
    agency = await _own_agency(session, actor)
    signup = await session.scalar(
        select(ProjectSignup)
        .where(ProjectSignup.project_id == project.id, ProjectSignup.agency_id == agency.id)
        .with_for_update()
    )
    if signup is None or signup.withdrawn_at is not None:
        raise RuleViolation(UserErrorCode.NOT_FOUND, "not_signed_up", field="input.projectId")
    signup.withdrawn_at = now
    await events.record_project_event(
        session, project, events.ProjectEvent.SIGNUP_WITHDRAWN, actor, Actor.AGENCY.value, now, party=agency
    )
    return signup


async def eligible_signups(session: AsyncSession, project: Project, now: datetime) -> list[ProjectSignup]:
    ended_awards = select(ProjectAward.agency_id).where(
        ProjectAward.project_id == project.id, ProjectAward.status != AwardStatus.ACTIVE.value
    )
    signups = list(
        await session.scalars(
            select(ProjectSignup).where(
                ProjectSignup.project_id == project.id,
                ProjectSignup.withdrawn_at.is_(None),
                ProjectSignup.agency_id.not_in(ended_awards),  # a winner that withdrew or was disqualified
            )
        )
    )
    eligible = []
    for signup in signups:
        agency = await session.get(Agency, signup.agency_id)
        members = [await session.get(Agency, member) for member in signup.member_agency_ids or []]
        parties_exist = agency is not None and all(member is not None for member in members)
        if parties_exist and await ineligibility(session, project, agency, now.date(), members) is None:
            eligible.append(signup)
    return eligible
