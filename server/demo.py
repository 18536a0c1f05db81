"""Demo data: the shipped catalog, loaded through the same importer operators use."""

from __future__ import annotations

from zhongjie.domain.catalog.importer import ChangeAuthor, ImportReport, import_catalog_file
from zhongjie.domain.reference_data import DATA_DIR
from zhongjie.models.database import Database

DEMO_AUTHOR = ChangeAuthor(actor="demo", reason="demo data: shipped catalog (data/catalog.csv)")


async def load_demo_data(database: Database) -> ImportReport:
    return await import_catalog_file(database, DATA_DIR / "catalog.csv", DEMO_AUTHOR)
