"""calendar years: which years the working-day calendar knows, official or provisional, from where

A year without an arrangement used to count Monday to Friday. Now the calendar knows its years: the shipped
ones (official back to 2015, provisional ahead), and those an operator imports from the State Council's
notice (`zhongjie import holidays`); `calendar_days` names each holiday and make-up workday. `zhongjie
migrate` fills both after this revision.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01 20:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "calendar_years",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("provisional", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_calendar_years")),
    )
    with op.batch_alter_table("calendar_days") as batch_op:
        batch_op.add_column(sa.Column("name", sa.String(length=60), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("calendar_days") as batch_op:
        batch_op.drop_column("name")
    op.drop_table("calendar_years")
