"""Row validation of the catalog import, without a database."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhongjie.domain.catalog.records import CatalogReference, ServiceItemRecord, diff_snapshots, parse_row
from zhongjie.domain.catalog.vocabulary import PowerType, PricingType, ServiceType

REFERENCE = CatalogReference(
    region_codes=frozenset({"370000", "440000", "440705"}),
    qualification_levels={"SURVEYING": ("甲级", "乙级"), "FIRE_TECHNICAL": ()},
)


def row(**overrides: Any) -> dict[str, Any]:
    base = {
        "code": "ZJ-T-001",
        "name": "房产测绘",
        "service_type": "技术审查",
        "legal_basis": "《中华人民共和国测绘法》",
        "fee_standard": "按建筑面积计费",
        "fee_basis": "省物价局通知",
        "pricing_type": "政府指导价",
        "time_limit_days": "10",
        "qualification_requirements": "SURVEYING:乙级",
        "department": "自然资源部门",
        "region_code": "370000",
        "administrative_matters": "370000-QR-0305|不动产登记|行政确认|自然资源部门",
        "active": "是",
    }
    return {**base, **overrides}


def test_a_complete_row_becomes_a_record() -> None:
    record, problems = parse_row(row(), REFERENCE)
    assert problems == []
    assert isinstance(record, ServiceItemRecord)
    assert record.service_type is ServiceType.TECHNICAL_REVIEW
    assert record.pricing_type is PricingType.GOVERNMENT_GUIDED
    assert record.time_limit_days == 10
    assert record.qualification_requirements[0].min_level == "乙级"
    assert record.matters[0].power_type is PowerType.CONFIRMATION


def test_english_keys_and_json_lists_are_accepted() -> None:
    record, problems = parse_row(
        row(
            service_type="technical_review",
            pricing_type="MARKET_REGULATED",
            active=True,
            qualification_requirements=[{"type": "FIRE_TECHNICAL"}],
            administrative_matters=[
                {"code": "M-1", "name": "建设工程消防验收", "power_type": "LICENSING", "department": "住建"}
            ],
        ),
        REFERENCE,
    )
    assert problems == []
    assert record is not None
    assert record.qualification_requirements[0].min_level is None


@pytest.mark.parametrize(
    ("overrides", "field", "key"),
    [
        ({"code": ""}, "code", "required"),
        ({"code": "zj 001!"}, "code", "invalid_code"),
        ({"name": "  "}, "name", "required"),
        ({"name": "名" * 201}, "name", "too_long"),
        ({"service_type": "估价"}, "service_type", "unknown_choice"),
        ({"pricing_type": "免费"}, "pricing_type", "unknown_choice"),
        ({"time_limit_days": "0"}, "time_limit_days", "not_positive_integer"),
        ({"time_limit_days": "-3"}, "time_limit_days", "not_positive_integer"),
        ({"time_limit_days": "ten"}, "time_limit_days", "not_positive_integer"),
        ({"time_limit_days": "99999"}, "time_limit_days", "out_of_range"),
        ({"region_code": "999999"}, "region_code", "unknown_region"),
        ({"qualification_requirements": "NOPE"}, "qualification_requirements", "unknown_qualification_type"),
        (
            {"qualification_requirements": "SURVEYING:丙级"},
            "qualification_requirements",
            "unknown_qualification_level",
        ),
        (
            {"qualification_requirements": "SURVEYING;SURVEYING"},
            "qualification_requirements",
            "duplicate_entry",
        ),
        ({"administrative_matters": "M-1|名称"}, "administrative_matters", "malformed_matter"),
        ({"administrative_matters": "M-1|名称|行政审批|部门"}, "administrative_matters", "malformed_matter"),
        (
            {"administrative_matters": "M-1|名称|行政许可|部门|多余"},
            "administrative_matters",
            "malformed_matter",
        ),
        ({"active": "maybe"}, "active", "invalid_boolean"),
    ],
)
def test_each_invalid_field_is_named_with_its_reason(overrides: dict[str, Any], field: str, key: str) -> None:
    record, problems = parse_row(row(**overrides), REFERENCE)
    assert record is None
    assert [(p.field, p.key) for p in problems] == [(field, key)]


def test_all_problems_of_a_row_are_reported_at_once() -> None:
    _, problems = parse_row(row(name="", time_limit_days="x", region_code="000001"), REFERENCE)
    assert {p.field for p in problems} == {"name", "time_limit_days", "region_code"}


def test_snapshot_is_independent_of_list_order() -> None:
    forward, _ = parse_row(row(qualification_requirements="SURVEYING;FIRE_TECHNICAL"), REFERENCE)
    backward, _ = parse_row(row(qualification_requirements="FIRE_TECHNICAL;SURVEYING"), REFERENCE)
    assert forward is not None and backward is not None
    assert forward.snapshot() == backward.snapshot()


json_values = st.one_of(
    st.none(), st.integers(), st.text(alphabet="ab中文", max_size=5), st.lists(st.integers(), max_size=3)
)


@given(
    st.dictionaries(st.sampled_from("abcdef"), json_values),
    st.dictionaries(st.sampled_from("abcdef"), json_values),
)
def test_diff_lists_exactly_the_changed_fields(before: dict[str, Any], after: dict[str, Any]) -> None:
    changes = diff_snapshots(before, after)
    changed = {change["field"] for change in changes}
    assert changed == {key for key in after if before.get(key) != after[key]}
    for change in changes:
        assert change["before"] == before.get(change["field"])
        assert change["after"] == after[change["field"]]
