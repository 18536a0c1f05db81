"""Inputs and payloads of credit and inspection mutations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Self

import strawberry

from zhongjie.domain.credit.inspections import Inspector, PlanInput
from zhongjie.domain.credit.records import CreditFacts
from zhongjie.domain.credit.vocabulary import Severity
from zhongjie.models import InspectionPlan as PlanRow
from zhongjie.resolvers.credit_mutations import RecordChange
from zhongjie.resolvers.mutations import Outcome
from zhongjie.schema.credit import (
    CreditCategoryEnum,
    CreditProfile,
    CreditRecord,
    InspectionPlan,
    InspectionResultEnum,
    SeverityEnum,
)
from zhongjie.schema.errors import UserError, user_errors

ERRORS = "Refused parts of the input; empty on success."


@strawberry.type(description="Result of a credit-record mutation, with the profile as recomputed.")
class CreditRecordPayload:
    record: CreditRecord | None = strawberry.field(description="The record; null when refused.")
    profile: CreditProfile | None = strawberry.field(description="The recomputed profile.")
    errors: list[UserError] = strawberry.field(description=ERRORS)

    @classmethod
    def of(cls, outcome: Outcome[RecordChange], language: str) -> Self:
        change = outcome.value
        if change is None:
            return cls(record=None, profile=None, errors=user_errors(outcome.refusal, language))
        return cls(
            record=CreditRecord.from_row(change.record, change.organisation_id),
            profile=CreditProfile.from_row(change.profile),
            errors=[],
        )


@strawberry.type(description="Result of an inspection-plan mutation.")
class InspectionPlanPayload:
    plan: InspectionPlan | None = strawberry.field(description="The plan; null when refused.")
    errors: list[UserError] = strawberry.field(description=ERRORS)

    @classmethod
    def of(cls, outcome: Outcome[PlanRow], language: str) -> Self:
        plan = outcome.value
        return cls(
            plan=InspectionPlan.from_row(plan) if plan is not None else None,
            errors=user_errors(outcome.refusal, language),
        )


@strawberry.input(description="Record a credit record (信用记录) as an authority or operator of its region.")
class RecordCreditInput:
    credit_code: str = strawberry.field(description="Unified social credit code.")
    category: CreditCategoryEnum = strawberry.field(description="Category.")
    severity: SeverityEnum = strawberry.field(description="Severity.")
    basis: str = strawberry.field(description="Basis (认定依据).")
    decision_number: str | None = strawberry.field(default=None, description="Decision number.")
    region_code: str = strawberry.field(description="Originating region; yours or below it.")
    valid_from: date = strawberry.field(description="Valid from.")
    valid_until: date | None = strawberry.field(default=None, description="Valid until.")
    public: bool = strawberry.field(default=True, description="Whether it is public.")

    def to_domain(self) -> CreditFacts:
        return CreditFacts(
            credit_code=self.credit_code,
            category=self.category,
            severity=self.severity,
            basis=self.basis,
            decision_number=self.decision_number,
            region_code=self.region_code,
            valid_from=self.valid_from,
            valid_until=self.valid_until,
            public=self.public,
        )


@strawberry.input(description="Repair (信用修复) or revoke a credit record.")
class CreditRecordStatusInput:
    record_id: strawberry.ID = strawberry.field(description="The record.")
    note: str | None = strawberry.field(default=None, description="Why; required for a repair.")


@strawberry.input(description="An inspector of the pool and the agencies he is linked to (recusal, 回避).")
class InspectorInput:
    code: str = strawberry.field(description="Inspector's code (执法证号).")
    name: str = strawberry.field(description="Name.")
    linked_credit_codes: list[str] = strawberry.field(
        default_factory=list, description="Agencies he must not inspect."
    )


@strawberry.input(description="A double-random inspection plan of the caller's sector (authority only).")
class CreateInspectionPlanInput:
    title: str = strawberry.field(description="Title.")
    region_code: str = strawberry.field(description="Region covered; yours or below it.")
    base_ratio: Decimal = strawberry.field(description="Sampling ratio, above 0 and at most 1.")
    key_supervision_multiplier: Decimal = strawberry.field(
        default=Decimal(2), description="Multiplier, 1 to 10."
    )
    inspectors_per_target: int = strawberry.field(default=2, description="Inspectors per target, at least 2.")
    inspectors: list[InspectorInput] = strawberry.field(description="The inspector pool.")

    def to_domain(self) -> PlanInput:
        """The plan; over-long lists and texts are cut to the sizes the domain checks."""
        return PlanInput(
            title=self.title,
            region_code=self.region_code,
            base_ratio=self.base_ratio,
            key_multiplier=self.key_supervision_multiplier,
            inspectors_per_target=self.inspectors_per_target,
            inspectors=tuple(
                Inspector(
                    i.code.strip()[:40],
                    i.name.strip()[:100],
                    tuple(c[:18] for c in i.linked_credit_codes[:500]),
                )
                for i in self.inspectors[:500]
            ),
        )


@strawberry.input(description="Draw a plan with a witness's (or a public beacon's) value.")
class DrawInspectionPlanInput:
    plan_id: strawberry.ID = strawberry.field(description="The plan.")
    witness: str = strawberry.field(description="Public entropy supplied after the candidate list closed.")


@strawberry.input(description="Record and publish the result of one target.")
class RecordInspectionResultInput:
    plan_id: strawberry.ID = strawberry.field(description="The plan.")
    credit_code: str = strawberry.field(description="The target's credit code.")
    result: InspectionResultEnum = strawberry.field(description="Passed or failed.")
    findings: str | None = strawberry.field(default=None, description="Findings; required when failed.")
    severity: SeverityEnum = strawberry.field(default=Severity.GENERAL, description="Severity of a failure.")
