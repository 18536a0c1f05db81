"""Reading exports of other government systems (catalog, credit): CSV, XLSX or JSON.

Each reader yields `(row_number, fields)`; row numbers are what a person sees in the
file (spreadsheet rows counting the header as row 1, JSON entries from 1).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from zhongjie.base.errors import BadInput

RawRow = tuple[int, Any]


def read_rows(path: Path) -> list[RawRow]:
    readers = {".csv": _read_csv, ".xlsx": _read_xlsx, ".json": _read_json}
    reader = readers.get(path.suffix.lower())
    if reader is None:
        raise BadInput("unsupported_format", value=path.suffix or path.name)
    try:
        return list(reader(path))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, csv.Error) as error:
        raise BadInput("unreadable_file", detail=str(error)) from error


def _read_csv(path: Path) -> Iterator[RawRow]:
    text = path.read_text(encoding="utf-8-sig")
    for number, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        if any((value or "").strip() for value in row.values() if isinstance(value, str)):
            yield number, {(key or "").strip(): value for key, value in row.items()}


def _read_xlsx(path: Path) -> Iterator[RawRow]:
    from openpyxl import load_workbook  # imported here: only XLSX imports need it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException) as error:
        raise ValueError(f"not an XLSX workbook: {error}") from error
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = [str(cell or "").strip() for cell in next(rows, ())]
        for number, cells in enumerate(rows, start=2):
            if any(cell not in (None, "") for cell in cells):
                yield number, dict(zip(header, cells, strict=False))
    finally:
        workbook.close()


def _read_json(path: Path) -> Iterator[RawRow]:
    document = json.loads(path.read_text(encoding="utf-8-sig"))
    entries = document.get("items") if isinstance(document, dict) else document
    if not isinstance(entries, list):
        raise ValueError("expected a JSON array of items, or an object with an `items` array")
    yield from enumerate(entries, start=1)
