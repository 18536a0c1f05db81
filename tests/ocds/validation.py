"""Validating OCDS release packages offline with libcoveocds against the OCDS 1.1.5 schema archive."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from libcoveocds.api import ocds_json_output
from libcoveocds.config import LibCoveOCDSConfig

# `../shared/ocds/` beside the project root, unless ZHONGJIE_TEST_OCDS_STANDARD_ZIP names the archive
STANDARD_ZIP = Path(
    os.environ.get("ZHONGJIE_TEST_OCDS_STANDARD_ZIP")
    or Path(__file__).resolve().parents[3] / "shared" / "ocds" / "ocds-standard-1.1.5.zip"
)
# what a clean package reports: nothing but our open item classification scheme
CLEAN = {
    "validation_errors": [],
    "additional_closed_codelist_values": {},
    "conformance_errors": None,
    "deprecated_fields": [],
    "additional_fields": [],
    "additional_checks": {},
}


def standard_zip() -> Path:
    if not STANDARD_ZIP.exists():
        message = f"the OCDS schema archive is missing: {STANDARD_ZIP}"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return STANDARD_ZIP


def review(package: dict[str, Any], folder: Path) -> dict[str, Any]:
    """What libcoveocds reports on `package`, offline: its schema comes from the archive only."""
    config = LibCoveOCDSConfig({"standard_zip": standard_zip().as_uri(), "context": "api"})
    return ocds_json_output(str(folder), json_data=package, lib_cove_ocds_config=config)


def problems(package: dict[str, Any], folder: Path) -> dict[str, Any]:
    """The parts of the review that must be empty for a clean package (see `CLEAN`)."""
    report = review(package, folder)
    return {key: report.get(key) for key in CLEAN}
