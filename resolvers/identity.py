"""Reads of identity: the caller."""

from __future__ import annotations

from zhongjie.auth.principal import Principal
from zhongjie.resolvers.context import RequestContext


def viewer(context: RequestContext) -> Principal | None:
    """The caller's principal; None without a token."""
    principal = context.principal
    return principal if principal.is_authenticated else None
