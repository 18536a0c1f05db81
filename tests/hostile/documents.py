"""Hostile GraphQL documents by class, as an attacker outside would write them; each small enough to pass
the body and token limits."""

from __future__ import annotations

from typing import Any

REGION_ID = "UmVnaW9uOjM3MDAwMA"  # any well-formed ID: the shape is refused before anything is looked up


def spread_twice(levels: int = 24) -> str:
    """Each fragment spreads the one below it twice: the analysis must not walk 2^levels selections."""
    fragments = ["fragment F0 on Region { code name }"]
    fragments += [f"fragment F{i} on Region {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, levels)]
    return _regions_page(f"...F{levels - 1}") + "\n" + "\n".join(fragments)


def spread_twice_nested(levels: int = 24) -> str:
    """As `spread_twice`, each level also nesting `children`: an astronomically costly document."""
    fragments = ["fragment F0 on Region { code name }"]
    fragments += [
        f"fragment F{i} on Region {{ ...F{i - 1} children {{ ...F{i - 1} }} }}" for i in range(1, levels)
    ]
    return _regions_page(f"...F{levels - 1}") + "\n" + "\n".join(fragments)


def _regions_page(selection: str) -> str:
    return "{ regions(first: 1) { edges { node { " + selection + " } } } }"


def region_ladder(levels: int = 4) -> str:
    """`children { parent { … } }` repeated, the way through `regions` is refused."""
    return "children { parent { " * levels + "code" + " } }" * levels


def under_node(levels: int = 4) -> str:
    return f'{{ node(id: "{REGION_ID}") {{ id ... on Region {{ {region_ladder(levels)} }} }} }}'


def under_nodes(levels: int = 4) -> str:
    return (
        f'{{ nodes(ids: ["{REGION_ID}"]) {{ id ...R }} }} fragment R on Region {{ {region_ladder(levels)} }}'
    )


def under_regions(levels: int = 4) -> str:
    return f"{{ regions(first: 1) {{ edges {{ node {{ {region_ladder(levels)} }} }} }} }}"


def aliased_introspection(count: int = 500) -> str:
    fields = " ".join(f"a{i}: __schema {{ types {{ name }} }}" for i in range(count))
    return f"{{ {fields} }}"


def introspection_under_the_alias_limit(count: int = 25) -> str:
    fields = " ".join(
        f"a{i}: __schema {{ types {{ name fields {{ name args {{ name type {{ name }} }} }} }} }}"
        for i in range(count)
    )
    return f"{{ {fields} }}"


def repeated_field(count: int = 1200) -> str:
    """One response name a thousand times: validation compares every pair."""
    return "{{ {} }}".format(" ".join("serviceClock { now }" for _ in range(count)))


def repeated_through_fragments(count: int = 300) -> str:
    spreads = " ".join(f"...F{i}" for i in range(count))
    fragments = " ".join(f"fragment F{i} on Query {{ serviceClock {{ now }} }}" for i in range(count))
    return f"{{ {spreads} }} {fragments}"


def repeated_within_repeated(outer: int = 20, inner: int = 19) -> str:
    """Twenty fields of one name, each holding nineteen of another: within every per-set limit, yet
    validation compares 20 × 20 × 19 × 19 pairs."""
    children = " ".join("children { code name }" for _ in range(inner))
    return "{{ {} }}".format(
        " ".join(f"regions(first: 1) {{ edges {{ node {{ code {children} }} }} }}" for _ in range(outer))
    )


ITEMS_PAGE = (
    "query($first: Int) { serviceItems(first: $first) { edges { node { code versions { version } } } } }"
)

# every class, as (document, variables, signed in): the event-loop test sends them all
HOSTILE: dict[str, tuple[str, dict[str, Any], bool]] = {
    "fragments spreading twice": (spread_twice(), {}, False),
    "fragments spreading twice, nested": (spread_twice_nested(), {}, False),
    "inline fragments under node": (under_node(), {}, False),
    "a fragment under nodes": (under_nodes(), {}, False),
    "aliased introspection": (aliased_introspection(), {}, True),
    "introspection under the alias limit": (introspection_under_the_alias_limit(), {}, True),
    "one field repeated": (repeated_field(), {}, False),
    "one field repeated through fragments": (repeated_through_fragments(), {}, False),
    "repeats within repeats": (repeated_within_repeated(), {}, False),
    "a float page size": (ITEMS_PAGE, {"first": 100.0}, False),
}
