"""After the award: the award with its confirmation letter and contract, deliveries, extensions, evaluations,
questions, objections and complaints, and the platform's electronic-seal keys."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from zhongjie.base.clock import utcnow
from zhongjie.models.base import Base, UTCDateTime
from zhongjie.models.credit import JSONDocument


class ProjectAward(Base):
    """中选: one agency's award on a project, and everything agreed on it until acceptance."""

    __tablename__ = "project_awards"
    __table_args__ = (
        Index(
            "uq_project_awards_active",
            "project_id",
            unique=True,
            postgresql_where=text("status = 'ACTIVE'"),
            sqlite_where=text("status = 'ACTIVE'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    ended_reason: Mapped[str | None] = mapped_column(Text)
    owner_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    agency_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    letter_document: Mapped[str | None] = mapped_column(Text, doc="The canonical JSON of the letter.")
    letter_signature: Mapped[str | None] = mapped_column(Text, doc="Compact JWS over the canonical JSON.")
    letter_issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    price: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    contract_template: Mapped[str | None] = mapped_column(String(40))
    contract_document: Mapped[str | None] = mapped_column(Text)
    contract_hash: Mapped[str | None] = mapped_column(String(64))
    owner_signed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    owner_signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    owner_signed_hash: Mapped[str | None] = mapped_column(String(64))
    agency_signed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    agency_signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    agency_signed_hash: Mapped[str | None] = mapped_column(String(64))
    service_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    service_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    extension_days: Mapped[int] = mapped_column(Integer, default=0)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # 更正: corrections of the published award, oldest first: {"value", "rationale", "at", "by"}
    corrections: Mapped[list[dict[str, Any]]] = mapped_column(
        JSONDocument, default=list, server_default=text("'[]'")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ServiceDelivery(Base):
    """成果提交: a delivery of the service result, accepted or returned with reasons."""

    __tablename__ = "service_deliveries"
    __table_args__ = (UniqueConstraint("award_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    award_id: Mapped[int] = mapped_column(ForeignKey("project_awards.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text)
    delivered_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    delivered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decision: Mapped[str | None] = mapped_column(String(16))
    reasons: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ServiceExtension(Base):
    """延期: more working days for the service, with a reason and the owner's consent."""

    __tablename__ = "service_extensions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    award_id: Mapped[int] = mapped_column(ForeignKey("project_awards.id", ondelete="CASCADE"), index=True)
    working_days: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    requested_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ServiceEvaluation(Base):
    """服务评价: scores 1–5 by the owner, or by an authority; public, the evaluator's person is not."""

    __tablename__ = "service_evaluations"
    __table_args__ = (UniqueConstraint("award_id", "evaluator_organisation_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    award_id: Mapped[int] = mapped_column(ForeignKey("project_awards.id", ondelete="CASCADE"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    evaluator_kind: Mapped[str] = mapped_column(String(16))
    evaluator_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    evaluator_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    scores: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ProjectEnquiry(Base):
    """咨询、质疑、投诉: a question, an objection or a complaint on a project, and its answer or decision."""

    __tablename__ = "project_enquiries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    content: Mapped[str] = mapped_column(Text)
    filed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    filed_by_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SealKey(Base):
    """A signing key of the platform's electronic seal (电子印章); retired keys stay published to verify."""

    __tablename__ = "seal_keys"

    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    private_jwk: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    public_jwk: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SelectionDraw(Base):
    """A random selection (随机选取) of a project: the commitment, the closed candidate list, then the draw.

    `secret_seed` stays on the server until the draw; the published record carries it afterwards.
    """

    __tablename__ = "selection_draws"
    __table_args__ = (UniqueConstraint("project_id", "round"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    secret_seed: Mapped[str] = mapped_column(String(64))
    commitment: Mapped[str] = mapped_column(String(64))
    candidates: Mapped[list[str]] = mapped_column(JSONDocument)
    candidates_hash: Mapped[str] = mapped_column(String(64))
    weights: Mapped[list[int] | None] = mapped_column(JSONDocument, doc="Per candidate, for a weighted draw.")
    committed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    record: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
    drawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ProjectOffer(Base):
    """An agency's price offer (报价): round 0 is its one sealed offer, later rounds its open bids (竞价)."""

    __tablename__ = "project_offers"
    __table_args__ = (
        Index(
            "uq_project_offers_sealed",
            "project_id",
            "agency_id",
            unique=True,
            postgresql_where=text("round = 0"),
            sqlite_where=text("round = 0"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    round: Mapped[int] = mapped_column(Integer, default=0)
    price: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    submitted_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)


class BiddingRoom(Base):
    """The open rounds of a bidding (竞价) project: when they open and close, on server time."""

    __tablename__ = "bidding_rooms"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    rounds: Mapped[int] = mapped_column(Integer)
    round_seconds: Mapped[int] = mapped_column(Integer)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ProjectScorer(Base):
    """A scorer (评审人员) the operator assigned to a best-merit selection."""

    __tablename__ = "project_scorers"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)


class MeritScore(Base):
    """One scorer's scores (0–100 per criterion) of one bidder; secret until the result, then published."""

    __tablename__ = "merit_scores"
    __table_args__ = (UniqueConstraint("project_id", "scorer_user_id", "agency_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    scorer_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    scores: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    scored_at: Mapped[datetime] = mapped_column(UTCDateTime)
