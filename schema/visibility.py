"""Declaring non-public fields on GraphQL types, and reporting what was withheld.

`restricted(rule, ...)` declares a field together with its `FieldRule`; the field's
value then passes through the one `VISIBILITY` policy on every resolution. Withheld
field coordinates (`Type.field`) are listed once in the response's
`extensions.visibility`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import strawberry
from strawberry.extensions import FieldExtension, SchemaExtension

from zhongjie.auth.visibility import VISIBILITY, FieldRule

T = TypeVar("T")


class RestrictedField(FieldExtension):
    def __init__(self, rule: FieldRule) -> None:
        self.rule = rule

    def _visible(self, source: Any, info: strawberry.Info) -> bool:
        return VISIBILITY.sees_field(info.context.principal, self.rule, source)

    def _finish(self, source: Any, info: strawberry.Info, value: Any) -> Any:
        revealed = VISIBILITY.reveal(info.context.principal, self.rule, source, value)
        if revealed.withheld:
            info.context.withheld.add(f"{info._raw_info.parent_type.name}.{info.field_name}")
        return revealed.value

    def resolve(self, next_: Callable[..., Any], source: Any, info: strawberry.Info, **kwargs: Any) -> Any:
        if not self._visible(source, info) and self.rule.mask is None:
            return self._finish(source, info, None)  # not even computed
        return self._finish(source, info, next_(source, info, **kwargs))

    async def resolve_async(
        self, next_: Callable[..., Awaitable[Any]], source: Any, info: strawberry.Info, **kwargs: Any
    ) -> Any:
        if not self._visible(source, info) and self.rule.mask is None:
            return self._finish(source, info, None)
        return self._finish(source, info, await next_(source, info, **kwargs))


def _audience_text(rule: FieldRule) -> str:
    audience = rule.audience
    parts = [f"role {role.value}" for role in sorted(audience.roles)]
    parts += [relation.name for relation in audience.relations]
    parts += [f"scope {scope}" for scope in sorted(audience.scopes)]
    if audience.authenticated:
        parts.append("any signed-in user")
    others = "masked" if rule.mask else "null"
    return f"非公开 Restricted to: {', '.join(parts)}; others get {others}."


def restricted(rule: FieldRule, *, description: str, resolver: Callable[..., Any] | None = None) -> Any:
    """A field whose value is shown only as `rule` allows; the rule is stated in its description."""
    extensions = [RestrictedField(rule)]
    full_description = f"{description} {_audience_text(rule)}"
    if resolver is not None:
        return strawberry.field(resolver=resolver, description=full_description, extensions=extensions)
    return strawberry.field(description=full_description, extensions=extensions)


def field_rule(field: Any) -> FieldRule | None:
    """The rule a strawberry field was declared with, if it is restricted."""
    for extension in getattr(field, "extensions", None) or ():
        if isinstance(extension, RestrictedField):
            return extension.rule
    return None


class VisibilityReport(SchemaExtension):
    """Adds `extensions.visibility`: the coordinates of fields withheld in this response."""

    def get_results(self) -> dict[str, Any]:
        withheld = getattr(self.execution_context.context, "withheld", None)
        return {"visibility": sorted(withheld)} if withheld else {}


def visible(info: strawberry.Info, nodes: list[T]) -> list[T]:
    """The objects the caller may see, by each type's declared row rule."""
    principal = info.context.principal
    return [node for node in nodes if VISIBILITY.sees_row(principal, getattr(node, "row_rule", None), node)]
