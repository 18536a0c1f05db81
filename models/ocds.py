"""OCDS releases as published: each one's JSON, fixed when its stage or correction was recorded."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from zhongjie.models.base import Base, UTCDateTime


class OcdsRelease(Base):
    """A published release (发布): the exact text served for it, never changed once committed.

    It is published by the outbox event it comes from (a project's stage, an award's correction, or a
    correction of what the public record shows), so the feed orders releases by that event's position and
    a release becomes visible exactly when its event does.
    """

    __tablename__ = "ocds_releases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("domain_events.id"), unique=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    ocid: Mapped[str] = mapped_column(String(120), index=True)
    release_id: Mapped[str] = mapped_column(String(120), unique=True)
    released_at: Mapped[datetime] = mapped_column(UTCDateTime, doc="The release's `date`.")
    body: Mapped[str] = mapped_column(Text, doc="The release's JSON, exactly as served.")
