"""Relay building blocks: the `Node` interface and connections (global IDs: `base.global_ids`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Generic, TypeVar

import strawberry
from strawberry.types import get_object_definition

from zhongjie.base.global_ids import encode_global_id
from zhongjie.resolvers.pagination import Page

NodeType = TypeVar("NodeType")
Row = TypeVar("Row")


@strawberry.interface(description="An object with a stable, opaque global ID (Relay 节点).")
class Node:
    @strawberry.field(description="Opaque global ID; use it with `node(id:)`.")
    def id(self) -> strawberry.ID:
        type_name = get_object_definition(type(self), strict=True).name
        return strawberry.ID(encode_global_id(type_name, self.node_key()))

    def node_key(self) -> object:  # overridden by every implementing type
        raise TypeError(f"{type(self).__name__} does not define its node key")


@strawberry.type(description="Paging state of a connection.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow `endCursor`.")
    has_previous_page: bool = strawberry.field(description="Items precede `startCursor`.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first edge.")
    end_cursor: str | None = strawberry.field(description="Cursor of the last edge; pass it as `after`.")


@strawberry.type(description="An item of a connection with its cursor.")
class Edge(Generic[NodeType]):
    cursor: str = strawberry.field(description="Opaque position of this edge.")
    node: NodeType = strawberry.field(description="The item.")


@strawberry.type(description="A page of items with keyset pagination (`first`/`after`).")
class Connection(Generic[NodeType]):
    edges: list[Edge[NodeType]] = strawberry.field(description="The items of this page.")
    page_info: PageInfo = strawberry.field(description="Paging state.")
    count_total: strawberry.Private[Callable[[], Awaitable[int]]]

    @classmethod
    def of(cls, page: Page[Row], wrap: Callable[[Row], NodeType]) -> Connection[NodeType]:
        """The connection showing `page`, each row as `wrap` makes it (e.g. `Agency.from_row`)."""
        edges = [
            Edge(cursor=cursor, node=wrap(row)) for row, cursor in zip(page.rows, page.cursors, strict=True)
        ]
        page_info = PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=page.has_previous_page,
            start_cursor=page.cursors[0] if page.cursors else None,
            end_cursor=page.cursors[-1] if page.cursors else None,
        )
        return cls(edges=edges, page_info=page_info, count_total=page.count_total)

    @strawberry.field(description="Number of items matching the filter, over all pages.")
    async def total_count(self) -> int:
        return await self.count_total()


First = Annotated[int, strawberry.argument(description="Page size (每页条数), 1 to 100.")]
After = Annotated[
    str | None, strawberry.argument(description="Continue after this cursor (`pageInfo.endCursor`).")
]
