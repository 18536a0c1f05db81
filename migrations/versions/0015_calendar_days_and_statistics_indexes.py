"""calendar days for working-day statistics; indexes for statistics and the OCDS feed

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 08:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "calendar_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("working", sa.Boolean(), nullable=False),
        sa.Column("working_ordinal", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_calendar_days")),
    )
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_projects_selected_agency_id"), ["selected_agency_id"], unique=False
        )
    with op.batch_alter_table("domain_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_domain_events_created_at"), ["created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("domain_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_domain_events_created_at"))
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_projects_selected_agency_id"))
    op.drop_table("calendar_days")
