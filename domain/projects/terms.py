"""A project's terms as its owner states them (`ProjectInput`), and the checks they must pass before an
application is stored: the catalog item and its requirements, the method and the trade mode (交易模式) it
allows, the amounts against the thresholds, merit weights, batch codes, and no wording that shuts agencies
out (地域、所有制限制)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.base.settings import Thresholds
from zhongjie.domain.agencies import validation
from zhongjie.domain.agencies.qualifications import meets_level
from zhongjie.domain.projects.vocabulary import FundingType, MeritCriterion, SelectionMethod, TradeMode
from zhongjie.domain.selection.methods import METHODS
from zhongjie.domain.values import checked_amount
from zhongjie.models import (
    AdministrativeMatter,
    Project,
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


AMOUNT_LIMIT = Decimal("1e12")


def _amount(value: Decimal | None, field: str) -> Decimal:
    if value is None:
        raise RuleViolation(UserErrorCode.REQUIRED, "required", field=field)
    return checked_amount(value, field, below=AMOUNT_LIMIT)


async def checked(session: AsyncSession, data: ProjectInput, thresholds: Thresholds) -> dict[str, Any]:
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
    floor = None if data.price_floor is None else _amount(data.price_floor, "input.priceFloor")
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


async def batch_code(
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
