"""Whether an agency may sign up for, or be selected on, a project (报名条件)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.domain.agencies.qualifications import meets_level
from zhongjie.domain.agencies.vocabulary import AgencyStatus, ServiceStatus, VerificationState
from zhongjie.domain.credit.vocabulary import Restriction
from zhongjie.domain.projects.vocabulary import FundingType
from zhongjie.models import (
    Agency,
    AgencyQualification,
    AgencyService,
    CreditProfile,
    Project,
    ProjectRecusal,
    QualificationType,
    ServiceItemQualification,
)


async def ineligibility(
    session: AsyncSession, project: Project, agency: Agency, today: date, members: Sequence[Agency] = ()
) -> str | None:
    """None when eligible; otherwise the message key of the first unmet condition.

    Active agency; offers the item with the service active (which already means every
    qualification the catalog requires is verified and unexpired); meets the project's own
    requirements (never stricter than the catalog's); not on the recusal list; not blacklisted, and
    for fiscal projects not restricted, whatever region the credit records came from.

    A consortium (联合体: `agency` leads, `members` join) is judged as one: every party must be active,
    in good credit and not recused, and together they must hold every qualification the catalog and
    the project require — no single party needs all of them, nor the item on its own list.
    """
    for party in (agency, *members):
        if (reason := await _party_ineligibility(session, project, party)) is not None:
            return reason
    if members:
        needed = await _catalog_requirements(session, project) + list(project.requirements or [])
        if not await _meets_requirements(session, needed, [agency, *members], today):
            return "ineligible_requirements"
        return None
    service = await session.get(AgencyService, (agency.id, project.service_item_id))
    if service is None or service.status != ServiceStatus.ACTIVE.value:
        return "ineligible_service"
    if project.requirements and not await _meets_requirements(session, project.requirements, [agency], today):
        return "ineligible_requirements"
    return None


async def _party_ineligibility(session: AsyncSession, project: Project, agency: Agency) -> str | None:
    if agency.status != AgencyStatus.ACTIVE.value:
        return "ineligible_agency_status"
    restriction, recused = (
        await session.execute(
            select(  # one round trip for both
                select(CreditProfile.restriction)
                .where(CreditProfile.credit_code == agency.credit_code)
                .scalar_subquery(),
                exists().where(
                    ProjectRecusal.project_id == project.id, ProjectRecusal.agency_id == agency.id
                ),
            )
        )
    ).one()
    if restriction == Restriction.BLACKLISTED.value:
        return "ineligible_blacklisted"
    if restriction == Restriction.RESTRICTED.value and project.funding_type == FundingType.FISCAL.value:
        return "ineligible_restricted"
    if recused:
        return "ineligible_recused"
    return None


async def _catalog_requirements(session: AsyncSession, project: Project) -> list[dict[str, Any]]:
    rows = await session.scalars(
        select(ServiceItemQualification).where(
            ServiceItemQualification.service_item_id == project.service_item_id
        )
    )
    return [{"type": row.qualification_type_code, "min_level": row.min_level} for row in rows]


async def _meets_requirements(
    session: AsyncSession, requirements: Sequence[dict[str, Any]], parties: Sequence[Agency], today: date
) -> bool:
    """Every requirement is met by a verified, unexpired qualification of one of `parties`."""
    codes = [requirement["type"] for requirement in requirements]
    held = (  # each qualification with its type's levels, in one statement
        await session.execute(
            select(
                AgencyQualification.qualification_type_code,
                AgencyQualification.level,
                QualificationType.levels,
            )
            .join(QualificationType, QualificationType.code == AgencyQualification.qualification_type_code)
            .where(
                AgencyQualification.agency_id.in_([party.id for party in parties]),
                AgencyQualification.qualification_type_code.in_(codes),
                AgencyQualification.verification_state == VerificationState.VERIFIED.value,
                AgencyQualification.valid_until >= today,
            )
        )
    ).all()
    return all(
        any(
            type_code == requirement["type"] and meets_level(levels, level, requirement.get("min_level"))
            for type_code, level, levels in held
        )
        for requirement in requirements
    )
