"""GraphQL enums made from the domain's labelled enums, each value described by its Chinese term."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any, TypeVar

import strawberry

from zhongjie.domain.catalog.vocabulary import LabelledEnum, PowerType, PricingType, ServiceType
from zhongjie.resolvers.pagination import SortDirection

E = TypeVar("E", bound=type[Enum])


def labelled(enum: E, *, name: str, description: str, labels: Mapping[Any, str] | None = None) -> E:
    """Expose `enum` under `name`; each value is described by `labels[member]` or its own `label`."""
    exposed = strawberry.enum(enum, name=name, description=description)
    definition: Any = exposed.__strawberry_definition__  # type: ignore[attr-defined]
    for value in definition.values:
        member = enum[value.name]
        if labels is not None:
            value.description = labels[member]
        elif isinstance(member, LabelledEnum):
            value.description = member.label
    return exposed


ServiceTypeEnum = labelled(
    ServiceType, name="ServiceType", description="Kind of intermediary service (服务类型)."
)
PricingTypeEnum = labelled(PricingType, name="PricingType", description="How the fee is set (收费方式).")
PowerTypeEnum = labelled(
    PowerType, name="PowerType", description="Kind of administrative power of a matter (权力类型)."
)
SortDirectionEnum = labelled(
    SortDirection,
    name="SortDirection",
    description="Sort direction.",
    labels={SortDirection.ASC: "升序 ascending", SortDirection.DESC: "降序 descending"},
)
