"""Evaluations of services (服务评价): public, the evaluator given only as a kind."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Self

import strawberry

from zhongjie.domain.awards.vocabulary import EvaluatorKind
from zhongjie.models import ServiceEvaluation as EvaluationRow
from zhongjie.schema.enums import labelled

EvaluatorKindEnum = Annotated[
    EvaluatorKind, labelled(EvaluatorKind, name="EvaluatorKind", description="Who evaluated.")
]


@strawberry.type(description="Scores of an evaluation, 1 (poor) to 5 (excellent).")
class EvaluationScores:
    quality: int = strawberry.field(description="Quality (服务质量).")
    timeliness: int = strawberry.field(description="Timeliness (服务时效).")
    attitude: int = strawberry.field(description="Attitude (服务态度).")
    fee_reasonableness: int = strawberry.field(description="Fee reasonableness (收费合理性).")
    standardisation: int = strawberry.field(description="Standardisation (规范性).")


@strawberry.type(description="An evaluation (服务评价): public; who evaluated is given only as a kind.")
class ServiceEvaluation:
    evaluator_kind: EvaluatorKindEnum = strawberry.field(description="Owner or authority.")
    scores: EvaluationScores = strawberry.field(description="The five scores.")
    average: float = strawberry.field(description="Average of the five scores.")
    comment: str | None = strawberry.field(description="Comment (评价意见).")
    created_at: datetime = strawberry.field(description="When.")

    @classmethod
    def from_row(cls, row: EvaluationRow) -> Self:
        scores: dict[str, Any] = row.scores
        return cls(
            evaluator_kind=EvaluatorKind(row.evaluator_kind),
            scores=EvaluationScores(
                quality=scores["quality"],
                timeliness=scores["timeliness"],
                attitude=scores["attitude"],
                fee_reasonableness=scores["feeReasonableness"],
                standardisation=scores["standardisation"],
            ),
            average=round(sum(scores.values()) / len(scores), 2),
            comment=row.comment,
            created_at=row.created_at,
        )
