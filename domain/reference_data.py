"""Reference data shipped in `data/`: administrative divisions and qualification types.

`zhongjie migrate` syncs them after the schema migrations, idempotently, so a newer
release's files update an existing database.
"""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.models import QualificationType, Region

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def _read(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


async def sync_regions(session: AsyncSession) -> int:
    """Insert or update every region of `data/regions.csv`; returns how many changed."""
    rows = sorted(_read("regions.csv"), key=lambda row: int(row["level"]))
    existing = {region.code: region for region in await session.scalars(select(Region))}
    changed = 0
    for row in rows:
        values = {"name": row["name"], "level": int(row["level"]), "parent_code": row["parent_code"] or None}
        region = existing.get(row["code"])
        if region is None:
            session.add(Region(code=row["code"], **values))
            await session.flush()
        elif any(getattr(region, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(region, key, value)
        else:
            continue
        changed += 1
    return changed


async def sync_qualification_types(session: AsyncSession) -> int:
    """Insert or update every type of `data/qualification_types.csv`; returns how many changed."""
    existing = {qt.code: qt for qt in await session.scalars(select(QualificationType))}
    changed = 0
    for row in _read("qualification_types.csv"):
        levels = [level.strip() for level in row["levels"].split(">") if level.strip()]
        values = {"name": row["name"], "sector": row["sector"], "levels": levels}
        current = existing.get(row["code"])
        if current is None:
            session.add(QualificationType(code=row["code"], **values))
        elif any(getattr(current, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(current, key, value)
        else:
            continue
        changed += 1
    return changed


async def sync_reference_data(session: AsyncSession) -> None:
    await sync_regions(session)
    await sync_qualification_types(session)
