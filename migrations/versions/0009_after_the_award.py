"""after the award

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 16:10:08.887229
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TIMESTAMP = sa.DateTime(timezone=True)

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "seal_keys",
        sa.Column("kid", sa.String(length=64), nullable=False),
        sa.Column("private_jwk", JSON_DOCUMENT, nullable=False),
        sa.Column("public_jwk", JSON_DOCUMENT, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("retired_at", TIMESTAMP, nullable=True),
        sa.PrimaryKeyConstraint("kid", name=op.f("pk_seal_keys")),
    )
    op.create_table(
        "project_awards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("ended_reason", sa.Text(), nullable=True),
        sa.Column("owner_confirmed_at", TIMESTAMP, nullable=True),
        sa.Column("agency_confirmed_at", TIMESTAMP, nullable=True),
        sa.Column("letter_document", sa.Text(), nullable=True),
        sa.Column("letter_signature", sa.Text(), nullable=True),
        sa.Column("letter_issued_at", TIMESTAMP, nullable=True),
        sa.Column("price", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("contract_template", sa.String(length=40), nullable=True),
        sa.Column("contract_document", sa.Text(), nullable=True),
        sa.Column("contract_hash", sa.String(length=64), nullable=True),
        sa.Column("owner_signed_by", sa.Integer(), nullable=True),
        sa.Column("owner_signed_at", TIMESTAMP, nullable=True),
        sa.Column("owner_signed_hash", sa.String(length=64), nullable=True),
        sa.Column("agency_signed_by", sa.Integer(), nullable=True),
        sa.Column("agency_signed_at", TIMESTAMP, nullable=True),
        sa.Column("agency_signed_hash", sa.String(length=64), nullable=True),
        sa.Column("service_started_at", TIMESTAMP, nullable=True),
        sa.Column("service_due_at", TIMESTAMP, nullable=True),
        sa.Column("extension_days", sa.Integer(), nullable=False),
        sa.Column("accepted_at", TIMESTAMP, nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_project_awards_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["agency_signed_by"], ["users.id"], name=op.f("fk_project_awards_agency_signed_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["owner_signed_by"], ["users.id"], name=op.f("fk_project_awards_owner_signed_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_awards_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_awards")),
    )
    with op.batch_alter_table("project_awards", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_awards_agency_id"), ["agency_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_awards_project_id"), ["project_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_project_awards_service_due_at"), ["service_due_at"], unique=False
        )
        batch_op.create_index(
            "uq_project_awards_active",
            ["project_id"],
            unique=True,
            postgresql_where=sa.text("status = 'ACTIVE'"),
            sqlite_where=sa.text("status = 'ACTIVE'"),
        )

    op.create_table(
        "project_enquiries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("filed_by", sa.Integer(), nullable=False),
        sa.Column("filed_by_organisation_id", sa.Integer(), nullable=True),
        sa.Column("filed_at", TIMESTAMP, nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.Integer(), nullable=True),
        sa.Column("answered_at", TIMESTAMP, nullable=True),
        sa.ForeignKeyConstraint(
            ["answered_by"], ["users.id"], name=op.f("fk_project_enquiries_answered_by_users")
        ),
        sa.ForeignKeyConstraint(["filed_by"], ["users.id"], name=op.f("fk_project_enquiries_filed_by_users")),
        sa.ForeignKeyConstraint(
            ["filed_by_organisation_id"],
            ["organisations.id"],
            name=op.f("fk_project_enquiries_filed_by_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_enquiries_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_enquiries")),
    )
    with op.batch_alter_table("project_enquiries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_enquiries_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_enquiries_project_id"), ["project_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_enquiries_status"), ["status"], unique=False)

    op.create_table(
        "service_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("award_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("delivered_by", sa.Integer(), nullable=False),
        sa.Column("delivered_at", TIMESTAMP, nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=True),
        sa.Column("reasons", sa.Text(), nullable=True),
        sa.Column("decided_at", TIMESTAMP, nullable=True),
        sa.ForeignKeyConstraint(
            ["award_id"],
            ["project_awards.id"],
            name=op.f("fk_service_deliveries_award_id_project_awards"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["delivered_by"], ["users.id"], name=op.f("fk_service_deliveries_delivered_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_deliveries")),
        sa.UniqueConstraint("award_id", "number", name=op.f("uq_service_deliveries_award_id")),
    )
    with op.batch_alter_table("service_deliveries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_deliveries_award_id"), ["award_id"], unique=False)

    op.create_table(
        "service_evaluations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("award_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("evaluator_kind", sa.String(length=16), nullable=False),
        sa.Column("evaluator_organisation_id", sa.Integer(), nullable=False),
        sa.Column("evaluator_user_id", sa.Integer(), nullable=False),
        sa.Column("scores", JSON_DOCUMENT, nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_service_evaluations_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["award_id"],
            ["project_awards.id"],
            name=op.f("fk_service_evaluations_award_id_project_awards"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["evaluator_organisation_id"],
            ["organisations.id"],
            name=op.f("fk_service_evaluations_evaluator_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["evaluator_user_id"], ["users.id"], name=op.f("fk_service_evaluations_evaluator_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_service_evaluations_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_evaluations")),
        sa.UniqueConstraint(
            "award_id", "evaluator_organisation_id", name=op.f("uq_service_evaluations_award_id")
        ),
    )
    with op.batch_alter_table("service_evaluations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_evaluations_agency_id"), ["agency_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_evaluations_project_id"), ["project_id"], unique=False)

    op.create_table(
        "service_extensions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("award_id", sa.Integer(), nullable=False),
        sa.Column("working_days", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=False),
        sa.Column("requested_at", TIMESTAMP, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_at", TIMESTAMP, nullable=True),
        sa.ForeignKeyConstraint(
            ["award_id"],
            ["project_awards.id"],
            name=op.f("fk_service_extensions_award_id_project_awards"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"], ["users.id"], name=op.f("fk_service_extensions_requested_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_extensions")),
    )
    with op.batch_alter_table("service_extensions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_extensions_award_id"), ["award_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("service_extensions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_extensions_award_id"))

    op.drop_table("service_extensions")
    with op.batch_alter_table("service_evaluations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_evaluations_project_id"))
        batch_op.drop_index(batch_op.f("ix_service_evaluations_agency_id"))

    op.drop_table("service_evaluations")
    with op.batch_alter_table("service_deliveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_deliveries_award_id"))

    op.drop_table("service_deliveries")
    with op.batch_alter_table("project_enquiries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_enquiries_status"))
        batch_op.drop_index(batch_op.f("ix_project_enquiries_project_id"))
        batch_op.drop_index(batch_op.f("ix_project_enquiries_kind"))

    op.drop_table("project_enquiries")
    with op.batch_alter_table("project_awards", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_project_awards_active",
            postgresql_where=sa.text("status = 'ACTIVE'"),
            sqlite_where=sa.text("status = 'ACTIVE'"),
        )
        batch_op.drop_index(batch_op.f("ix_project_awards_service_due_at"))
        batch_op.drop_index(batch_op.f("ix_project_awards_project_id"))
        batch_op.drop_index(batch_op.f("ix_project_awards_agency_id"))

    op.drop_table("project_awards")
    op.drop_table("seal_keys")
