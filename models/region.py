"""Administrative divisions (行政区划) keyed by their national 6-digit code."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from zhongjie.models.base import Base


class Region(Base):
    __tablename__ = "regions"
    __table_args__ = (CheckConstraint("level IN (1, 2, 3)", name="level"),)

    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    # 1 province-level, 2 prefecture/city-level, 3 county/district-level
    level: Mapped[int] = mapped_column(Integer)
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"), index=True)
