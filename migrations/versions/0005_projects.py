"""projects

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 14:20:01.630492
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TIMESTAMP = sa.DateTime(timezone=True)

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("owner_organisation_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("service_item_id", sa.Integer(), nullable=False),
        sa.Column("administrative_matter_id", sa.Integer(), nullable=True),
        sa.Column("investment_project_code", sa.String(length=32), nullable=True),
        sa.Column("funding_type", sa.String(length=16), nullable=False),
        sa.Column("trade_mode", sa.String(length=24), nullable=False),
        sa.Column("selection_method", sa.String(length=24), nullable=False),
        sa.Column("budget", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("price_ceiling", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("price_floor", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("requirements", JSON_DOCUMENT, nullable=False),
        sa.Column("time_limit_days", sa.Integer(), nullable=False),
        sa.Column("signup_working_days", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("published_at", TIMESTAMP, nullable=True),
        sa.Column("signup_deadline", TIMESTAMP, nullable=True),
        sa.Column("selected_agency_id", sa.Integer(), nullable=True),
        sa.Column("selection_reason", sa.Text(), nullable=True),
        sa.Column("result_announced_at", TIMESTAMP, nullable=True),
        sa.Column("publicity_ends_at", TIMESTAMP, nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["administrative_matter_id"],
            ["administrative_matters.id"],
            name=op.f("fk_projects_administrative_matter_id_administrative_matters"),
        ),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_projects_created_by_users")),
        sa.ForeignKeyConstraint(
            ["owner_organisation_id"],
            ["organisations.id"],
            name=op.f("fk_projects_owner_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_projects_region_code_regions")
        ),
        sa.ForeignKeyConstraint(
            ["selected_agency_id"], ["agencies.id"], name=op.f("fk_projects_selected_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["service_item_id"], ["service_items.id"], name=op.f("fk_projects_service_item_id_service_items")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects")),
        sa.UniqueConstraint("code", name=op.f("uq_projects_code")),
    )
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_projects_budget"), ["budget"], unique=False)
        batch_op.create_index(batch_op.f("ix_projects_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_projects_funding_type"), ["funding_type"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_projects_investment_project_code"), ["investment_project_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_projects_owner_organisation_id"), ["owner_organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_projects_published_at"), ["published_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_projects_region_code"), ["region_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_projects_selection_method"), ["selection_method"], unique=False)
        batch_op.create_index(batch_op.f("ix_projects_service_item_id"), ["service_item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_projects_signup_deadline"), ["signup_deadline"], unique=False)
        batch_op.create_index(batch_op.f("ix_projects_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_projects_title"), ["title"], unique=False)
        batch_op.create_index(batch_op.f("ix_projects_trade_mode"), ["trade_mode"], unique=False)

    op.create_table(
        "project_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=24), nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("actor_role", sa.String(length=24), nullable=False),
        sa.Column("from_status", sa.String(length=24), nullable=True),
        sa.Column("to_status", sa.String(length=24), nullable=False),
        sa.Column("reasons", JSON_DOCUMENT, nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_user_id"], ["users.id"], name=op.f("fk_project_history_actor_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_history_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_history")),
    )
    with op.batch_alter_table("project_history", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_history_project_id"), ["project_id"], unique=False)

    op.create_table(
        "project_recusals",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_project_recusals_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_recusals_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("project_id", "agency_id", name=op.f("pk_project_recusals")),
    )
    op.create_table(
        "project_signups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("signed_up_by", sa.Integer(), nullable=False),
        sa.Column("signed_up_at", TIMESTAMP, nullable=False),
        sa.Column("withdrawn_at", TIMESTAMP, nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_project_signups_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_signups_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["signed_up_by"], ["users.id"], name=op.f("fk_project_signups_signed_up_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_signups")),
        sa.UniqueConstraint("project_id", "agency_id", name=op.f("uq_project_signups_project_id")),
    )
    with op.batch_alter_table("project_signups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_signups_agency_id"), ["agency_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_signups_project_id"), ["project_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("project_signups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_signups_project_id"))
        batch_op.drop_index(batch_op.f("ix_project_signups_agency_id"))

    op.drop_table("project_signups")
    op.drop_table("project_recusals")
    with op.batch_alter_table("project_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_history_project_id"))

    op.drop_table("project_history")
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_projects_trade_mode"))
        batch_op.drop_index(batch_op.f("ix_projects_title"))
        batch_op.drop_index(batch_op.f("ix_projects_status"))
        batch_op.drop_index(batch_op.f("ix_projects_signup_deadline"))
        batch_op.drop_index(batch_op.f("ix_projects_service_item_id"))
        batch_op.drop_index(batch_op.f("ix_projects_selection_method"))
        batch_op.drop_index(batch_op.f("ix_projects_region_code"))
        batch_op.drop_index(batch_op.f("ix_projects_published_at"))
        batch_op.drop_index(batch_op.f("ix_projects_owner_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_projects_investment_project_code"))
        batch_op.drop_index(batch_op.f("ix_projects_funding_type"))
        batch_op.drop_index(batch_op.f("ix_projects_created_at"))
        batch_op.drop_index(batch_op.f("ix_projects_budget"))

    op.drop_table("projects")
