"""Who sees a user and who sees an organisation."""

from __future__ import annotations

from zhongjie.auth.principal import Role
from zhongjie.auth.visibility import OWN_ORGANISATION, SELF, Audience, RowRule

# a user: the operators, the user itself and its organisation's members (`user_id`, `organisation_id`)
USER_ROWS = RowRule(Audience(roles=frozenset({Role.OPERATOR}), relations=(SELF, OWN_ORGANISATION)))

# an organisation nobody may know of yet (an application's, a draft's): staff and its own members only;
# `publicly_known` once it owns a public project or a public agency is its
ORGANISATION_ROWS = RowRule(
    Audience(roles=frozenset({Role.OPERATOR, Role.AUTHORITY}), relations=(OWN_ORGANISATION,)),
    public_when=lambda organisation: organisation.publicly_known,
)
