"""fixed releases: OCDS releases stored as published, events' publication moments, award corrections

Releases used to be rebuilt from the current rows at every request, so a later change (an agency's new
name) rewrote releases already published. Each release is now stored when its event is recorded
(`ocds_releases`), and a harvester's `since` means published since (`domain_events.committed_at`, taken
at numbering; events committed before keep their creation time). Awards keep their corrections (更正).

Releases of stages recorded before this revision are not rebuilt here (the code that builds them is the
application's, not the migration's); `zhongjie ocds publish-missing` stores them once, as they read now.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-08 00:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMP = sa.DateTime(timezone=True)
JSON_DOCUMENT = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.add_column("domain_events", sa.Column("committed_at", TIMESTAMP, nullable=True))
    op.execute("UPDATE domain_events SET committed_at = created_at WHERE commit_number IS NOT NULL")
    op.add_column(
        "project_awards",
        sa.Column("corrections", JSON_DOCUMENT, nullable=False, server_default=sa.text("'[]'")),
    )
    op.create_table(
        "ocds_releases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("ocid", sa.String(length=120), nullable=False),
        sa.Column("release_id", sa.String(length=120), nullable=False),
        sa.Column("released_at", TIMESTAMP, nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["domain_events.id"], name=op.f("fk_ocds_releases_event_id_domain_events")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_ocds_releases_project_id_projects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ocds_releases")),
        sa.UniqueConstraint("event_id", name=op.f("uq_ocds_releases_event_id")),
        sa.UniqueConstraint("release_id", name=op.f("uq_ocds_releases_release_id")),
    )
    op.create_index(op.f("ix_ocds_releases_ocid"), "ocds_releases", ["ocid"])
    op.create_index(op.f("ix_ocds_releases_project_id"), "ocds_releases", ["project_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_ocds_releases_project_id"), table_name="ocds_releases")
    op.drop_index(op.f("ix_ocds_releases_ocid"), table_name="ocds_releases")
    op.drop_table("ocds_releases")
    with op.batch_alter_table("project_awards") as batch:
        batch.drop_column("corrections")
    with op.batch_alter_table("domain_events") as batch:
        batch.drop_column("committed_at")
