"""Double-random inspections (双随机、一公开): an authority's plan draws targets from its sector's agencies
(at a base ratio, multiplied for agencies under key supervision) and inspectors from its pool, with recusal;
the draw record and the results are published, and failed inspections become credit records."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal, Role
from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.base.regions import within_region
from zhongjie.domain import draws
from zhongjie.domain.agencies import validation
from zhongjie.domain.agencies.vocabulary import AgencyStatus, VerificationState
from zhongjie.domain.credit.lifecycle import (
    INSPECTION_PLAN,
    INSPECTION_TARGET,
    InspectionAction,
    InspectionActor,
)
from zhongjie.domain.credit.records import CreditFacts, record_by_platform
from zhongjie.domain.credit.vocabulary import (
    CreditCategory,
    InspectionResult,
    InspectionStatus,
    Restriction,
    Severity,
)
from zhongjie.domain.values import credit_code_key
from zhongjie.models import (
    Agency,
    AgencyQualification,
    CreditProfile,
    InspectionPlan,
    InspectionTarget,
    QualificationType,
)

KEY_STRATUM = frozenset({Restriction.KEY_SUPERVISION.value, Restriction.RESTRICTED.value})
MAX_MULTIPLIER = Decimal(10)
FAILURE_VALIDITY = timedelta(days=365)  # a failed inspection counts for a year


@dataclass(frozen=True)
class Inspector:
    code: str
    name: str
    linked_credit_codes: tuple[str, ...]


@dataclass(frozen=True)
class PlanInput:
    title: str
    region_code: str
    base_ratio: Decimal
    key_multiplier: Decimal
    inspectors_per_target: int
    inspectors: tuple[Inspector, ...]


def _require_authority(actor: Principal, region_code: str) -> str:
    if not actor.has_role(Role.AUTHORITY) or not actor.sector or actor.organisation_id is None:
        raise RuleViolation(UserErrorCode.FORBIDDEN, "forbidden_role")
    if not actor.covers_region(region_code):
        raise RuleViolation(UserErrorCode.FORBIDDEN, "forbidden_region", field="input.regionCode")
    return actor.sector


async def create_plan(
    session: AsyncSession, actor: Principal, data: PlanInput, now: datetime
) -> InspectionPlan:
    """The plan and the commitment to its secret seed, published before anything is drawn."""
    region = await validation.region(session, data.region_code, "input.regionCode")
    sector = _require_authority(actor, region)
    if not (Decimal(0) < data.base_ratio <= 1):
        raise RuleViolation(UserErrorCode.INVALID, "invalid_ratio", field="input.baseRatio", maximum=1)
    if not (Decimal(1) <= data.key_multiplier <= MAX_MULTIPLIER):
        raise RuleViolation(
            UserErrorCode.INVALID,
            "invalid_ratio",
            field="input.keySupervisionMultiplier",
            maximum=MAX_MULTIPLIER,
        )
    codes = [inspector.code for inspector in data.inspectors]
    if (
        data.inspectors_per_target < 2
        or len(set(codes)) != len(codes)
        or len(codes) < data.inspectors_per_target
    ):
        raise RuleViolation(
            UserErrorCode.INVALID,
            "too_few_inspectors",
            field="input.inspectors",
            maximum=max(2, data.inspectors_per_target),
        )
    seed = draws.new_seed()
    plan = InspectionPlan(
        title=validation.text(data.title, "input.title", 200),
        sector=sector,
        region_code=region,
        base_ratio=str(data.base_ratio),
        key_multiplier=str(data.key_multiplier),
        inspectors_per_target=data.inspectors_per_target,
        inspector_pool=[
            {
                "code": i.code,
                "name": i.name,
                "linked": sorted({c.strip().upper() for c in i.linked_credit_codes}),
            }
            for i in data.inspectors
        ],
        authority_organisation_id=actor.organisation_id,
        created_by=actor.user_id,
        status=InspectionStatus.PLANNED.value,
        commitment=draws.commitment(seed),
        secret_seed=seed.hex(),
        created_at=now,
    )
    session.add(plan)
    await session.flush()
    return plan


async def _load(session: AsyncSession, actor: Principal, plan_id: int) -> InspectionPlan:
    plan = await session.scalar(select(InspectionPlan).where(InspectionPlan.id == plan_id).with_for_update())
    if plan is None:
        raise RuleViolation(UserErrorCode.NOT_FOUND, "record_not_found", field="input.planId")
    if actor.sector != plan.sector or actor.organisation_id != plan.authority_organisation_id:
        raise RuleViolation(UserErrorCode.FORBIDDEN, "forbidden_sector", field="input.planId")
    return plan


async def _candidates(session: AsyncSession, plan: InspectionPlan) -> tuple[list[str], list[str]]:
    """The sector's admitted agencies in the plan's region, split into normal and key-supervision strata."""
    rows = await session.execute(
        select(Agency.credit_code, CreditProfile.restriction)
        .outerjoin(CreditProfile, CreditProfile.credit_code == Agency.credit_code)
        .where(
            Agency.status == AgencyStatus.ACTIVE.value,
            Agency.blacklisted.is_(False),
            within_region(Agency.region_code, plan.region_code),
            Agency.id.in_(
                select(AgencyQualification.agency_id)
                .join(
                    QualificationType, QualificationType.code == AgencyQualification.qualification_type_code
                )
                .where(
                    QualificationType.sector == plan.sector,
                    AgencyQualification.verification_state == VerificationState.VERIFIED.value,
                )
            ),
        )
        .order_by(Agency.credit_code)
    )
    normal: list[str] = []
    key: list[str] = []
    for code, restriction in rows:
        (key if restriction in KEY_STRATUM else normal).append(code)
    return normal, key


async def draw(
    session: AsyncSession, actor: Principal, plan_id: int, witness: str, now: datetime
) -> InspectionPlan:
    """Close the candidate list, take the witness's value, draw, reveal the seed and publish the record."""
    plan = await _load(session, actor, plan_id)
    drawn = INSPECTION_PLAN.target(
        InspectionStatus(plan.status), InspectionAction.DRAW, InspectionActor.AUTHORITY
    )
    witness = validation.text(witness, "input.witness", 200) or ""
    normal, key_stratum = await _candidates(session, plan)
    base, multiplier = Decimal(plan.base_ratio), Decimal(plan.key_multiplier)
    strata: list[dict[str, Any]] = [  # as the draw record shows them
        {"name": "normal", "candidates": normal, "ratio": str(base)},
        {
            "name": "key_supervision",
            "candidates": key_stratum,
            "ratio": str(min(Decimal(1), base * multiplier)),
        },
    ]
    digest = draws.candidates_hash(normal + key_stratum)
    seed = bytes.fromhex(plan.secret_seed)
    key = draws.draw_key(seed, digest, witness)
    for stratum in strata:
        stratum["sample_size"] = math.ceil(Decimal(stratum["ratio"]) * len(stratum["candidates"]))
        stratum["picked"] = draws.pick(
            key, f"targets:{stratum['name']}", stratum["candidates"], stratum["sample_size"]
        )
    pool = [{"code": inspector["code"], "linked": inspector["linked"]} for inspector in plan.inspector_pool]
    inspectors: dict[str, list[str]] = {}
    for stratum in strata:
        for target in stratum["picked"]:
            allowed = [inspector["code"] for inspector in pool if target not in inspector["linked"]]
            if len(allowed) < plan.inspectors_per_target:
                raise RuleViolation(
                    UserErrorCode.NOT_ALLOWED,
                    "too_few_inspectors",
                    field="input.planId",
                    maximum=plan.inspectors_per_target,
                )
            inspectors[target] = draws.pick(key, f"inspectors:{target}", allowed, plan.inspectors_per_target)
            session.add(
                InspectionTarget(
                    plan_id=plan.id,
                    credit_code=target,
                    inspectors=inspectors[target],
                    key_supervision=stratum["name"] == "key_supervision",
                )
            )
    plan.draw_record = {
        "algorithm": draws.ALGORITHM,
        "plan": plan.id,
        "commitment": plan.commitment,
        "seed": plan.secret_seed,
        "witness": witness,
        "candidates_hash": digest,
        "strata": strata,
        "inspector_pool": pool,
        "inspectors_per_target": plan.inspectors_per_target,
        "inspectors": inspectors,
        "drawn_at": now.isoformat(),
    }
    plan.status = drawn.value
    plan.drawn_at = now
    await session.flush()
    return plan


async def record_result(
    session: AsyncSession,
    actor: Principal,
    plan_id: int,
    credit_code: str,
    result: InspectionResult,
    findings: str | None,
    severity: Severity,
    now: datetime,
) -> InspectionPlan:
    """Publish a target's result; a failed inspection becomes a bad credit record (source: the platform)."""
    plan = await _load(session, actor, plan_id)
    target = await session.scalar(
        select(InspectionTarget)
        .where(
            InspectionTarget.plan_id == plan.id,
            InspectionTarget.credit_code == credit_code_key(credit_code),
        )
        .with_for_update()
    )
    if target is None:
        raise RuleViolation(UserErrorCode.NOT_FOUND, "not_a_target", field="input.creditCode")
    recorded = InspectionResult(target.result) if target.result is not None else None
    target.result = INSPECTION_TARGET.target(recorded, result, InspectionActor.AUTHORITY).value
    target.findings = validation.text(
        findings, "input.findings", 4000, required=result is InspectionResult.FAILED
    )
    target.recorded_at = now
    if result is InspectionResult.FAILED:
        facts = CreditFacts(
            credit_code=target.credit_code,
            category=CreditCategory.INSPECTION_FAILURE,
            severity=severity,
            basis=f"{plan.title}：{target.findings}",
            decision_number=None,
            region_code=plan.region_code,
            valid_from=now.date(),
            valid_until=now.date() + FAILURE_VALIDITY,
            public=True,
        )
        await record_by_platform(session, facts, f"inspection plan {plan.id}", now)
    return plan
