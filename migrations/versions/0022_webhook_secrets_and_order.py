"""webhook secrets and order: every secret retired within the grace period signs, ordered endpoints

A rotation kept one previous secret, so a second rotation within the grace period revoked the first at
once. `retired_secrets` keeps each replaced secret with the end of its own grace; an endpoint's one
previous secret becomes its only entry. `ordered` endpoints receive one delivery at a time, in feed order
(existing endpoints stay concurrent). Going down keeps the retired secret whose grace ends last.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-08 10:00:00.000000
"""

import json
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMP = sa.DateTime(timezone=True)
JSON_DOCUMENT = sa.JSON().with_variant(JSONB(), "postgresql")
ENDPOINTS = sa.table(
    "webhook_endpoints",
    sa.column("id", sa.Integer()),
    sa.column("previous_secret", sa.String()),
    sa.column("previous_secret_expires_at", TIMESTAMP),
    sa.column("retired_secrets", JSON_DOCUMENT),
)


def _aware(moment: datetime) -> datetime:
    """SQLite gives back the naive UTC it stores."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def upgrade() -> None:
    with op.batch_alter_table("webhook_endpoints") as batch:
        batch.add_column(
            sa.Column("retired_secrets", JSON_DOCUMENT, nullable=False, server_default=sa.text("'[]'"))
        )
        batch.add_column(sa.Column("ordered", sa.Boolean(), nullable=False, server_default=sa.false()))
    connection = op.get_bind()
    rotated = connection.execute(
        sa.select(ENDPOINTS.c.id, ENDPOINTS.c.previous_secret, ENDPOINTS.c.previous_secret_expires_at).where(
            ENDPOINTS.c.previous_secret.is_not(None), ENDPOINTS.c.previous_secret_expires_at.is_not(None)
        )
    ).all()
    for endpoint_id, secret, expires_at in rotated:
        retired = [{"secret": secret, "expiresAt": _aware(expires_at).isoformat()}]
        connection.execute(
            ENDPOINTS.update().where(ENDPOINTS.c.id == endpoint_id).values(retired_secrets=retired)
        )
    with op.batch_alter_table("webhook_endpoints") as batch:
        batch.drop_column("previous_secret_expires_at")
        batch.drop_column("previous_secret")


def downgrade() -> None:
    with op.batch_alter_table("webhook_endpoints") as batch:
        batch.add_column(sa.Column("previous_secret", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("previous_secret_expires_at", TIMESTAMP, nullable=True))
    connection = op.get_bind()
    for endpoint_id, retired in connection.execute(sa.select(ENDPOINTS.c.id, ENDPOINTS.c.retired_secrets)):
        entries = json.loads(retired) if isinstance(retired, str) else retired
        if entries:
            last = max(entries, key=lambda entry: datetime.fromisoformat(entry["expiresAt"]))
            connection.execute(
                ENDPOINTS.update()
                .where(ENDPOINTS.c.id == endpoint_id)
                .values(
                    previous_secret=last["secret"],
                    previous_secret_expires_at=datetime.fromisoformat(last["expiresAt"]),
                )
            )
    with op.batch_alter_table("webhook_endpoints") as batch:
        batch.drop_column("ordered")
        batch.drop_column("retired_secrets")
