"""The one visibility policy for non-public data.

A non-public field declares its `FieldRule` where it is declared (see
`zhongjie.schema.visibility.restricted`); a type whose rows are not public declares a
`RowRule`. Both are decided here and only here, by `VISIBILITY`, which GraphQL,
subscriptions, webhooks and exports all call. A caller who may not see a field gets
null, or the masked value when the rule has a mask; rows a caller may not see are
absent, indistinguishable from rows that do not exist.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from zhongjie.auth.principal import Principal, Role

Row = TypeVar("Row")


class Related(Protocol):
    """What relations read from a row: its user and organisation, where it has them."""

    user_id: int | None
    organisation_id: int | None


@dataclass(frozen=True)
class Relation:
    """A named relation between the caller and a row, such as "own organisation"."""

    name: str
    holds: Callable[[Principal, Any], bool] = field(compare=False)


SELF = Relation("self", lambda p, row: p.user_id is not None and getattr(row, "user_id", None) == p.user_id)
OWN_ORGANISATION = Relation(
    "own organisation",
    lambda p, row: (
        p.organisation_id is not None and getattr(row, "organisation_id", None) == p.organisation_id
    ),
)


@dataclass(frozen=True)
class Audience:
    """Who may see: any of `roles`, any caller in one of `relations` to the row, any holder of
    one of `scopes`, or (with `authenticated`) anyone signed in."""

    roles: frozenset[Role] = frozenset()
    relations: tuple[Relation, ...] = ()
    scopes: frozenset[str] = frozenset()
    authenticated: bool = False

    def includes(self, principal: Principal, row: Any) -> bool:
        if self.authenticated and principal.is_authenticated:
            return True
        if principal.has_role(*self.roles) or not self.scopes.isdisjoint(principal.scopes):
            return True
        return any(relation.holds(principal, row) for relation in self.relations)


@dataclass(frozen=True)
class FieldRule:
    """A non-public field: `audience` sees the value, others null or `mask(value)`."""

    audience: Audience
    mask: Callable[[Any], Any] | None = None


@dataclass(frozen=True)
class RowRule:
    """A non-public type: only `audience` sees its rows, except rows for which `public_when` holds.

    `sql` states the same rule as a SQL condition for `principal`, so lists filter in the
    database and their pages and counts stay right; it is declared beside the rule it mirrors.
    """

    audience: Audience
    public_when: Callable[[Any], bool] | None = None
    sql: Callable[[Principal], Any] | None = None


@dataclass(frozen=True)
class Revealed:
    value: Any
    withheld: bool  # hidden or masked: the caller did not get the real value


class VisibilityPolicy:
    def sees_field(self, principal: Principal, rule: FieldRule, row: Any) -> bool:
        return rule.audience.includes(principal, row)

    def reveal(self, principal: Principal, rule: FieldRule, row: Any, value: Any) -> Revealed:
        if self.sees_field(principal, rule, row):
            return Revealed(value, withheld=False)
        if rule.mask is not None and value is not None:
            return Revealed(rule.mask(value), withheld=True)
        return Revealed(None, withheld=True)

    def sees_row(self, principal: Principal, rule: RowRule | None, row: Any) -> bool:
        if rule is None or (rule.public_when is not None and rule.public_when(row)):
            return True
        return rule.audience.includes(principal, row)

    def row_filter(self, principal: Principal, rule: RowRule) -> Any:
        """The SQL condition selecting the rows `principal` may see."""
        if rule.sql is None:
            raise TypeError("this row rule has no SQL form; filter the rows with visible_rows")
        return rule.sql(principal)

    def visible_rows(self, principal: Principal, rule: RowRule | None, rows: Iterable[Row]) -> list[Row]:
        return [row for row in rows if self.sees_row(principal, rule, row)]


VISIBILITY = VisibilityPolicy()


def mask_phone(phone: str) -> str:
    """138****5678: the first three and the last four digits stay, the rest are starred."""
    digits = phone.strip()
    if len(digits) <= 7:
        return "*" * max(len(digits) - 2, 0) + digits[-2:]
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_email(email: str) -> str:
    """a***@example.cn"""
    local, at, domain = email.partition("@")
    return (local[:1] + "***" + at + domain) if at else "***"
