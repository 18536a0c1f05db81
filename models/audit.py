"""The audit log (审计日志): every mutation, append-only, each entry chained by hash to the one before it on
its chain; the chains' heads are sealed together, from time to time, into one chain of seals."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from zhongjie.models.base import Base, UTCDateTime
from zhongjie.models.credit import JSONDocument


class AuditEntry(Base):
    __tablename__ = "audit_entries"
    __table_args__ = (UniqueConstraint("chain", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # the log's order, across its chains
    chain: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, doc="Place on its chain, from 1, without gaps.")
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    request_id: Mapped[str] = mapped_column(String(64))
    actor_user_id: Mapped[int | None] = mapped_column(Integer)
    actor_roles: Mapped[list[str]] = mapped_column(JSONDocument)
    action: Mapped[str] = mapped_column(String(80), index=True)
    target: Mapped[str | None] = mapped_column(String(120), index=True)
    outcome: Mapped[str] = mapped_column(String(16))
    details: Mapped[dict[str, Any]] = mapped_column(
        JSONDocument, doc="Input (secrets dropped), errors, changes."
    )
    previous_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))


class AuditChainHead(Base):
    """A chain's last position and hash (`id` is the chain): the row its appenders lock, and what catches a
    truncated tail."""

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    entry_hash: Mapped[str] = mapped_column(String(64))


class AuditSeal(Base):
    """Every chain's head as of one moment, chained to the seal before: a chain cut back and its head
    rewritten to match still disagrees with the seals."""

    __tablename__ = "audit_seals"

    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    sealed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    heads: Mapped[list[list[Any]]] = mapped_column(JSONDocument, doc="[chain, position, entry hash] each.")
    previous_hash: Mapped[str] = mapped_column(String(64))
    seal_hash: Mapped[str] = mapped_column(String(64))
