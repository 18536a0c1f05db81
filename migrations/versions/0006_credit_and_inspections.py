"""credit and inspections

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 14:34:23.677430
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TIMESTAMP = sa.DateTime(timezone=True)

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("agencies") as batch_op:
        batch_op.add_column(sa.Column("blacklisted", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index(batch_op.f("ix_agencies_blacklisted"), ["blacklisted"], unique=False)
    op.create_table(
        "credit_profile_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("credit_code", sa.String(length=18), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=1), nullable=False),
        sa.Column("restriction", sa.String(length=20), nullable=False),
        sa.Column("rule_version", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("computed_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_profile_history")),
    )
    with op.batch_alter_table("credit_profile_history", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_credit_profile_history_credit_code"), ["credit_code"], unique=False
        )

    op.create_table(
        "credit_profiles",
        sa.Column("credit_code", sa.String(length=18), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=1), nullable=False),
        sa.Column("restriction", sa.String(length=20), nullable=False),
        sa.Column("rule_version", sa.String(length=16), nullable=False),
        sa.Column("tags", JSON_DOCUMENT, nullable=False),
        sa.Column("computed_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("credit_code", name=op.f("pk_credit_profiles")),
    )
    with op.batch_alter_table("credit_profiles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_credit_profiles_level"), ["level"], unique=False)
        batch_op.create_index(batch_op.f("ix_credit_profiles_restriction"), ["restriction"], unique=False)

    op.create_table(
        "credit_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("credit_code", sa.String(length=18), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("source_id", sa.String(length=100), nullable=False),
        sa.Column("provenance", sa.String(length=300), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("decision_number", sa.String(length=100), nullable=True),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("recorded_at", TIMESTAMP, nullable=False),
        sa.Column("status_changed_at", TIMESTAMP, nullable=True),
        sa.Column("status_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_credit_records_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_records")),
        sa.UniqueConstraint("source", "source_id", name=op.f("uq_credit_records_source")),
    )
    with op.batch_alter_table("credit_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_credit_records_credit_code"), ["credit_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_credit_records_status"), ["status"], unique=False)

    op.create_table(
        "inspection_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("sector", sa.String(length=64), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("base_ratio", sa.String(length=16), nullable=False),
        sa.Column("key_multiplier", sa.String(length=16), nullable=False),
        sa.Column("inspectors_per_target", sa.Integer(), nullable=False),
        sa.Column("inspector_pool", JSON_DOCUMENT, nullable=False),
        sa.Column("authority_organisation_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("commitment", sa.String(length=64), nullable=False),
        sa.Column("secret_seed", sa.String(length=64), nullable=False),
        sa.Column("draw_record", JSON_DOCUMENT, nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("drawn_at", TIMESTAMP, nullable=True),
        sa.ForeignKeyConstraint(
            ["authority_organisation_id"],
            ["organisations.id"],
            name=op.f("fk_inspection_plans_authority_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_inspection_plans_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_inspection_plans_region_code_regions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_plans")),
    )
    with op.batch_alter_table("inspection_plans", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inspection_plans_authority_organisation_id"),
            ["authority_organisation_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_inspection_plans_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_inspection_plans_region_code"), ["region_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_inspection_plans_sector"), ["sector"], unique=False)
        batch_op.create_index(batch_op.f("ix_inspection_plans_status"), ["status"], unique=False)

    op.create_table(
        "inspection_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("credit_code", sa.String(length=18), nullable=False),
        sa.Column("inspectors", JSON_DOCUMENT, nullable=False),
        sa.Column("key_supervision", sa.Boolean(), nullable=False),
        sa.Column("result", sa.String(length=16), nullable=True),
        sa.Column("findings", sa.Text(), nullable=True),
        sa.Column("recorded_at", TIMESTAMP, nullable=True),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["inspection_plans.id"],
            name=op.f("fk_inspection_targets_plan_id_inspection_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_targets")),
        sa.UniqueConstraint("plan_id", "credit_code", name=op.f("uq_inspection_targets_plan_id")),
    )
    with op.batch_alter_table("inspection_targets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspection_targets_credit_code"), ["credit_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_inspection_targets_plan_id"), ["plan_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("agencies") as batch_op:
        batch_op.drop_index(batch_op.f("ix_agencies_blacklisted"))
        batch_op.drop_column("blacklisted")
    with op.batch_alter_table("inspection_targets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_targets_plan_id"))
        batch_op.drop_index(batch_op.f("ix_inspection_targets_credit_code"))

    op.drop_table("inspection_targets")
    with op.batch_alter_table("inspection_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_plans_status"))
        batch_op.drop_index(batch_op.f("ix_inspection_plans_sector"))
        batch_op.drop_index(batch_op.f("ix_inspection_plans_region_code"))
        batch_op.drop_index(batch_op.f("ix_inspection_plans_created_at"))
        batch_op.drop_index(batch_op.f("ix_inspection_plans_authority_organisation_id"))

    op.drop_table("inspection_plans")
    with op.batch_alter_table("credit_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_credit_records_status"))
        batch_op.drop_index(batch_op.f("ix_credit_records_credit_code"))

    op.drop_table("credit_records")
    with op.batch_alter_table("credit_profiles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_credit_profiles_restriction"))
        batch_op.drop_index(batch_op.f("ix_credit_profiles_level"))

    op.drop_table("credit_profiles")
    with op.batch_alter_table("credit_profile_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_credit_profile_history_credit_code"))

    op.drop_table("credit_profile_history")
