"""Importing the catalog: idempotent by code, versioned, all-or-nothing by default; on both backends."""

from __future__ import annotations

import asyncio
import csv
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from zhongjie.base.errors import BadInput
from zhongjie.domain.catalog.importer import ChangeAuthor, import_catalog_file
from zhongjie.models import AdministrativeMatter, ServiceItem, ServiceItemVersion
from zhongjie.models.database import Database

AUTHOR = ChangeAuthor(actor="tester", reason="test import")
COLUMNS = [
    "code",
    "name",
    "service_type",
    "legal_basis",
    "fee_standard",
    "fee_basis",
    "pricing_type",
    "time_limit_days",
    "qualification_requirements",
    "department",
    "region_code",
    "administrative_matters",
    "active",
]


def make_row(code: str, **overrides: Any) -> dict[str, Any]:
    base = {
        "code": code,
        "name": f"测试事项 {code}",
        "service_type": "评估",
        "legal_basis": "《测试条例》第一条",
        "fee_standard": "按合同约定",
        "fee_basis": "市场调节",
        "pricing_type": "市场调节价",
        "time_limit_days": 20,
        "qualification_requirements": "SURVEYING:乙级",
        "department": "测试部门",
        "region_code": "440705",
        "administrative_matters": f"M-{code}|测试事项审批|行政许可|测试部门",
        "active": "是",
    }
    return {**base, **overrides}


def write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def codes(count: int) -> list[str]:
    prefix = "T" + uuid.uuid4().hex[:8].upper()
    return [f"{prefix}-{n}" for n in range(count)]


async def versions_of(database: Database, code: str) -> list[ServiceItemVersion]:
    async with database.session() as session:
        return list(
            await session.scalars(
                select(ServiceItemVersion)
                .join(ServiceItem, ServiceItem.id == ServiceItemVersion.service_item_id)
                .where(ServiceItem.code == code)
                .order_by(ServiceItemVersion.version)
            )
        )


async def count_items(database: Database, item_codes: list[str]) -> int:
    async with database.session() as session:
        return await session.scalar(select(func.count()).where(ServiceItem.code.in_(item_codes)))


async def test_importing_the_same_file_twice_changes_nothing_the_second_time(
    database: Database, tmp_path: Path
) -> None:
    item_codes = codes(3)
    path = write_csv(tmp_path / "catalog.csv", [make_row(code) for code in item_codes])

    first = await import_catalog_file(database, path, AUTHOR)
    second = await import_catalog_file(database, path, AUTHOR)

    assert (first.created, first.updated, first.unchanged, first.rejected) == (3, 0, 0, [])
    assert (second.created, second.updated, second.unchanged, second.rejected) == (0, 0, 3, [])
    assert [v.version for v in await versions_of(database, item_codes[0])] == [1]


async def test_a_changed_row_makes_a_new_version_with_who_why_and_what(
    database: Database, tmp_path: Path
) -> None:
    (code,) = codes(1)
    await import_catalog_file(database, write_csv(tmp_path / "v1.csv", [make_row(code)]), AUTHOR)
    changed = make_row(code, time_limit_days=15, qualification_requirements="SURVEYING:甲级")
    report = await import_catalog_file(
        database, write_csv(tmp_path / "v2.csv", [changed]), ChangeAuthor("operator-1", "时限压缩")
    )

    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    history = await versions_of(database, code)
    assert [v.version for v in history] == [1, 2]
    latest = history[-1]
    assert (latest.changed_by, latest.reason) == ("operator-1", "时限压缩")
    assert latest.changes == [
        {"field": "time_limit_days", "before": 20, "after": 15},
        {
            "field": "qualification_requirements",
            "before": [{"type": "SURVEYING", "min_level": "乙级"}],
            "after": [{"type": "SURVEYING", "min_level": "甲级"}],
        },
    ]
    assert latest.snapshot["time_limit_days"] == 15


async def test_one_bad_row_imports_nothing_and_names_the_row(database: Database, tmp_path: Path) -> None:
    item_codes = codes(3)
    rows = [make_row(item_codes[0]), make_row(item_codes[1], time_limit_days="soon"), make_row(item_codes[2])]
    report = await import_catalog_file(database, write_csv(tmp_path / "bad.csv", rows), AUTHOR)

    assert not report.applied
    assert [(r.row, r.code) for r in report.rejected] == [(3, item_codes[1])]
    assert [(p.field, p.key) for p in report.rejected[0].problems] == [
        ("time_limit_days", "not_positive_integer")
    ]
    assert await count_items(database, item_codes) == 0
    async with database.session() as session:
        matters = await session.scalar(
            select(func.count()).where(AdministrativeMatter.code.in_([f"M-{c}" for c in item_codes]))
        )
    assert matters == 0


async def test_skip_invalid_imports_the_valid_rows(database: Database, tmp_path: Path) -> None:
    item_codes = codes(3)
    rows = [make_row(item_codes[0]), make_row(item_codes[1], region_code="123456"), make_row(item_codes[2])]
    report = await import_catalog_file(
        database, write_csv(tmp_path / "some.csv", rows), AUTHOR, skip_invalid=True
    )

    assert report.applied and report.created == 2 and len(report.rejected) == 1
    assert await count_items(database, item_codes) == 2


async def test_duplicate_codes_in_one_file_are_rejected(database: Database, tmp_path: Path) -> None:
    (code,) = codes(1)
    report = await import_catalog_file(
        database, write_csv(tmp_path / "dup.csv", [make_row(code), make_row(code.lower())]), AUTHOR
    )
    assert [(r.row, [p.key for p in r.problems]) for r in report.rejected] == [(3, ["duplicate_code"])]


async def test_conflicting_matter_definitions_are_rejected(database: Database, tmp_path: Path) -> None:
    first, second = codes(2)
    rows = [
        make_row(first, administrative_matters="M-SHARED|甲事项|行政许可|部门"),
        make_row(second, administrative_matters="M-SHARED|乙事项|行政许可|部门"),
    ]
    report = await import_catalog_file(database, write_csv(tmp_path / "m.csv", rows), AUTHOR)
    assert [[p.key for p in r.problems] for r in report.rejected] == [["conflicting_matter"]]


async def test_json_and_xlsx_exports_import_like_csv(database: Database, tmp_path: Path) -> None:
    json_code, xlsx_code = codes(2)
    json_row = make_row(
        json_code,
        qualification_requirements=[{"type": "SURVEYING", "min_level": "乙级"}],
        administrative_matters=[
            {"code": f"M-{json_code}", "name": "事项", "power_type": "行政许可", "department": "部门"}
        ],
        active=True,
    )
    json_path = tmp_path / "catalog.json"
    json_path.write_text(json.dumps({"items": [json_row]}, ensure_ascii=False), encoding="utf-8")

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    sheet.append([make_row(xlsx_code)[column] for column in COLUMNS])
    xlsx_path = tmp_path / "catalog.xlsx"
    workbook.save(xlsx_path)

    for path in (json_path, xlsx_path):
        first = await import_catalog_file(database, path, AUTHOR)
        again = await import_catalog_file(database, path, AUTHOR)
        assert (first.created, again.unchanged) == (1, 1), path.suffix


async def test_a_row_marked_inactive_retires_the_item(database: Database, tmp_path: Path) -> None:
    (code,) = codes(1)
    await import_catalog_file(database, write_csv(tmp_path / "a.csv", [make_row(code)]), AUTHOR)
    await import_catalog_file(database, write_csv(tmp_path / "b.csv", [make_row(code, active="否")]), AUTHOR)
    history = await versions_of(database, code)
    assert history[-1].changes == [{"field": "active", "before": True, "after": False}]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("catalog.txt", "x"),
        ("catalog.json", "{not json"),
        ("catalog.json", '{"items": 3}'),
        ("catalog.xlsx", "not a zip"),
    ],
)
async def test_unreadable_files_are_refused_with_a_reason(
    database: Database, tmp_path: Path, name: str, content: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BadInput) as raised:
        await import_catalog_file(database, path, AUTHOR)
    assert raised.value.message_key in {"unsupported_format", "unreadable_file"}


async def test_json_entries_that_are_not_objects_are_rejected(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "catalog.json"
    path.write_text('[1, "x"]', encoding="utf-8")
    report = await import_catalog_file(database, path, AUTHOR)
    assert [(r.row, r.problems[0].key) for r in report.rejected] == [
        (1, "not_an_object"),
        (2, "not_an_object"),
    ]


async def test_concurrent_imports_of_the_same_file_neither_lose_nor_duplicate(
    database: Database, tmp_path: Path
) -> None:
    item_codes = codes(5)
    path = write_csv(tmp_path / "same.csv", [make_row(code) for code in item_codes])
    others = [Database.from_url(database.engine.url.render_as_string(hide_password=False)) for _ in range(3)]
    try:
        reports = await asyncio.gather(*(import_catalog_file(other, path, AUTHOR) for other in others))
    finally:
        for other in others:
            await other.dispose()

    assert sum(report.created for report in reports) == 5
    assert sum(report.unchanged for report in reports) == 10
    assert await count_items(database, item_codes) == 5
    assert [v.version for v in await versions_of(database, item_codes[0])] == [1]
