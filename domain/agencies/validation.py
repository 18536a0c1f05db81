"""Checks of agency input at the edge of the domain, each failure naming its field."""

from __future__ import annotations

import re
from datetime import date
from typing import Literal, overload

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.domain.agencies import credit_code
from zhongjie.models import QualificationType, Region

PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,18}[0-9]$")
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[A-Za-z]{2,24}$")
ID_CARD_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CARD_CHECKS = "10X98765432"


@overload
def text(value: str | None, field: str, limit: int, *, required: Literal[True] = True) -> str: ...
@overload
def text(value: str | None, field: str, limit: int, *, required: bool) -> str | None: ...
def text(value: str | None, field: str, limit: int, *, required: bool = True) -> str | None:
    """The trimmed text, None when blank (refused when `required`: then it is never None)."""
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise RuleViolation(UserErrorCode.REQUIRED, "required", field=field)
    if len(cleaned) > limit:
        raise RuleViolation(UserErrorCode.INVALID, "too_long", field=field, maximum=limit)
    return cleaned or None


def valid_credit_code(value: str, field: str = "creditCode") -> str:
    code = credit_code.normalise(value)
    if not credit_code.is_valid(code):
        raise RuleViolation(UserErrorCode.INVALID, "invalid_credit_code", field=field, value=value[:40])
    return code


def phone(value: str | None, field: str, *, required: bool = True) -> str | None:
    cleaned = text(value, field, 32, required=required)
    if cleaned is not None and not PHONE.fullmatch(cleaned):
        raise RuleViolation(UserErrorCode.INVALID, "invalid_phone", field=field, value=cleaned)
    return cleaned


def email(value: str | None, field: str) -> str | None:
    cleaned = text(value, field, 254, required=False)
    if cleaned is not None and not EMAIL.fullmatch(cleaned):
        raise RuleViolation(UserErrorCode.INVALID, "invalid_email", field=field)
    return cleaned


def id_card(value: str, field: str) -> str:
    """A resident ID-card number (GB 11643): 17 digits and a check character."""
    cleaned = value.strip().upper()
    valid = (
        len(cleaned) == 18
        and cleaned[:17].isdigit()
        and ID_CARD_CHECKS[sum(int(d) * w for d, w in zip(cleaned[:17], ID_CARD_WEIGHTS, strict=True)) % 11]
        == cleaned[17]
    )
    if not valid:
        raise RuleViolation(UserErrorCode.INVALID, "invalid_id_card", field=field)
    return cleaned


def validity(valid_from: date, valid_until: date, field: str) -> None:
    if valid_until < valid_from:
        raise RuleViolation(UserErrorCode.INVALID, "invalid_validity", field=field)


async def region(session: AsyncSession, code: str, field: str) -> str:
    if await session.scalar(select(Region.code).where(Region.code == code)) is None:
        raise RuleViolation(UserErrorCode.INVALID, "unknown_region", field=field, value=code[:10])
    return code


async def qualification_type(
    session: AsyncSession, code: str, level: str | None, field: str
) -> QualificationType:
    qualification = await session.get(QualificationType, code)
    if qualification is None:
        raise RuleViolation(UserErrorCode.INVALID, "unknown_qualification_type", field=field, value=code[:40])
    if qualification.levels and level not in qualification.levels:
        raise RuleViolation(UserErrorCode.INVALID, "invalid_level", field=field, type=code, value=level or "")
    return qualification
