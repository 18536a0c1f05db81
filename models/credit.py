"""Credit (信用): records by unified social credit code, and the profile computed from them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from zhongjie.base.clock import utcnow
from zhongjie.models.base import Base, UTCDateTime

JSONDocument = JSON().with_variant(JSONB(), "postgresql")


class CreditRecord(Base):
    """A good or bad credit record. Keyed by credit code, not agency, so records from elsewhere
    apply as soon as the agency exists (一处失信、处处受限)."""

    __tablename__ = "credit_records"
    __table_args__ = (UniqueConstraint("source", "source_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    credit_code: Mapped[str] = mapped_column(String(18), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    category: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(32))
    source_id: Mapped[str] = mapped_column(String(100))
    provenance: Mapped[str] = mapped_column(String(300))
    basis: Mapped[str] = mapped_column(Text)
    decision_number: Mapped[str | None] = mapped_column(String(100))
    region_code: Mapped[str] = mapped_column(String(6))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    public: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(16), index=True)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status_note: Mapped[str | None] = mapped_column(Text)


class CreditProfile(Base):
    """信用脸谱: the current score, level and restriction of a credit code."""

    __tablename__ = "credit_profiles"

    credit_code: Mapped[str] = mapped_column(String(18), primary_key=True)
    score: Mapped[int] = mapped_column(Integer)
    level: Mapped[str] = mapped_column(String(1), index=True)
    restriction: Mapped[str] = mapped_column(String(20), index=True)
    rule_version: Mapped[str] = mapped_column(String(16))
    tags: Mapped[list[str]] = mapped_column(JSONDocument)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # the next day a record starts or stops counting: the timed jobs assess the profile again then
    reassess_on: Mapped[date | None] = mapped_column(Date, index=True)


class CreditProfileChange(Base):
    """The history of a profile: every recomputation that changed it, and why."""

    __tablename__ = "credit_profile_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    credit_code: Mapped[str] = mapped_column(String(18), index=True)
    score: Mapped[int] = mapped_column(Integer)
    level: Mapped[str] = mapped_column(String(1))
    restriction: Mapped[str] = mapped_column(String(20))
    rule_version: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(200))
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class InspectionPlan(Base):
    """A double-random inspection plan (双随机、一公开) of an authority, with its draw record."""

    __tablename__ = "inspection_plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    sector: Mapped[str] = mapped_column(String(64), index=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    base_ratio: Mapped[str] = mapped_column(String(16))
    key_multiplier: Mapped[str] = mapped_column(String(16))
    inspectors_per_target: Mapped[int] = mapped_column(Integer)
    inspector_pool: Mapped[list[dict[str, Any]]] = mapped_column(JSONDocument)
    authority_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(16), index=True)
    commitment: Mapped[str] = mapped_column(String(64))
    secret_seed: Mapped[str] = mapped_column(String(64))
    draw_record: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    drawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class InspectionTarget(Base):
    """A drawn agency, its inspectors, and the published result."""

    __tablename__ = "inspection_targets"
    __table_args__ = (UniqueConstraint("plan_id", "credit_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("inspection_plans.id", ondelete="CASCADE"), index=True)
    credit_code: Mapped[str] = mapped_column(String(18), index=True)
    inspectors: Mapped[list[str]] = mapped_column(JSONDocument)
    key_supervision: Mapped[bool] = mapped_column(Boolean)
    result: Mapped[str | None] = mapped_column(String(16))
    findings: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
