"""agencies and domain events

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 13:53:49.702502
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TIMESTAMP = sa.DateTime(timezone=True)

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "e_license_registry",
        sa.Column("license_id", sa.String(length=64), nullable=False),
        sa.Column("holder_credit_code", sa.String(length=18), nullable=False),
        sa.Column("qualification_type_code", sa.String(length=40), nullable=False),
        sa.Column("level", sa.String(length=32), nullable=True),
        sa.Column("certificate_number", sa.String(length=64), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("license_id", name=op.f("pk_e_license_registry")),
    )
    with op.batch_alter_table("e_license_registry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_e_license_registry_holder_credit_code"), ["holder_credit_code"], unique=False
        )

    op.create_table(
        "agencies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("credit_code", sa.String(length=18), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("legal_representative", sa.String(length=100), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("business_phone", sa.String(length=32), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("introduction", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("approved_at", TIMESTAMP, nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_agencies_organisation_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_agencies_region_code_regions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agencies")),
        sa.UniqueConstraint("credit_code", name=op.f("uq_agencies_credit_code")),
    )
    with op.batch_alter_table("agencies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agencies_approved_at"), ["approved_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_agencies_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_agencies_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_agencies_region_code"), ["region_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_agencies_status"), ["status"], unique=False)

    op.create_table(
        "agency_branches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agencies.id"],
            name=op.f("fk_agency_branches_agency_id_agencies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_agency_branches_region_code_regions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_branches")),
    )
    with op.batch_alter_table("agency_branches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agency_branches_agency_id"), ["agency_id"], unique=False)

    op.create_table(
        "agency_change_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("changes", JSON_DOCUMENT, nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=False),
        sa.Column("reviewed_by", sa.Integer(), nullable=True),
        sa.Column("review_comment", sa.Text(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("reviewed_at", TIMESTAMP, nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agencies.id"],
            name=op.f("fk_agency_change_requests_agency_id_agencies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"], ["users.id"], name=op.f("fk_agency_change_requests_requested_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by"], ["users.id"], name=op.f("fk_agency_change_requests_reviewed_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_change_requests")),
    )
    with op.batch_alter_table("agency_change_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agency_change_requests_agency_id"), ["agency_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_agency_change_requests_status"), ["status"], unique=False)

    op.create_table(
        "agency_contacts",
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("authorised_by", sa.Integer(), nullable=False),
        sa.Column("authorised_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agencies.id"],
            name=op.f("fk_agency_contacts_agency_id_agencies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["authorised_by"], ["users.id"], name=op.f("fk_agency_contacts_authorised_by_users")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_agency_contacts_user_id_users")),
        sa.PrimaryKeyConstraint("agency_id", "user_id", name=op.f("pk_agency_contacts")),
    )
    op.create_table(
        "agency_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("actor_role", sa.String(length=24), nullable=False),
        sa.Column("reasons", JSON_DOCUMENT, nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("before", JSON_DOCUMENT, nullable=False),
        sa.Column("after", JSON_DOCUMENT, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_user_id"], ["users.id"], name=op.f("fk_agency_history_actor_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agencies.id"],
            name=op.f("fk_agency_history_agency_id_agencies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_history")),
    )
    with op.batch_alter_table("agency_history", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agency_history_agency_id"), ["agency_id"], unique=False)

    op.create_table(
        "agency_practitioners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("id_card_number", sa.String(length=18), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("certificate", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agencies.id"],
            name=op.f("fk_agency_practitioners_agency_id_agencies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_practitioners")),
    )
    with op.batch_alter_table("agency_practitioners", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agency_practitioners_agency_id"), ["agency_id"], unique=False)

    op.create_table(
        "agency_qualifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("qualification_type_code", sa.String(length=40), nullable=False),
        sa.Column("level", sa.String(length=32), nullable=True),
        sa.Column("certificate_number", sa.String(length=64), nullable=False),
        sa.Column("issuer", sa.String(length=200), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("e_license_id", sa.String(length=64), nullable=True),
        sa.Column("verification_state", sa.String(length=16), nullable=False),
        sa.Column("verified_at", TIMESTAMP, nullable=True),
        sa.Column("verification_method", sa.String(length=64), nullable=True),
        sa.Column("verification_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agencies.id"],
            name=op.f("fk_agency_qualifications_agency_id_agencies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["qualification_type_code"],
            ["qualification_types.code"],
            name=op.f("fk_agency_qualifications_qualification_type_code_qualification_types"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_qualifications")),
        sa.UniqueConstraint(
            "qualification_type_code",
            "certificate_number",
            name=op.f("uq_agency_qualifications_qualification_type_code"),
        ),
    )
    with op.batch_alter_table("agency_qualifications", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agency_qualifications_agency_id"), ["agency_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_agency_qualifications_qualification_type_code"),
            ["qualification_type_code"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_agency_qualifications_valid_until"), ["valid_until"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_agency_qualifications_verification_state"), ["verification_state"], unique=False
        )

    op.create_table(
        "agency_services",
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("service_item_id", sa.Integer(), nullable=False),
        sa.Column("price_quote", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("fee_reference", sa.String(length=500), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agencies.id"],
            name=op.f("fk_agency_services_agency_id_agencies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_item_id"],
            ["service_items.id"],
            name=op.f("fk_agency_services_service_item_id_service_items"),
        ),
        sa.PrimaryKeyConstraint("agency_id", "service_item_id", name=op.f("pk_agency_services")),
    )
    with op.batch_alter_table("agency_services", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agency_services_service_item_id"), ["service_item_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_agency_services_status"), ["status"], unique=False)

    op.create_table(
        "domain_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("aggregate_type", sa.String(length=40), nullable=False),
        sa.Column("aggregate_id", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(length=60), nullable=False),
        sa.Column("payload", JSON_DOCUMENT, nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("actor_role", sa.String(length=24), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_user_id"], ["users.id"], name=op.f("fk_domain_events_actor_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_domain_events")),
    )
    with op.batch_alter_table("domain_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_domain_events_aggregate_id"), ["aggregate_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_domain_events_event_type"), ["event_type"], unique=False)

    op.create_table(
        "agency_branch_regions",
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"],
            ["agency_branches.id"],
            name=op.f("fk_agency_branch_regions_branch_id_agency_branches"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_agency_branch_regions_region_code_regions")
        ),
        sa.PrimaryKeyConstraint("branch_id", "region_code", name=op.f("pk_agency_branch_regions")),
    )
    with op.batch_alter_table("agency_branch_regions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agency_branch_regions_region_code"), ["region_code"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("agency_branch_regions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agency_branch_regions_region_code"))

    op.drop_table("agency_branch_regions")
    with op.batch_alter_table("domain_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_domain_events_event_type"))
        batch_op.drop_index(batch_op.f("ix_domain_events_aggregate_id"))

    op.drop_table("domain_events")
    with op.batch_alter_table("agency_services", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agency_services_status"))
        batch_op.drop_index(batch_op.f("ix_agency_services_service_item_id"))

    op.drop_table("agency_services")
    with op.batch_alter_table("agency_qualifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agency_qualifications_verification_state"))
        batch_op.drop_index(batch_op.f("ix_agency_qualifications_valid_until"))
        batch_op.drop_index(batch_op.f("ix_agency_qualifications_qualification_type_code"))
        batch_op.drop_index(batch_op.f("ix_agency_qualifications_agency_id"))

    op.drop_table("agency_qualifications")
    with op.batch_alter_table("agency_practitioners", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agency_practitioners_agency_id"))

    op.drop_table("agency_practitioners")
    with op.batch_alter_table("agency_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agency_history_agency_id"))

    op.drop_table("agency_history")
    op.drop_table("agency_contacts")
    with op.batch_alter_table("agency_change_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agency_change_requests_status"))
        batch_op.drop_index(batch_op.f("ix_agency_change_requests_agency_id"))

    op.drop_table("agency_change_requests")
    with op.batch_alter_table("agency_branches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agency_branches_agency_id"))

    op.drop_table("agency_branches")
    with op.batch_alter_table("agencies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agencies_status"))
        batch_op.drop_index(batch_op.f("ix_agencies_region_code"))
        batch_op.drop_index(batch_op.f("ix_agencies_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_agencies_name"))
        batch_op.drop_index(batch_op.f("ix_agencies_approved_at"))

    op.drop_table("agencies")
    with op.batch_alter_table("e_license_registry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_e_license_registry_holder_credit_code"))

    op.drop_table("e_license_registry")
