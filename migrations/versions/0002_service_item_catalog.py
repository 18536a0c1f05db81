"""service-item catalog: qualification types, administrative matters, items and their versions

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "qualification_types",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("sector", sa.String(length=64), nullable=False),
        sa.Column("levels", JSON_DOCUMENT, nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_qualification_types")),
    )
    op.create_table(
        "administrative_matters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("power_type", sa.String(length=16), nullable=False),
        sa.Column("department", sa.String(length=128), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_administrative_matters")),
        sa.UniqueConstraint("code", name=op.f("uq_administrative_matters_code")),
    )
    op.create_index(op.f("ix_administrative_matters_name"), "administrative_matters", ["name"])
    op.create_index(op.f("ix_administrative_matters_power_type"), "administrative_matters", ["power_type"])

    op.create_table(
        "service_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("service_type", sa.String(length=24), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("fee_standard", sa.Text(), nullable=False),
        sa.Column("fee_basis", sa.Text(), nullable=False),
        sa.Column("pricing_type", sa.String(length=24), nullable=False),
        sa.Column("time_limit_days", sa.Integer(), nullable=False),
        sa.Column("department", sa.String(length=128), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint("time_limit_days > 0", name=op.f("ck_service_items_time_limit_positive")),
        sa.CheckConstraint("version > 0", name=op.f("ck_service_items_version_positive")),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_service_items_region_code_regions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_items")),
        sa.UniqueConstraint("code", name=op.f("uq_service_items_code")),
    )
    for column in (
        "active",
        "name",
        "pricing_type",
        "region_code",
        "service_type",
        "time_limit_days",
        "updated_at",
    ):
        op.create_index(op.f(f"ix_service_items_{column}"), "service_items", [column])

    op.create_table(
        "service_item_matters",
        sa.Column("service_item_id", sa.Integer(), nullable=False),
        sa.Column("matter_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["matter_id"],
            ["administrative_matters.id"],
            name=op.f("fk_service_item_matters_matter_id_administrative_matters"),
        ),
        sa.ForeignKeyConstraint(
            ["service_item_id"],
            ["service_items.id"],
            name=op.f("fk_service_item_matters_service_item_id_service_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("service_item_id", "matter_id", name=op.f("pk_service_item_matters")),
    )
    op.create_index(op.f("ix_service_item_matters_matter_id"), "service_item_matters", ["matter_id"])

    op.create_table(
        "service_item_qualifications",
        sa.Column("service_item_id", sa.Integer(), nullable=False),
        sa.Column("qualification_type_code", sa.String(length=40), nullable=False),
        sa.Column("min_level", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["qualification_type_code"],
            ["qualification_types.code"],
            name=op.f("fk_service_item_qualifications_qualification_type_code_qualification_types"),
        ),
        sa.ForeignKeyConstraint(
            ["service_item_id"],
            ["service_items.id"],
            name=op.f("fk_service_item_qualifications_service_item_id_service_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "service_item_id", "qualification_type_code", name=op.f("pk_service_item_qualifications")
        ),
    )
    op.create_index(
        op.f("ix_service_item_qualifications_qualification_type_code"),
        "service_item_qualifications",
        ["qualification_type_code"],
    )

    op.create_table(
        "service_item_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_item_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("snapshot", JSON_DOCUMENT, nullable=False),
        sa.Column("changes", JSON_DOCUMENT, nullable=False),
        sa.Column("changed_by", sa.String(length=128), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["service_item_id"],
            ["service_items.id"],
            name=op.f("fk_service_item_versions_service_item_id_service_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_item_versions")),
        sa.UniqueConstraint(
            "service_item_id", "version", name=op.f("uq_service_item_versions_service_item_id")
        ),
    )


def downgrade() -> None:
    op.drop_table("service_item_versions")
    op.drop_table("service_item_qualifications")
    op.drop_table("service_item_matters")
    op.drop_table("service_items")
    op.drop_table("administrative_matters")
    op.drop_table("qualification_types")
