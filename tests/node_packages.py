"""The npm packages some tests run (the OIDC provider, the GraphQL over HTTP audit, a third-party
WebSocket client): present, or the test is skipped — and fails under CI, which installs them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent


def require_node_package(folder: str, package: str, what: str) -> Path:
    """`tests/<folder>`, once Node.js and its `package` are installed there."""
    where = TESTS / folder
    missing = None
    if shutil.which("node") is None:
        missing = "node is not installed"
    elif not (where / "node_modules" / package).exists():
        missing = f"run `npm ci --prefix tests/{folder}` to install {package}"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{what} is required in CI: {missing}", pytrace=False)
        pytest.skip(missing)
    return where
