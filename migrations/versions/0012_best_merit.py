"""best merit

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-23 16:55:14.507533
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TIMESTAMP = sa.DateTime(timezone=True)

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "merit_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("scorer_user_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("scores", JSON_DOCUMENT, nullable=False),
        sa.Column("scored_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_merit_scores_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_merit_scores_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scorer_user_id"], ["users.id"], name=op.f("fk_merit_scores_scorer_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merit_scores")),
        sa.UniqueConstraint(
            "project_id", "scorer_user_id", "agency_id", name=op.f("uq_merit_scores_project_id")
        ),
    )
    with op.batch_alter_table("merit_scores", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_merit_scores_project_id"), ["project_id"], unique=False)

    op.create_table(
        "project_scorers",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_scorers_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_project_scorers_user_id_users")),
        sa.PrimaryKeyConstraint("project_id", "user_id", name=op.f("pk_project_scorers")),
    )
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.add_column(sa.Column("merit_criteria", JSON_DOCUMENT, nullable=True))
        batch_op.add_column(
            sa.Column("credit_weighted_draw", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("batch_code", sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f("ix_projects_batch_code"), ["batch_code"], unique=False)
    with op.batch_alter_table("selection_draws", schema=None) as batch_op:
        batch_op.add_column(sa.Column("weights", JSON_DOCUMENT, nullable=True))
    with op.batch_alter_table("project_signups", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("member_agency_ids", JSON_DOCUMENT, server_default=sa.text("'[]'"), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("project_signups", schema=None) as batch_op:
        batch_op.drop_column("member_agency_ids")
    with op.batch_alter_table("selection_draws", schema=None) as batch_op:
        batch_op.drop_column("weights")
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_projects_batch_code"))
        batch_op.drop_column("batch_code")
        batch_op.drop_column("credit_weighted_draw")
        batch_op.drop_column("merit_criteria")

    op.drop_table("project_scorers")
    with op.batch_alter_table("merit_scores", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_merit_scores_project_id"))

    op.drop_table("merit_scores")
