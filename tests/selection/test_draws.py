"""The verifiable draw: uniform, reproducible, and checked by the verifier."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from zhongjie.domain import draws


@given(
    st.binary(min_size=32, max_size=32),
    st.lists(st.text(min_size=1, max_size=4), unique=True, max_size=30),
    st.integers(0, 40),
)
def test_picks_are_distinct_members_and_reproducible(seed: bytes, items: list[str], count: int) -> None:
    key = draws.draw_key(seed, draws.candidates_hash(items), "witness")
    picked = draws.pick(key, "targets:x", items, count)
    assert len(picked) == min(count, len(items)) == len(set(picked))
    assert set(picked) <= set(items)
    assert picked == draws.pick(key, "targets:x", items, count)


def test_the_pick_is_close_to_uniform() -> None:
    items = [str(n) for n in range(5)]
    firsts = Counter(
        draws.pick(draws.draw_key(bytes([n % 256, n // 256]) * 16, "h", "w"), "l", items, 1)[0]
        for n in range(5000)
    )
    assert all(900 < count < 1100 for count in firsts.values()), firsts


def test_uniform_below_rejects_the_biased_tail() -> None:
    stream = iter([draws.MAX_VALUE - 1, 7])  # the first value lies in the rejected tail for bound 3
    assert draws.uniform_below(stream, 3) == 7 % 3


def test_commitment_binds_the_seed() -> None:
    seed = draws.new_seed()
    assert draws.commitment(seed) == draws.commitment(seed)
    assert draws.commitment(seed) != draws.commitment(draws.new_seed())
