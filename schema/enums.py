"""GraphQL enums made from the domain's labelled enums, each value described by its Chinese term."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry.types.enum import StrawberryEnumDefinition

from zhongjie.domain.catalog.vocabulary import LabelledEnum, PowerType, PricingType, ServiceType
from zhongjie.resolvers.pagination import SortDirection


def labelled(
    enum: type[Enum], *, name: str, description: str, labels: Mapping[Any, str] | None = None
) -> StrawberryEnumDefinition:
    """Expose `enum` under `name`; each value is described by `labels[member]` or its own `label`.

    The definition is made at once and returned for `Annotated[enum, labelled(enum, ...)]`: annotations
    name the exposed enum by that alias, which mypy takes as a type (a variable bound to what
    `strawberry.enum` returns is not one).
    """
    exposed = strawberry.enum(enum, name=name, description=description)
    definition: StrawberryEnumDefinition = exposed.__strawberry_definition__  # type: ignore[attr-defined]  # strawberry.enum sets it, untyped
    for value in definition.values:
        member = enum[value.name]
        if labels is not None:
            value.description = labels[member]
        elif isinstance(member, LabelledEnum):
            value.description = member.label
    return definition


ServiceTypeEnum = Annotated[
    ServiceType,
    labelled(ServiceType, name="ServiceType", description="Kind of intermediary service (服务类型)."),
]
PricingTypeEnum = Annotated[
    PricingType, labelled(PricingType, name="PricingType", description="How the fee is set (收费方式).")
]
PowerTypeEnum = Annotated[
    PowerType,
    labelled(PowerType, name="PowerType", description="Kind of administrative power of a matter (权力类型)."),
]
SortDirectionEnum = Annotated[
    SortDirection,
    labelled(
        SortDirection,
        name="SortDirection",
        description="Sort direction.",
        labels={SortDirection.ASC: "升序 ascending", SortDirection.DESC: "降序 descending"},
    ),
]
