"""Root query resolvers of identity."""

from __future__ import annotations

import strawberry

from zhongjie.schema.identity import Viewer


def viewer(info: strawberry.Info) -> Viewer | None:
    principal = info.context.principal
    return Viewer(principal=principal) if principal.is_authenticated else None
