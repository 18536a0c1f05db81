"""Purchase projects (采购项目): from purchase application to announced result."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint, false, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from zhongjie.base.clock import utcnow
from zhongjie.models.base import Base, UTCDateTime

JSONDocument = JSON().with_variant(JSONB(), "postgresql")


class Project(Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(200), index=True)
    owner_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    service_item_id: Mapped[int] = mapped_column(ForeignKey("service_items.id"), index=True)
    administrative_matter_id: Mapped[int | None] = mapped_column(ForeignKey("administrative_matters.id"))
    investment_project_code: Mapped[str | None] = mapped_column(String(32), index=True)
    funding_type: Mapped[str] = mapped_column(String(16), index=True)
    trade_mode: Mapped[str] = mapped_column(String(24), index=True)
    selection_method: Mapped[str] = mapped_column(String(24), index=True)
    budget: Mapped[Decimal] = mapped_column(Numeric(14, 2), index=True)
    price_ceiling: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    price_floor: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    scope: Mapped[str] = mapped_column(Text)
    requirements: Mapped[list[dict[str, Any]]] = mapped_column(JSONDocument)
    time_limit_days: Mapped[int] = mapped_column(Integer)
    signup_working_days: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(24), index=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    signup_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    selected_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    selection_reason: Mapped[str | None] = mapped_column(Text)
    result_announced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    publicity_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    batch_code: Mapped[str | None] = mapped_column(
        String(32), index=True, doc="批量: projects sharing it are selected together."
    )
    credit_weighted_draw: Mapped[bool] = mapped_column(
        default=False, server_default=false(), doc="随机选取 weighted by credit level, weights published."
    )
    merit_criteria: Mapped[list[dict[str, Any]] | None] = mapped_column(
        JSONDocument, doc="择优选取: [{criterion, weight}], weights summing to 100."
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ProjectRecusal(Base):
    """An agency the project must not go to (回避), e.g. one that prepared the owner's own documents."""

    __tablename__ = "project_recusals"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), primary_key=True)


class ProjectSignup(Base):
    """An agency's sign-up (报名); one row per agency and project, withdrawn rather than deleted."""

    __tablename__ = "project_signups"
    __table_args__ = (UniqueConstraint("project_id", "agency_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    signed_up_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    signed_up_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # 联合体: the other members when the agency signs up as the lead of a consortium
    member_agency_ids: Mapped[list[int]] = mapped_column(
        JSONDocument, default=list, server_default=text("'[]'")
    )


class ProjectHistoryEntry(Base):
    """Every transition of a project: who, in which role, when, why, before and after."""

    __tablename__ = "project_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(24))
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_role: Mapped[str] = mapped_column(String(24))
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str] = mapped_column(String(24))
    reasons: Mapped[list[str]] = mapped_column(JSONDocument)
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
