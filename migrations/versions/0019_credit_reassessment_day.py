"""credit profiles: the day they are assessed again

A record valid from a later day used to count only once something else recomputed its profile.
`reassess_on` names the next day a record starts or stops counting; the timed jobs assess the
profile again on that day. Every existing profile is due today, so the first round sets it.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 18:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("credit_profiles") as batch_op:
        batch_op.add_column(sa.Column("reassess_on", sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f("ix_credit_profiles_reassess_on"), ["reassess_on"], unique=False)
    op.execute(sa.text("UPDATE credit_profiles SET reassess_on = CURRENT_DATE"))


def downgrade() -> None:
    with op.batch_alter_table("credit_profiles") as batch_op:
        batch_op.drop_index(batch_op.f("ix_credit_profiles_reassess_on"))
        batch_op.drop_column("reassess_on")
