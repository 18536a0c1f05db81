"""outbox commit numbers: the feed is ordered by the commits of the transactions that wrote events

Positions were (transaction id, event id), read only below the oldest transaction still running on the
whole server, so any long transaction held every push back. Now each transaction that writes events takes
the next number from `outbox_head` just before it commits. Existing events keep their transaction ids as
their numbers and the head starts above them, so the feed keeps its order and cursors stay valid.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 14:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RENAMED = (
    ("domain_events", "transaction_id", "commit_number"),
    ("outbox_cursors", "transaction_id", "commit_number"),
    ("webhook_endpoints", "start_transaction_id", "start_commit_number"),
)


def upgrade() -> None:
    head = op.create_table(
        "outbox_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commit_number", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_head")),
    )
    last = op.get_bind().scalar(sa.text("SELECT coalesce(max(transaction_id), 0) FROM domain_events"))
    op.bulk_insert(head, [{"id": 1, "commit_number": int(last or 0)}])
    for table, old, new in RENAMED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column(old, new_column_name=new, existing_type=sa.BigInteger())
    with op.batch_alter_table("domain_events") as batch_op:
        batch_op.alter_column(
            "commit_number", existing_type=sa.BigInteger(), nullable=True, server_default=None
        )


def downgrade() -> None:
    op.execute("UPDATE domain_events SET commit_number = 0 WHERE commit_number IS NULL")
    with op.batch_alter_table("domain_events") as batch_op:
        batch_op.alter_column(
            "commit_number", existing_type=sa.BigInteger(), nullable=False, server_default=sa.text("0")
        )
    for table, old, new in RENAMED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column(new, new_column_name=old, existing_type=sa.BigInteger())
    op.drop_table("outbox_head")
