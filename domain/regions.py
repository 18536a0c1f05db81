"""Rules of the national administrative division codes (GB/T 2260)."""

from __future__ import annotations


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
