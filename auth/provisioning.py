"""First use of a valid token provisions its user and organisation; later uses keep them current."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.claims import TokenIdentity
from zhongjie.base.clock import utcnow
from zhongjie.models import Organisation, User
from zhongjie.models.database import Database

CACHE_SIZE = 10_000


@dataclass(frozen=True)
class Provisioned:
    user_id: int
    organisation_id: int | None


class Provisioner:
    """Upserts by (issuer, subject) and by organisation code; remembers identities it has stored,
    so a token seen before costs no database round trip."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._stored: OrderedDict[TokenIdentity, Provisioned] = OrderedDict()

    async def provision(self, identity: TokenIdentity) -> Provisioned:
        key = _stable(identity)
        if (known := self._stored.get(key)) is not None:
            self._stored.move_to_end(key)
            return known
        provisioned = await self.database.run_transaction(lambda session: _upsert(session, identity))
        self._stored[key] = provisioned
        if len(self._stored) > CACHE_SIZE:
            self._stored.popitem(last=False)
        return provisioned


def _stable(identity: TokenIdentity) -> TokenIdentity:
    """The identity without what changes with every token, as the cache key."""
    return replace(identity, expires_at=None, scopes=frozenset(), roles=frozenset())


async def _upsert(session: AsyncSession, identity: TokenIdentity) -> Provisioned:
    """Rows are locked `FOR NO KEY UPDATE`: their keys never change here, and a stronger lock would wait on
    (and deadlock with) the key-share locks that writes referring to the same user or organisation hold."""
    now = utcnow()
    organisation_id = None
    if identity.organisation_code:
        organisation = await session.scalar(
            select(Organisation)
            .where(Organisation.code == identity.organisation_code)
            .with_for_update(key_share=True)
        )
        if organisation is None:
            organisation = Organisation(code=identity.organisation_code, created_at=now, updated_at=now)
            session.add(organisation)
        _update(
            organisation,
            now,
            name=identity.organisation_name,
            contact_phone=identity.organisation_phone,
            region_code=identity.region_code,
        )
        await session.flush()
        organisation_id = organisation.id
    user = await session.scalar(
        select(User)
        .where(User.issuer == identity.issuer, User.subject == identity.subject)
        .with_for_update(key_share=True)
    )
    if user is None:
        user = User(issuer=identity.issuer, subject=identity.subject, created_at=now, updated_at=now)
        session.add(user)
    _update(user, now, name=identity.name, email=identity.email, phone=identity.phone)
    if user.organisation_id != organisation_id:
        user.organisation_id = organisation_id
        user.updated_at = now
    await session.flush()
    return Provisioned(user_id=user.id, organisation_id=organisation_id)


def _update(row: Organisation | User, now: datetime, **values: str | None) -> None:
    """Take what the token states; a claim the token leaves out keeps the stored value."""
    changed = False
    for name, value in values.items():
        if value is not None and getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    if changed:
        row.updated_at = now
