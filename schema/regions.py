"""Administrative divisions (行政区划)."""

from __future__ import annotations

from enum import Enum
from typing import Self

import strawberry

from zhongjie.models import Region as RegionRow
from zhongjie.schema.loaded import loaded
from zhongjie.schema.relay import Node


@strawberry.enum(description="Level of an administrative division (行政区划级别).")
class RegionLevel(Enum):
    PROVINCE = strawberry.enum_value(1, description="省级 province-level")
    CITY = strawberry.enum_value(2, description="地市级 prefecture-level")
    DISTRICT = strawberry.enum_value(3, description="区县级 county-level")


@strawberry.type(description="An administrative division (行政区划) by its national 6-digit code.")
class Region(Node):
    code: str = strawberry.field(description="6-digit division code (行政区划代码), e.g. 440705.")
    name: str = strawberry.field(description="Name (名称), e.g. 新会区.")
    level: RegionLevel = strawberry.field(description="Level (级别).")
    parent_code: strawberry.Private[str | None]

    def node_key(self) -> object:
        return self.code

    @classmethod
    def from_row(cls, row: RegionRow) -> Self:
        return cls(code=row.code, name=row.name, level=RegionLevel(row.level), parent_code=row.parent_code)

    @loaded(
        lambda loaders: loaders.region,
        key=lambda region: region.parent_code,
        description="The division this one belongs to (上级区划); null for a province.",
    )
    def parent(self, row: RegionRow | None) -> Region | None:
        return Region.from_row(row) if row else None

    @loaded(
        lambda loaders: loaders.regions_by_parent,
        key=lambda region: region.code,
        description="Divisions directly below this one (下级区划), by code.",
    )
    def children(self, rows: list[RegionRow]) -> list[Region]:
        return [Region.from_row(row) for row in rows]


@strawberry.input(description="Filter for `regions`.")
class RegionFilter:
    parent_code: str | None = strawberry.field(
        default=None, description="Divisions directly below this code."
    )
    level: RegionLevel | None = strawberry.field(default=None, description="Divisions of this level.")
    search: str | None = strawberry.field(default=None, description="Text in the name or code.")
