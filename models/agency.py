"""Intermediary agencies (中介服务机构): entry, qualifications, services, people, branches, history."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from zhongjie.base.clock import utcnow
from zhongjie.models.base import Base, UTCDateTime

JSONDocument = JSON().with_variant(JSONB(), "postgresql")


class Agency(Base):
    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    legal_representative: Mapped[str] = mapped_column(String(100))
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    address: Mapped[str] = mapped_column(String(300))
    business_phone: Mapped[str] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(254))
    introduction: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(24), index=True)
    # mirrors the credit profile's blacklisting, so listings can leave such agencies out cheaply
    blacklisted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false(), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AgencyQualification(Base):
    """A qualification certificate (资质证书) and how it was verified."""

    __tablename__ = "agency_qualifications"
    __table_args__ = (UniqueConstraint("qualification_type_code", "certificate_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), index=True)
    qualification_type_code: Mapped[str] = mapped_column(ForeignKey("qualification_types.code"), index=True)
    level: Mapped[str | None] = mapped_column(String(32))
    certificate_number: Mapped[str] = mapped_column(String(64))
    issuer: Mapped[str] = mapped_column(String(200))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date, index=True)
    e_license_id: Mapped[str | None] = mapped_column(String(64))
    verification_state: Mapped[str] = mapped_column(String(16), index=True)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verification_method: Mapped[str | None] = mapped_column(String(64))
    verification_note: Mapped[str | None] = mapped_column(Text)


class AgencyService(Base):
    """A catalog item the agency offers (服务事项), with its price quote or fee reference."""

    __tablename__ = "agency_services"

    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), primary_key=True)
    service_item_id: Mapped[int] = mapped_column(ForeignKey("service_items.id"), primary_key=True, index=True)
    price_quote: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    fee_reference: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(16), index=True)


class AgencyPractitioner(Base):
    """A practitioner (从业人员); personal data, never public."""

    __tablename__ = "agency_practitioners"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    id_card_number: Mapped[str] = mapped_column(String(18))
    phone: Mapped[str | None] = mapped_column(String(32))
    certificate: Mapped[str | None] = mapped_column(String(200))


class AgencyBranch(Base):
    """A branch office (分支机构) and the regions it serves (从业区域)."""

    __tablename__ = "agency_branches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300))
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))


agency_branch_regions = Table(
    "agency_branch_regions",
    Base.metadata,
    Column("branch_id", ForeignKey("agency_branches.id", ondelete="CASCADE"), primary_key=True),
    Column("region_code", ForeignKey("regions.code"), primary_key=True, index=True),
)


class AgencyContact(Base):
    """A staff member the agency's administrator authorised as business contact (业务联系人授权)."""

    __tablename__ = "agency_contacts"

    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    authorised_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    authorised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AgencyChangeRequest(Base):
    """A requested change of key fields (变更), applied only after the operator's review."""

    __tablename__ = "agency_change_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), index=True)
    changes: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), index=True)
    requested_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    review_comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AgencyHistoryEntry(Base):
    """Every state change of an agency: who, in which role, when, why, before and after."""

    __tablename__ = "agency_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_role: Mapped[str] = mapped_column(String(24))
    reasons: Mapped[list[str]] = mapped_column(JSONDocument)
    comment: Mapped[str | None] = mapped_column(Text)
    before: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    after: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ELicenseRecord(Base):
    """An entry of the e-license registry (电子证照库), loaded by `zhongjie import licenses`."""

    __tablename__ = "e_license_registry"

    license_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder_credit_code: Mapped[str] = mapped_column(String(18), index=True)
    qualification_type_code: Mapped[str] = mapped_column(String(40))
    level: Mapped[str | None] = mapped_column(String(32))
    certificate_number: Mapped[str] = mapped_column(String(64))
    valid_until: Mapped[date] = mapped_column(Date)
    revoked: Mapped[bool] = mapped_column(default=False)
