"""`zhongjie import catalog` and `zhongjie migrate` as an operator runs them."""

from __future__ import annotations

import csv
import uuid
from pathlib import Path

from tests.commands import database_environment, run_zhongjie
from zhongjie import migrations
from zhongjie.models.database import Database

HEADER = (
    "code,name,service_type,legal_basis,fee_standard,fee_basis,pricing_type,time_limit_days,"
    "qualification_requirements,department,region_code,administrative_matters,active"
)


def catalog_file(folder: Path, *rows: list[str]) -> Path:
    path = folder / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER.split(","))
        writer.writerows(rows)
    return path


def item_row(code: str, time_limit: str = "10") -> list[str]:
    return [
        code,
        "防雷装置检测（测试）",
        "检测",
        "《中华人民共和国气象法》第三十一条",
        "按合同约定",
        "市场调节",
        "市场调节价",
        time_limit,
        "LIGHTNING_PROTECTION:乙级",
        "气象主管机构",
        "440700",
        "440700-XK-9001|防雷装置竣工验收|行政许可|气象主管机构",
        "是",
    ]


async def test_import_prints_counts_and_is_idempotent(database: Database, tmp_path: Path) -> None:
    code = "C" + uuid.uuid4().hex[:8].upper()
    path = catalog_file(tmp_path, item_row(code))

    first = await run_zhongjie("import", "catalog", str(path), env=database_environment(database))
    second = await run_zhongjie("import", "catalog", str(path), env=database_environment(database))

    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "created=1 updated=0 unchanged=0 rejected=0"
    assert second.stdout.strip() == "created=0 updated=0 unchanged=1 rejected=0"


async def test_a_bad_row_fails_the_import_and_names_row_and_reason(
    database: Database, tmp_path: Path
) -> None:
    good, bad = ("C" + uuid.uuid4().hex[:8].upper() for _ in range(2))
    path = catalog_file(tmp_path, item_row(good), item_row(bad, time_limit="three"))

    refused = await run_zhongjie(
        "import", "catalog", str(path), "--lang", "en", env=database_environment(database)
    )
    assert refused.returncode == 1
    assert f"row 3 ({bad}): time_limit_days must be a positive whole number: three" in refused.stderr
    assert "Nothing imported" in refused.stderr

    partial = await run_zhongjie(
        "import", "catalog", str(path), "--skip-invalid", env=database_environment(database)
    )
    assert partial.returncode == 0
    assert partial.stdout.strip() == "created=1 updated=0 unchanged=0 rejected=1"
    assert "time_limit_days 必须是正整数" in partial.stderr


async def test_an_unsupported_file_is_refused_cleanly(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "catalog.pdf"
    path.write_bytes(b"%PDF")
    result = await run_zhongjie(
        "import", "catalog", str(path), "--lang", "en", env=database_environment(database)
    )
    assert result.returncode == 2
    assert "Unsupported file format .pdf" in result.stderr
    assert "Traceback" not in result.stderr


async def test_migrate_brings_an_empty_database_to_head(empty_database: Database) -> None:
    result = await run_zhongjie("migrate", env=database_environment(empty_database))
    assert result.returncode == 0, result.stderr
    assert await migrations.is_at_head(empty_database.engine)
