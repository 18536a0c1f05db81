"""The wheel holds every subpackage: pyproject lists packages explicitly (the repository root is `zhongjie`)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOT_SHIPPED = {"tests", "bench"}


def _outside_the_package(parts: tuple[str, ...]) -> bool:
    """Tests, benchmarks, hidden folders (virtual environments) and installed dependencies."""
    return bool(NOT_SHIPPED & set(parts)) or any(
        part.startswith(".") or part in {"node_modules", "site-packages", "build"} for part in parts
    )


def test_every_package_folder_is_listed_in_pyproject() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {
        ".".join(("zhongjie", *init.parent.relative_to(ROOT).parts)).rstrip(".")
        for init in ROOT.rglob("__init__.py")
        if not _outside_the_package(init.relative_to(ROOT).parts)
    }
    assert found == listed
