"""Inputs and payloads of the project mutations."""

from __future__ import annotations

from decimal import Decimal
from typing import Self

import strawberry

from zhongjie.base.global_ids import key_of
from zhongjie.domain.projects.terms import ProjectInput
from zhongjie.models import Project as ProjectRow
from zhongjie.resolvers.mutations import Outcome
from zhongjie.resolvers.project_mutations import SignupChange
from zhongjie.schema.errors import UserError, user_errors
from zhongjie.schema.project_parts import ProjectSignup
from zhongjie.schema.projects import (
    FundingTypeEnum,
    MeritCriterionEnum,
    Project,
    ProjectReturnReasonEnum,
    SelectionMethodEnum,
    TradeModeEnum,
)

ERRORS = "Refused parts of the input; empty on success."


def project_key(global_id: str) -> int:
    """The project an input's `projectId` names."""
    return key_of(global_id, "Project", "input.projectId")


@strawberry.type(
    description="Result of a project mutation: the project as it is now, or why nothing changed."
)
class ProjectPayload:
    project: Project | None = strawberry.field(description="The project after the change; null when refused.")
    errors: list[UserError] = strawberry.field(description=ERRORS)

    @classmethod
    def of(cls, outcome: Outcome[ProjectRow], language: str) -> Self:
        row = outcome.value
        return cls(
            project=Project.from_row(row) if row is not None else None,
            errors=user_errors(outcome.refusal, language),
        )


@strawberry.type(description="Result of a sign-up or withdrawal.")
class ProjectSignupPayload:
    signup: ProjectSignup | None = strawberry.field(
        description="The sign-up; null when refused or withdrawn."
    )
    project: Project | None = strawberry.field(description="The project.")
    errors: list[UserError] = strawberry.field(description=ERRORS)

    @classmethod
    def of(cls, outcome: Outcome[SignupChange], language: str) -> Self:
        """The sign-up as its agency sees it; none once withdrawn."""
        change = outcome.value
        if change is None:
            return cls(signup=None, project=None, errors=user_errors(outcome.refusal, language))
        project = Project.from_row(change.project)
        signup = change.signup
        shown = None
        if signup.withdrawn_at is None:
            shown = ProjectSignup(
                agency_id=signup.agency_id,
                organisation_id=change.organisation_id,
                project_status=project.status,
                member_ids=list(signup.member_agency_ids or []),
                signed_up_at=signup.signed_up_at,
            )
        return cls(signup=shown, project=project, errors=[])


@strawberry.input(
    description="A qualification requirement: a type the catalog item requires, at most its level."
)
class ProjectRequirementInput:
    qualification_type_code: str = strawberry.field(description="Qualification type code.")
    min_level: str | None = strawberry.field(default=None, description="Lowest accepted level.")


@strawberry.input(description="A criterion of best-merit selection (评审因素) and its weight.")
class MeritCriterionInput:
    criterion: MeritCriterionEnum = strawberry.field(description="The criterion.")
    weight: int = strawberry.field(description="Its weight; the weights of a project sum to 100.")


@strawberry.input(description="A purchase application (采购申请); all fields are checked against the rules.")
class ProjectFields:
    title: str = strawberry.field(description="Title (项目名称).")
    region_code: str = strawberry.field(description="Region of the project (区划代码).")
    service_item_code: str = strawberry.field(
        description="Catalog item purchased; must be on the active list."
    )
    administrative_matter_code: str | None = strawberry.field(default=None, description="Matter it serves.")
    investment_project_code: str | None = strawberry.field(
        default=None, description="Investment project code (投资项目代码), e.g. 2026-370102-48-01-012345."
    )
    funding_type: FundingTypeEnum = strawberry.field(description="Fiscal or social funds.")
    trade_mode: TradeModeEnum = strawberry.field(description="Trade mode.")
    selection_method: SelectionMethodEnum = strawberry.field(description="Selection method.")
    budget: Decimal = strawberry.field(description="Budget in CNY.")
    price_ceiling: Decimal = strawberry.field(description="Price ceiling in CNY, at most the budget.")
    price_floor: Decimal | None = strawberry.field(default=None, description="Price floor in CNY.")
    scope: str = strawberry.field(
        description="Scope and requirements; no restriction by region or ownership."
    )
    requirements: list[ProjectRequirementInput] | None = strawberry.field(
        default=None, description="Qualification requirements; default: the catalog item's."
    )
    time_limit_days: int = strawberry.field(
        description="Service time limit in working days, within the catalog's."
    )
    signup_working_days: int = strawberry.field(
        default=5, description="Sign-up period in working days (3 to 30)."
    )
    recused_credit_codes: list[str] = strawberry.field(
        default_factory=list, description="Agencies that must not take part (回避), by credit code."
    )
    batch_code: str | None = strawberry.field(
        default=None, description="Batch projects (批量): a code shared by projects selected together."
    )
    credit_weighted_draw: bool = strawberry.field(
        default=False,
        description="Random selection only: weight the draw by credit level (A 4, B 3, C 2, D 1).",
    )
    merit_criteria: list[MeritCriterionInput] | None = strawberry.field(
        default=None, description="Best merit only: the published criteria and weights (评审因素及权重)."
    )

    def to_domain(self) -> ProjectInput:
        return ProjectInput(
            title=self.title,
            region_code=self.region_code,
            service_item_code=self.service_item_code,
            administrative_matter_code=self.administrative_matter_code,
            investment_project_code=self.investment_project_code,
            funding_type=self.funding_type,
            trade_mode=self.trade_mode,
            selection_method=self.selection_method,
            budget=self.budget,
            price_ceiling=self.price_ceiling,
            price_floor=self.price_floor,
            scope=self.scope,
            requirements=None
            if self.requirements is None
            else [(r.qualification_type_code, r.min_level) for r in self.requirements],
            time_limit_days=self.time_limit_days,
            signup_working_days=self.signup_working_days,
            recused_credit_codes=list(self.recused_credit_codes),
            credit_weighted_draw=self.credit_weighted_draw,
            batch_code=self.batch_code,
            merit_criteria=None
            if self.merit_criteria is None
            else [(item.criterion, item.weight) for item in self.merit_criteria],
        )


@strawberry.input(description="Create a project as staff of its owner organisation.")
class CreateProjectInput:
    project: ProjectFields = strawberry.field(description="The application.")


@strawberry.input(description="Edit a draft or returned project.")
class UpdateProjectInput:
    project_id: strawberry.ID = strawberry.field(description="The project.")
    project: ProjectFields = strawberry.field(description="The application, whole.")


@strawberry.input(description="An action on one project.")
class ProjectActionInput:
    project_id: strawberry.ID = strawberry.field(description="The project.")
    comment: str | None = strawberry.field(
        default=None, description="Internal comment (operators only see it)."
    )


@strawberry.input(description="Return a purchase application with reasons from the fixed list.")
class ReturnProjectInput:
    project_id: strawberry.ID = strawberry.field(description="The project.")
    reasons: list[ProjectReturnReasonEnum] = strawberry.field(description="At least one reason.")
    comment: str | None = strawberry.field(default=None, description="Internal comment.")


@strawberry.input(description="Sign up for, or withdraw from, a project as staff of an admitted agency.")
class ProjectSignupInput:
    project_id: strawberry.ID = strawberry.field(description="The project.")
    member_credit_codes: list[str] | None = strawberry.field(
        default=None,
        description="Consortium projects (联合体): the other members' credit codes; you sign up as the lead.",
    )


@strawberry.input(description="Direct selection (直接选取): the owner picks an eligible signed-up agency.")
class SelectProjectAgencyInput:
    project_id: strawberry.ID = strawberry.field(description="The project.")
    agency_id: strawberry.ID = strawberry.field(description="The agency, among the eligible sign-ups.")
    reason: str | None = strawberry.field(default=None, description="Why (published with the result).")
