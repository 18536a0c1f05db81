"""sealed offers

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23 16:44:09.851847
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

TIMESTAMP = sa.DateTime(timezone=True)


revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "project_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("price", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("submitted_by", sa.Integer(), nullable=False),
        sa.Column("submitted_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_project_offers_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_offers_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by"], ["users.id"], name=op.f("fk_project_offers_submitted_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_offers")),
        sa.UniqueConstraint("project_id", "agency_id", "round", name=op.f("uq_project_offers_project_id")),
    )
    with op.batch_alter_table("project_offers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_offers_agency_id"), ["agency_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_offers_project_id"), ["project_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("project_offers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_offers_project_id"))
        batch_op.drop_index(batch_op.f("ix_project_offers_agency_id"))

    op.drop_table("project_offers")
