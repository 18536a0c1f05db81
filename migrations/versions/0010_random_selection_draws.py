"""random selection draws

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 16:33:18.351632
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TIMESTAMP = sa.DateTime(timezone=True)

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "selection_draws",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("secret_seed", sa.String(length=64), nullable=False),
        sa.Column("commitment", sa.String(length=64), nullable=False),
        sa.Column("candidates", JSON_DOCUMENT, nullable=False),
        sa.Column("candidates_hash", sa.String(length=64), nullable=False),
        sa.Column("committed_at", TIMESTAMP, nullable=False),
        sa.Column("record", JSON_DOCUMENT, nullable=True),
        sa.Column("drawn_at", TIMESTAMP, nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_selection_draws_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_selection_draws")),
        sa.UniqueConstraint("project_id", "round", name=op.f("uq_selection_draws_project_id")),
    )
    with op.batch_alter_table("selection_draws", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_selection_draws_project_id"), ["project_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("selection_draws", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_selection_draws_project_id"))

    op.drop_table("selection_draws")
