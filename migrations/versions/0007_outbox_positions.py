"""outbox positions: transaction ids, aggregate keys and per-aggregate sequences

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 16:05:00
"""

from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EVENTS = sa.table(
    "domain_events",
    sa.column("id", sa.Integer),
    sa.column("aggregate_type", sa.String),
    sa.column("aggregate_id", sa.Integer),
    sa.column("aggregate_key", sa.String),
    sa.column("sequence", sa.Integer),
    sa.column("payload", sa.JSON),
)

# Every insert into the outbox wakes the listening processes when its transaction commits.
NOTIFY_FUNCTION = """
CREATE FUNCTION zhongjie_notify_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('zhongjie_events', '');
    RETURN NULL;
END
$$
"""
NOTIFY_TRIGGER = """
CREATE TRIGGER domain_events_notify AFTER INSERT ON domain_events
FOR EACH STATEMENT EXECUTE FUNCTION zhongjie_notify_events()
"""


def _backfill_keys_and_sequences() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(EVENTS.c.id, EVENTS.c.aggregate_type, EVENTS.c.aggregate_id, EVENTS.c.payload).order_by(
            EVENTS.c.id
        )
    ).all()
    sequences: dict[tuple[str, str], int] = defaultdict(int)
    for event_id, aggregate_type, aggregate_id, payload in rows:
        key = payload.get("creditCode") if aggregate_type == "CreditProfile" else str(aggregate_id)
        sequences[aggregate_type, key] += 1
        connection.execute(
            EVENTS.update()
            .where(EVENTS.c.id == event_id)
            .values(aggregate_key=key, sequence=sequences[aggregate_type, key])
        )


def upgrade() -> None:
    with op.batch_alter_table("domain_events") as batch_op:
        batch_op.add_column(
            sa.Column("transaction_id", sa.BigInteger(), server_default=sa.text("0"), nullable=False)
        )
        batch_op.add_column(sa.Column("aggregate_key", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("sequence", sa.Integer(), nullable=True))
    _backfill_keys_and_sequences()
    with op.batch_alter_table("domain_events") as batch_op:
        batch_op.alter_column("aggregate_key", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("sequence", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_index("ix_domain_events_aggregate_id")
        batch_op.drop_column("aggregate_id")
        batch_op.create_index("ix_domain_events_aggregate_key", ["aggregate_key"], unique=False)
        batch_op.create_index("ix_domain_events_position", ["transaction_id", "id"], unique=False)
        batch_op.create_unique_constraint(
            "uq_domain_events_aggregate_type", ["aggregate_type", "aggregate_key", "sequence"]
        )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(NOTIFY_FUNCTION)
        op.execute(NOTIFY_TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER domain_events_notify ON domain_events")
        op.execute("DROP FUNCTION zhongjie_notify_events()")
    with op.batch_alter_table("domain_events") as batch_op:
        batch_op.add_column(
            sa.Column("aggregate_id", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
    connection = op.get_bind()
    for event_id, key in connection.execute(sa.select(EVENTS.c.id, EVENTS.c.aggregate_key)).all():
        connection.execute(
            EVENTS.update()
            .where(EVENTS.c.id == event_id)
            .values(aggregate_id=int(key) if key.isdigit() else 0)
        )
    with op.batch_alter_table("domain_events") as batch_op:
        batch_op.drop_constraint("uq_domain_events_aggregate_type", type_="unique")
        batch_op.drop_index("ix_domain_events_position")
        batch_op.drop_index("ix_domain_events_aggregate_key")
        batch_op.drop_column("sequence")
        batch_op.drop_column("aggregate_key")
        batch_op.drop_column("transaction_id")
        batch_op.create_index("ix_domain_events_aggregate_id", ["aggregate_id"], unique=False)
