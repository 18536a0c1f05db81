"""Reads are batched: the statement count of a catalog page does not grow with its size."""

from __future__ import annotations

import pytest

PAGE = """query($first: Int!) { serviceItems(first: $first) { totalCount edges { node {
  code name administrativeMatters { code name powerType }
  qualificationRequirements { qualificationType { code name } minLevel } } } } }"""


@pytest.mark.parametrize("first", [10, 100])
async def test_catalog_page_with_matters_and_requirements_takes_at_most_four_statements(
    gql, count_statements, first: int
) -> None:
    with count_statements() as counter:
        data = await gql.data(PAGE, {"first": first})
    assert len(data["serviceItems"]["edges"]) == min(first, data["serviceItems"]["totalCount"])
    assert counter.count <= 4, counter.statements


async def test_statement_count_is_the_same_for_small_and_large_pages(gql, count_statements) -> None:
    counts = []
    for first in (10, 100):
        with count_statements() as counter:
            await gql.data(PAGE, {"first": first})
        counts.append(counter.count)
    assert counts[0] == counts[1]
