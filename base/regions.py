"""Rules of the national administrative division codes (GB/T 2260)."""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement
from sqlalchemy.sql.elements import SQLCoreOperations

# a division code: two digits each for the province, the city and the county
REGION_CODE = re.compile(r"^\d{6}$")


def ancestors_and_self(code: str) -> list[str]:
    """The code and the codes of the divisions above it: 440705 -> [440705, 440700, 440000].

    Division codes nest by digits: two for the province, two for the city, two for
    the county; "use by level" (分级使用) means a district uses its city's and
    province's lists too.
    """
    chain = [code]
    for prefix_length in (4, 2):
        parent = code[:prefix_length] + "0" * (6 - prefix_length)
        if parent != chain[-1]:
            chain.append(parent)
    return chain


def region_prefix(code: str) -> str:
    """The code's significant digits, shared by every division below it: 370000 → 37, 370100 → 3701,
    370102 → 370102."""
    return code[:2] if code.endswith("0000") else code[:4] if code.endswith("00") else code


def within_region(column: SQLCoreOperations[str], code: str) -> ColumnElement[bool]:
    """`column` holds the division `code` or one below it, as a range its index can scan (a `LIKE`
    prefix cannot use the index outside the C collation): 370100 → '3701' <= column < '3702'."""
    prefix = region_prefix(code)
    following = str(int(prefix) + 1)
    if len(following) > len(prefix):  # 99…: nothing sorts after it at this length
        return column >= prefix
    return (column >= prefix) & (column < following.zfill(len(prefix)))


# digits significant at each level (1 province, 2 city, 3 district)
LEVEL_DIGITS = {1: 2, 2: 4, 3: 6}
