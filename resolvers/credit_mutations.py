"""Mutations of credit records and inspections: the domain rule in `perform`'s transaction,
answered with the rows."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal
from zhongjie.domain.credit import inspections, records
from zhongjie.domain.credit.inspections import PlanInput
from zhongjie.domain.credit.records import CreditFacts
from zhongjie.domain.credit.vocabulary import InspectionResult, RecordStatus, Severity
from zhongjie.models import Agency as AgencyRow
from zhongjie.models import CreditProfile as ProfileRow
from zhongjie.models import CreditRecord as RecordRow
from zhongjie.models import InspectionPlan as PlanRow
from zhongjie.resolvers.mutations import Outcome, perform


@dataclass(frozen=True)
class RecordChange:
    """A credit record, its agency's profile as recomputed, and the agency's organisation if known."""

    record: RecordRow
    profile: ProfileRow
    organisation_id: int | None


async def _with_profile(
    info: strawberry.Info, work: Callable[[AsyncSession, Principal, datetime], Awaitable[RecordRow]]
) -> Outcome[RecordChange]:
    async def with_profile(session: AsyncSession, actor: Principal, now: datetime) -> RecordChange:
        record = await work(session, actor, now)
        profile = await session.get_one(ProfileRow, record.credit_code)
        organisation = await session.scalar(
            select(AgencyRow.organisation_id).where(AgencyRow.credit_code == record.credit_code)
        )
        return RecordChange(record, profile, organisation)

    return await perform(info, with_profile)


async def record_credit(info: strawberry.Info, facts: CreditFacts) -> Outcome[RecordChange]:
    return await _with_profile(info, lambda s, actor, now: records.record_credit(s, actor, facts, now))


async def change_record_status(
    info: strawberry.Info, record_id: int, to: RecordStatus, note: str | None
) -> Outcome[RecordChange]:
    """Repair or revoke a record."""
    return await _with_profile(
        info, lambda s, actor, now: records.change_status(s, actor, record_id, to, note, now)
    )


async def create_inspection_plan(info: strawberry.Info, data: PlanInput) -> Outcome[PlanRow]:
    return await perform(info, lambda s, actor, now: inspections.create_plan(s, actor, data, now))


async def draw_inspection_plan(info: strawberry.Info, plan_id: int, witness: str) -> Outcome[PlanRow]:
    return await perform(info, lambda s, actor, now: inspections.draw(s, actor, plan_id, witness, now))


async def record_inspection_result(
    info: strawberry.Info,
    plan_id: int,
    credit_code: str,
    result: InspectionResult,
    findings: str | None,
    severity: Severity,
) -> Outcome[PlanRow]:
    return await perform(
        info,
        lambda s, actor, now: inspections.record_result(
            s, actor, plan_id, credit_code, result, findings, severity, now
        ),
    )
