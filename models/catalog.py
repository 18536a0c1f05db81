"""The service-item catalog (中介服务事项清单): items, their version history, the
administrative matters they serve and the qualification types they require."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from zhongjie.base.clock import utcnow
from zhongjie.models.base import Base, UTCDateTime

JSONDocument = JSON().with_variant(JSONB(), "postgresql")


class QualificationType(Base):
    """A kind of qualification certificate (资质类型) with its levels, highest first."""

    __tablename__ = "qualification_types"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    sector: Mapped[str] = mapped_column(String(64))
    levels: Mapped[list[str]] = mapped_column(JSONDocument)


class AdministrativeMatter(Base):
    """A government-service matter (政务服务事项) that requires intermediary services."""

    __tablename__ = "administrative_matters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(256), index=True)
    power_type: Mapped[str] = mapped_column(String(16), index=True)
    department: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


service_item_matters = Table(
    "service_item_matters",
    Base.metadata,
    Column("service_item_id", ForeignKey("service_items.id", ondelete="CASCADE"), primary_key=True),
    Column("matter_id", ForeignKey("administrative_matters.id"), primary_key=True, index=True),
)


class ServiceItem(Base):
    """The current state of a catalog item; every change also writes a `ServiceItemVersion`."""

    __tablename__ = "service_items"
    __table_args__ = (
        CheckConstraint("time_limit_days > 0", name="time_limit_positive"),
        CheckConstraint("version > 0", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    service_type: Mapped[str] = mapped_column(String(24), index=True)
    legal_basis: Mapped[str] = mapped_column(Text)
    fee_standard: Mapped[str] = mapped_column(Text)
    fee_basis: Mapped[str] = mapped_column(Text)
    pricing_type: Mapped[str] = mapped_column(String(24), index=True)
    time_limit_days: Mapped[int] = mapped_column(Integer, index=True)
    department: Mapped[str] = mapped_column(String(128))
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, index=True)
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class ServiceItemQualification(Base):
    """A qualification an agency must hold to offer the item, at or above `min_level`."""

    __tablename__ = "service_item_qualifications"

    service_item_id: Mapped[int] = mapped_column(
        ForeignKey("service_items.id", ondelete="CASCADE"), primary_key=True
    )
    qualification_type_code: Mapped[str] = mapped_column(
        ForeignKey("qualification_types.code"), primary_key=True, index=True
    )
    min_level: Mapped[str | None] = mapped_column(String(32))


class ServiceItemVersion(Base):
    """One entry of an item's history (动态管理): the full snapshot, the diff, who, when and why."""

    __tablename__ = "service_item_versions"
    __table_args__ = (UniqueConstraint("service_item_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_item_id: Mapped[int] = mapped_column(ForeignKey("service_items.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    changes: Mapped[list[dict[str, Any]]] = mapped_column(JSONDocument)
    changed_by: Mapped[str] = mapped_column(String(128))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
