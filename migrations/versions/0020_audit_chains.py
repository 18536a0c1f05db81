"""audit chains: the log becomes sixteen chains side by side, their heads sealed together

Every mutation used to lock the one chain head, so writers waited on one another. A transaction now appends
to its connection's chain (`audit_entries.chain`, positions without gaps on each chain, `id` the log's
order across them), and the timed jobs seal every chain's head into the chain of `audit_seals`. The entries
so far become chain 1, their positions and hashes unchanged (the chain is not part of an entry's hash), so
`zhongjie audit verify` still verifies them.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 19:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMP = sa.DateTime(timezone=True)
JSON_DOCUMENT = sa.JSON().with_variant(JSONB(), "postgresql")
KEPT = (
    "occurred_at",
    "request_id",
    "actor_user_id",
    "actor_roles",
    "action",
    "target",
    "outcome",
    "details",
    "previous_hash",
    "entry_hash",
)
BEFORE = sa.table("audit_entries_before", *(sa.column(name) for name in ("chain", "position", *KEPT)))
ENTRIES = sa.table("audit_entries", *(sa.column(name) for name in ("id", "chain", "position", *KEPT)))


def _entries(table: str, *, chains: bool) -> None:
    keys = (
        [
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("chain", sa.Integer(), nullable=False),
            sa.Column("position", sa.Integer(), nullable=False),
        ]
        if chains
        else [sa.Column("position", sa.Integer(), autoincrement=False, nullable=False)]
    )
    op.create_table(
        table,
        *keys,
        sa.Column("occurred_at", TIMESTAMP, nullable=False),
        sa.Column("request_id", sa.String(length=64), nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("actor_roles", JSON_DOCUMENT, nullable=False),
        sa.Column("action", sa.String(length=80), nullable=False),
        sa.Column("target", sa.String(length=120), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("details", JSON_DOCUMENT, nullable=False),
        sa.Column("previous_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id" if chains else "position", name=op.f("pk_audit_entries")),
        *([sa.UniqueConstraint("chain", "position", name=op.f("uq_audit_entries_chain"))] if chains else []),
    )
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(op.f("ix_audit_entries_action"), ["action"], unique=False)
        batch_op.create_index(op.f("ix_audit_entries_target"), ["target"], unique=False)


def _set_aside() -> None:
    """The current table renamed out of the way, its constraint and index names freed."""
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_index(op.f("ix_audit_entries_target"))
        batch_op.drop_index(op.f("ix_audit_entries_action"))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE audit_entries RENAME CONSTRAINT pk_audit_entries TO pk_audit_entries_before")
    op.rename_table("audit_entries", "audit_entries_before")


def upgrade() -> None:
    _set_aside()
    _entries("audit_entries", chains=True)
    kept = [BEFORE.c[name] for name in KEPT]
    op.execute(
        sa.insert(ENTRIES).from_select(
            ["id", "chain", "position", *KEPT],
            sa.select(BEFORE.c.position, sa.literal(1), BEFORE.c.position, *kept),
        )
    )
    op.drop_table("audit_entries_before")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "SELECT setval(pg_get_serial_sequence('audit_entries', 'id'), "
            "COALESCE((SELECT max(id) FROM audit_entries), 0) + 1, false)"
        )
    op.create_table(
        "audit_seals",
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("sealed_at", TIMESTAMP, nullable=False),
        sa.Column("heads", JSON_DOCUMENT, nullable=False),
        sa.Column("previous_hash", sa.String(length=64), nullable=False),
        sa.Column("seal_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("number", name=op.f("pk_audit_seals")),
    )


def downgrade() -> None:
    """Back to one chain: possible only while the log has just chain 1 (later chains cannot be merged)."""
    op.drop_table("audit_seals")
    _set_aside()
    _entries("audit_entries", chains=False)
    op.execute(
        sa.insert(ENTRIES).from_select(
            ["position", *KEPT],
            sa.select(BEFORE.c.position, *(BEFORE.c[name] for name in KEPT)).where(BEFORE.c.chain == 1),
        )
    )
    op.drop_table("audit_entries_before")
    op.execute("DELETE FROM audit_chain_head WHERE id <> 1")
