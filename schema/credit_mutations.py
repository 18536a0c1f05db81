"""The credit and inspection mutations: decode the input, call the resolver, show the record
(with the recomputed profile) or the plan, or the refusal."""

from __future__ import annotations

from typing import Any

import strawberry

from zhongjie.base.global_ids import key_of
from zhongjie.domain.credit.vocabulary import RecordStatus
from zhongjie.resolvers import credit_mutations as credit
from zhongjie.schema.credit_inputs import (
    CreateInspectionPlanInput,
    CreditRecordPayload,
    CreditRecordStatusInput,
    DrawInspectionPlanInput,
    InspectionPlanPayload,
    RecordCreditInput,
    RecordInspectionResultInput,
)


def _plan_key(global_id: str) -> int:
    return key_of(global_id, "InspectionPlan", "input.planId")


async def record_credit(info: strawberry.Info, input: RecordCreditInput) -> CreditRecordPayload:
    outcome = await credit.record_credit(info, input.to_domain())
    return CreditRecordPayload.of(outcome, info.context.language)


def _status_change(to: RecordStatus) -> Any:
    async def resolve(info: strawberry.Info, input: CreditRecordStatusInput) -> CreditRecordPayload:
        record_id = key_of(input.record_id, "CreditRecord", "input.recordId")
        outcome = await credit.change_record_status(info, record_id, to, input.note)
        return CreditRecordPayload.of(outcome, info.context.language)

    return resolve


repair_credit_record = _status_change(RecordStatus.REPAIRED)
revoke_credit_record = _status_change(RecordStatus.REVOKED)


async def create_inspection_plan(
    info: strawberry.Info, input: CreateInspectionPlanInput
) -> InspectionPlanPayload:
    outcome = await credit.create_inspection_plan(info, input.to_domain())
    return InspectionPlanPayload.of(outcome, info.context.language)


async def draw_inspection_plan(
    info: strawberry.Info, input: DrawInspectionPlanInput
) -> InspectionPlanPayload:
    outcome = await credit.draw_inspection_plan(info, _plan_key(input.plan_id), input.witness)
    return InspectionPlanPayload.of(outcome, info.context.language)


async def record_inspection_result(
    info: strawberry.Info, input: RecordInspectionResultInput
) -> InspectionPlanPayload:
    outcome = await credit.record_inspection_result(
        info, _plan_key(input.plan_id), input.credit_code, input.result, input.findings, input.severity
    )
    return InspectionPlanPayload.of(outcome, info.context.language)
