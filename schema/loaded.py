"""Fields whose value is a related row read through a per-request loader (`resolvers.loaders`).

A field declared with `loaded` names its loader, the key it asks the loader for on its object and how
the loaded value is shown; from that one declaration come both its resolver (one object at a time,
batched by the loader) and its `Batch`, with which the compiled read path (`schema.compiled`) loads
the field for all the objects of a level at once.

    @loaded(lambda loaders: loaders.region, key=lambda item: item.region_code, description="…")
    def region(self, row: RegionRow) -> Region:
        return Region.from_row(row)

A key of None loads nothing and shows None: `present` receives None, as for a row that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import strawberry
from aiodataloader import DataLoader

from zhongjie.resolvers.loaders import Loaders

LoaderOf = Callable[[Loaders], DataLoader[Any, Any]]
Present = Callable[[Any, Any], Any]


@dataclass(frozen=True)
class Batch:
    """How a loaded field is read: `present(parent, loader(loaders).load(key(parent)))`."""

    loader: LoaderOf
    key: Callable[[Any], Hashable | None]
    present: Present

    async def load_all(self, loaders: Loaders, parents: Sequence[Any]) -> list[Any]:
        """The field's value on each of `parents`, their distinct keys asked of the loader at once."""
        keys = [self.key(parent) for parent in parents]
        distinct = list(dict.fromkeys(key for key in keys if key is not None))
        values = dict(zip(distinct, await self.loader(loaders).load_many(distinct), strict=True))
        return [
            self.present(parent, None if key is None else values[key])
            for parent, key in zip(parents, keys, strict=True)
        ]


def loaded(
    loader: LoaderOf, *, key: Callable[[Any], Hashable | None], description: str
) -> Callable[[Present], Any]:
    """Declare a strawberry field showing `present(self, value)` of the value loaded by `key(self)`."""

    def declare(present: Present) -> Any:
        batch = Batch(loader, key, present)

        async def resolve(self: Any, info: strawberry.Info) -> Any:
            wanted = key(self)
            return present(self, None if wanted is None else await loader(info.context.loaders).load(wanted))

        # the field's type is `present`'s return annotation, read in `present`'s module
        resolve.__annotations__ = {"info": strawberry.Info, "return": present.__annotations__["return"]}
        resolve.__module__ = present.__module__
        resolve.__name__ = resolve.__qualname__ = present.__name__
        resolve.batch = batch  # type: ignore[attr-defined]  # read back by `batch_of`
        return strawberry.field(resolver=resolve, description=description)

    return declare


def batch_of(resolver: object) -> Batch | None:
    """The `Batch` of a resolver made by `loaded`, if it is one."""
    found = getattr(resolver, "batch", None)
    return found if isinstance(found, Batch) else None
