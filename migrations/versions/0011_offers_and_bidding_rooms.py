"""offers and bidding rooms

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23 16:46:25.486673
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
        "bidding_rooms",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("opens_at", TIMESTAMP, nullable=False),
        sa.Column("rounds", sa.Integer(), nullable=False),
        sa.Column("round_seconds", sa.Integer(), nullable=False),
        sa.Column("closes_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_bidding_rooms_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("project_id", name=op.f("pk_bidding_rooms")),
    )
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
    )
    with op.batch_alter_table("project_offers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_offers_agency_id"), ["agency_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_offers_project_id"), ["project_id"], unique=False)
        batch_op.create_index(
            "uq_project_offers_sealed",
            ["project_id", "agency_id"],
            unique=True,
            postgresql_where=sa.text("round = 0"),
            sqlite_where=sa.text("round = 0"),
        )


def downgrade() -> None:
    with op.batch_alter_table("project_offers", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_project_offers_sealed",
            postgresql_where=sa.text("round = 0"),
            sqlite_where=sa.text("round = 0"),
        )
        batch_op.drop_index(batch_op.f("ix_project_offers_project_id"))
        batch_op.drop_index(batch_op.f("ix_project_offers_agency_id"))

    op.drop_table("project_offers")
    op.drop_table("bidding_rooms")
