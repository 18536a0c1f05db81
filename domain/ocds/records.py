"""Records (记录): a project's releases with the compiled release, merged by the OCDS merge routine.

The merge is `ocdsmerge`'s, the implementation the standard's own tools use (ocdskit compiles with it),
over the release schema of OCDS 1.1.5 shipped in `data/`, so the compiled release served here is the
one a harvester compiles from the same releases, and no network is needed to get the merge rules.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import ocdsmerge

from zhongjie.domain.ocds.feed import Record

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "data" / "ocds-release-schema-1.1.5.json"


@cache
def _merger() -> ocdsmerge.Merger:
    return ocdsmerge.Merger(schema=json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


def compiled_release(releases: list[dict[str, Any]]) -> dict[str, Any]:
    """The compiled release (tag `compiled`) of one process's releases, oldest first."""
    compiled: dict[str, Any] = _merger().create_compiled_release(releases)
    return compiled


def record_text(record: Record) -> str:
    """The record as JSON text: its releases as the bytes they were published as, then the compiled one."""
    compiled = compiled_release([json.loads(text) for text in record.releases])
    return (
        f'{{"ocid":{json.dumps(record.ocid, ensure_ascii=False)},'
        f'"releases":[{",".join(record.releases)}],'
        f'"compiledRelease":{json.dumps(compiled, ensure_ascii=False, separators=(",", ":"))}}}'
    )
