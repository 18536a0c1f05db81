"""Validation of catalog rows: raw text fields in, a canonical `ServiceItemRecord` or the
problems that stop it out. Knows nothing of files or databases."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from zhongjie.domain.catalog.vocabulary import LabelledEnum, PowerType, PricingType, ServiceType

CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,39}$")
MATTER_CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{1,63}$")
MAX_TIME_LIMIT_DAYS = 3650
TRUE_WORDS = {"是", "true", "yes", "1", "y", "有效"}
FALSE_WORDS = {"否", "false", "no", "0", "n", "废止", "停用"}
TEXT_LIMITS = {"name": 200, "department": 128}
LIST_FIELDS = ("qualification_requirements", "administrative_matters")

E = TypeVar("E", bound=LabelledEnum)


@dataclass(frozen=True)
class Problem:
    """Why a field of a row is invalid: a message key and its parameters."""

    field: str
    key: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)  # `field` above shadows the bare name


@dataclass(frozen=True)
class MatterRecord:
    code: str
    name: str
    power_type: PowerType
    department: str


@dataclass(frozen=True)
class QualificationRequirementRecord:
    type_code: str
    min_level: str | None


@dataclass(frozen=True)
class ServiceItemRecord:
    code: str
    name: str
    service_type: ServiceType
    legal_basis: str
    fee_standard: str
    fee_basis: str
    pricing_type: PricingType
    time_limit_days: int
    department: str
    region_code: str
    active: bool
    qualification_requirements: tuple[QualificationRequirementRecord, ...]
    matters: tuple[MatterRecord, ...]

    def column_values(self) -> dict[str, Any]:
        """The item's own columns (everything but its code and its lists)."""
        return {
            key: value for key, value in self.snapshot().items() if key not in LIST_FIELDS and key != "code"
        }

    def snapshot(self) -> dict[str, Any]:
        """The item's content as stored in its version history (matters by code)."""
        return {
            "code": self.code,
            "name": self.name,
            "service_type": self.service_type.value,
            "legal_basis": self.legal_basis,
            "fee_standard": self.fee_standard,
            "fee_basis": self.fee_basis,
            "pricing_type": self.pricing_type.value,
            "time_limit_days": self.time_limit_days,
            "department": self.department,
            "region_code": self.region_code,
            "active": self.active,
            "qualification_requirements": [
                {"type": req.type_code, "min_level": req.min_level}
                for req in sorted(self.qualification_requirements, key=lambda r: r.type_code)
            ],
            "administrative_matters": sorted(matter.code for matter in self.matters),
        }


@dataclass(frozen=True)
class CatalogReference:
    """What rows are checked against: known region codes and qualification levels (highest first)."""

    region_codes: frozenset[str]
    qualification_levels: Mapping[str, tuple[str, ...]]


def diff_snapshots(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The fields that differ, in a stable order, each with its old and new value."""
    return [
        {"field": name, "before": before.get(name), "after": after.get(name)}
        for name in after
        if before.get(name) != after.get(name)
    ]


class _RowReader:
    """Reads one raw row field by field, collecting problems instead of stopping at the first."""

    def __init__(self, raw: Mapping[str, Any], reference: CatalogReference) -> None:
        self.raw = raw
        self.reference = reference
        self.problems: list[Problem] = []

    def fail(self, field_name: str, key: str, **params: Any) -> None:
        self.problems.append(Problem(field_name, key, {"field": field_name, **params}))

    def text(self, name: str, *, required: bool = True) -> str:
        value = self.raw.get(name)
        cleaned = "" if value is None else str(value).strip()
        if required and not cleaned:
            self.fail(name, "required")
        limit = TEXT_LIMITS.get(name)
        if limit and len(cleaned) > limit:
            self.fail(name, "too_long", maximum=limit)
        return cleaned

    def code(self) -> str:
        code = self.text("code").upper()
        if code and not CODE_PATTERN.fullmatch(code):
            self.fail("code", "invalid_code")
        return code

    def choice(self, name: str, enum: type[E]) -> E | None:
        text = self.text(name)
        if not text:
            return None
        member = enum.parse(text)
        if member is None:
            choices = "、".join(f"{m.label}({m.value})" for m in enum)
            self.fail(name, "unknown_choice", value=text, choices=choices)
        return member

    def positive_int(self, name: str, maximum: int) -> int:
        text = self.text(name)
        if not text:
            return 0
        whole = re.fullmatch(r"(\d{1,9})(?:\.0+)?", text)  # spreadsheets may give 20.0
        number = int(whole.group(1)) if whole else 0
        if number <= 0:
            self.fail(name, "not_positive_integer", value=text)
        elif number > maximum:
            self.fail(name, "out_of_range", value=text, maximum=maximum)
        return number

    def boolean(self, name: str, default: bool) -> bool:
        value = self.raw.get(name)
        if isinstance(value, bool):
            return value
        text = "" if value is None else str(value).strip().lower()
        if not text:
            return default
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        self.fail(name, "invalid_boolean", value=text)
        return default

    def region(self) -> str:
        code = self.text("region_code")
        if code and code not in self.reference.region_codes:
            self.fail("region_code", "unknown_region", value=code)
        return code

    def qualification_requirements(self) -> tuple[QualificationRequirementRecord, ...]:
        name = "qualification_requirements"
        requirements: dict[str, QualificationRequirementRecord] = {}
        for entry in _entries(self.raw.get(name), ("type", "min_level"), ":"):
            type_code, level = entry[0].upper(), ":".join(entry[1:])
            levels = self.reference.qualification_levels.get(type_code)
            if levels is None:
                self.fail(name, "unknown_qualification_type", value=type_code)
                continue
            if level and level not in levels:
                self.fail(
                    name,
                    "unknown_qualification_level",
                    type=type_code,
                    value=level,
                    choices="、".join(levels),
                )
                continue
            if type_code in requirements:
                self.fail(name, "duplicate_entry", value=type_code)
            requirements[type_code] = QualificationRequirementRecord(type_code, level or None)
        return tuple(requirements.values())

    def matters(self) -> tuple[MatterRecord, ...]:
        name = "administrative_matters"
        matters: dict[str, MatterRecord] = {}
        keys = ("code", "name", "power_type", "department")
        for entry in _entries(self.raw.get(name), keys, "|"):
            code, matter_name, power_text, department = entry[:4]
            power_type = PowerType.parse(power_text) if power_text else None
            well_formed = len(entry) == len(keys) and MATTER_CODE_PATTERN.fullmatch(code)
            if not (well_formed and matter_name and power_type and department):
                self.fail(name, "malformed_matter", value="|".join(entry))
                continue
            if code in matters:
                self.fail(name, "duplicate_entry", value=code)
            matters[code] = MatterRecord(code, matter_name, power_type, department)
        return tuple(matters.values())


def _entries(value: Any, keys: tuple[str, ...], separator: str) -> list[tuple[str, ...]]:
    """List-valued fields: a JSON list of objects or strings, or text with `;` between entries."""
    if value is None:
        return []
    if isinstance(value, list):
        items = value
    else:
        items = [part for part in re.split(r"[;；\n]", str(value)) if part.strip()]
    entries: list[tuple[str, ...]] = []
    for item in items:
        if isinstance(item, Mapping):
            parts = tuple(str(item.get(key) or "").strip() for key in keys)
        else:
            parts = tuple(part.strip() for part in str(item).split(separator))
        entries.append(parts + ("",) * (len(keys) - len(parts)))
    return entries


def parse_row(
    raw: Mapping[str, Any], reference: CatalogReference
) -> tuple[ServiceItemRecord | None, list[Problem]]:
    """Validate one row; a record only when it has no problem at all."""
    reader = _RowReader(raw, reference)  # read in column order, so the problems come in that order
    code, name = reader.code(), reader.text("name")
    service_type = reader.choice("service_type", ServiceType)
    legal_basis, fee_standard = reader.text("legal_basis"), reader.text("fee_standard")
    fee_basis = reader.text("fee_basis")
    pricing_type = reader.choice("pricing_type", PricingType)
    time_limit_days = reader.positive_int("time_limit_days", MAX_TIME_LIMIT_DAYS)
    department, region_code = reader.text("department"), reader.region()
    active = reader.boolean("active", default=True)
    requirements, matters = reader.qualification_requirements(), reader.matters()
    if reader.problems or service_type is None or pricing_type is None:  # no choice without a problem
        return None, reader.problems
    record = ServiceItemRecord(
        code=code,
        name=name,
        service_type=service_type,
        legal_basis=legal_basis,
        fee_standard=fee_standard,
        fee_basis=fee_basis,
        pricing_type=pricing_type,
        time_limit_days=time_limit_days,
        department=department,
        region_code=region_code,
        active=active,
        qualification_requirements=requirements,
        matters=matters,
    )
    return record, []
