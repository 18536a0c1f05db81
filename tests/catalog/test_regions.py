from hypothesis import given
from hypothesis import strategies as st

from zhongjie.base.regions import ancestors_and_self


def test_district_city_province() -> None:
    assert ancestors_and_self("440705") == ["440705", "440700", "440000"]
    assert ancestors_and_self("370100") == ["370100", "370000"]
    assert ancestors_and_self("370000") == ["370000"]


@given(st.from_regex(r"\d{6}", fullmatch=True))
def test_every_ancestor_is_a_prefix_padded_with_zeros(code: str) -> None:
    chain = ancestors_and_self(code)
    assert chain[0] == code
    assert len(set(chain)) == len(chain)
    for ancestor in chain[1:]:
        significant = ancestor.rstrip("0")
        assert code.startswith(significant)
        assert ancestor.endswith("00")
