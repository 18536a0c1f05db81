"""Mutation resolvers of credit records and inspections."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy import select

from zhongjie.base.global_ids import key_of
from zhongjie.domain.credit import inspections, records
from zhongjie.domain.credit.inspections import Inspector, PlanInput
from zhongjie.domain.credit.records import CreditFacts
from zhongjie.domain.credit.vocabulary import RecordStatus
from zhongjie.models import Agency as AgencyRow
from zhongjie.models import CreditProfile as ProfileRow
from zhongjie.models import CreditRecord as RecordRow
from zhongjie.models import InspectionPlan as PlanRow
from zhongjie.resolvers.mutations import perform_legacy as perform
from zhongjie.schema import credit_inputs as inputs
from zhongjie.schema.credit import CreditProfile, CreditRecord, InspectionPlan
from zhongjie.schema.credit_inputs import CreditRecordPayload, InspectionPlanPayload


async def _record_payload(info: strawberry.Info, work: Any) -> CreditRecordPayload:
    async def with_profile(session: Any, actor: Any, now: Any) -> tuple[RecordRow, ProfileRow, int | None]:
        record = await work(session, actor, now)
        profile = await session.get(ProfileRow, record.credit_code)
        organisation = await session.scalar(
            select(AgencyRow.organisation_id).where(AgencyRow.credit_code == record.credit_code)
        )
        return record, profile, organisation

    result, errors = await perform(info, with_profile)
    if result is None:
        return CreditRecordPayload(record=None, profile=None, errors=errors)
    record, profile, organisation = result
    return CreditRecordPayload(
        record=CreditRecord.from_row(record, organisation), profile=CreditProfile.from_row(profile), errors=[]
    )


async def record_credit(info: strawberry.Info, input: inputs.RecordCreditInput) -> CreditRecordPayload:
    facts = CreditFacts(
        credit_code=input.credit_code,
        category=input.category,
        severity=input.severity,
        basis=input.basis,
        decision_number=input.decision_number,
        region_code=input.region_code,
        valid_from=input.valid_from,
        valid_until=input.valid_until,
        public=input.public,
    )
    return await _record_payload(info, lambda s, actor, now: records.record_credit(s, actor, facts, now))


def _status_change(to: RecordStatus) -> Any:
    async def resolve(info: strawberry.Info, input: inputs.CreditRecordStatusInput) -> CreditRecordPayload:
        record_id = key_of(input.record_id, "CreditRecord", "input.recordId")
        return await _record_payload(
            info, lambda s, actor, now: records.change_status(s, actor, record_id, to, input.note, now)
        )

    return resolve


repair_credit_record = _status_change(RecordStatus.REPAIRED)
revoke_credit_record = _status_change(RecordStatus.REVOKED)


async def _plan_payload(info: strawberry.Info, work: Any) -> InspectionPlanPayload:
    plan, errors = await perform(info, work)
    return InspectionPlanPayload(
        plan=InspectionPlan.from_row(plan) if isinstance(plan, PlanRow) else None, errors=errors
    )


async def create_inspection_plan(
    info: strawberry.Info, input: inputs.CreateInspectionPlanInput
) -> InspectionPlanPayload:
    data = PlanInput(
        title=input.title,
        region_code=input.region_code,
        base_ratio=input.base_ratio,
        key_multiplier=input.key_supervision_multiplier,
        inspectors_per_target=input.inspectors_per_target,
        inspectors=tuple(
            Inspector(
                i.code.strip()[:40], i.name.strip()[:100], tuple(c[:18] for c in i.linked_credit_codes[:500])
            )
            for i in input.inspectors[:500]
        ),
    )
    return await _plan_payload(info, lambda s, actor, now: inspections.create_plan(s, actor, data, now))


async def draw_inspection_plan(
    info: strawberry.Info, input: inputs.DrawInspectionPlanInput
) -> InspectionPlanPayload:
    plan_id = key_of(input.plan_id, "InspectionPlan", "input.planId")
    return await _plan_payload(
        info, lambda s, actor, now: inspections.draw(s, actor, plan_id, input.witness, now)
    )


async def record_inspection_result(
    info: strawberry.Info, input: inputs.RecordInspectionResultInput
) -> InspectionPlanPayload:
    plan_id = key_of(input.plan_id, "InspectionPlan", "input.planId")
    return await _plan_payload(
        info,
        lambda s, actor, now: inspections.record_result(
            s, actor, plan_id, input.credit_code, input.result, input.findings, input.severity, now
        ),
    )
