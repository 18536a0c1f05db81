"""The average-price rule (均价选取) as properties, and its five-offer threshold."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from zhongjie.domain.selection.rules import Offer, average_price_mean, average_price_ranking, trimmed

START = datetime(2026, 11, 23, tzinfo=UTC)

prices = st.integers(min_value=1, max_value=2000).map(lambda yuan: Decimal(yuan) * 100)
offer_lists = st.lists(prices, min_size=1, max_size=12).map(
    lambda values: [Offer(f"A{n}", price, START + timedelta(seconds=n)) for n, price in enumerate(values)]
)


def _example(*values: int) -> list[Offer]:
    return [Offer(f"A{n}", Decimal(v), START + timedelta(seconds=n)) for n, v in enumerate(values)]


def test_below_five_offers_nothing_is_dropped_and_from_five_the_extremes_are() -> None:
    four = _example(100, 200, 300, 1000)  # mean 400: 300 is closest
    assert average_price_ranking(four)[0].price == 300
    five = _example(100, 200, 300, 1000, 50)  # 50 and 1000 dropped: mean 200
    assert average_price_mean(five) == 200 and average_price_ranking(five)[0].price == 200


def test_ties_go_to_the_lower_offer_then_the_earlier() -> None:
    assert average_price_ranking(_example(100, 300))[0].price == 100  # both 100 from the mean of 200
    same = _example(200, 200, 100, 300)
    assert average_price_ranking(same)[0].agency == "A0"


@given(offer_lists)
def test_the_winner_is_closest_to_the_mean_of_the_counted_offers(offers: list[Offer]) -> None:
    ranking = average_price_ranking(offers)
    counted = trimmed(offers)
    mean = average_price_mean(offers)
    assert mean is not None and ranking[0] in counted
    assert len(counted) == (len(offers) - 2 if len(offers) >= 5 else len(offers))
    best = min(abs(offer.price - mean) for offer in counted)
    assert abs(ranking[0].price - mean) == best
    assert ranking == sorted(counted, key=lambda o: (abs(o.price - mean), o.price, o.at))


@given(offer_lists.filter(lambda offers: len(offers) >= 5))
def test_from_five_offers_one_lowest_and_one_highest_never_win(offers: list[Offer]) -> None:
    counted = trimmed(offers)
    dropped = [offer for offer in offers if offer not in counted]
    assert len(dropped) == 2
    assert {offer.price for offer in dropped} == {
        min(o.price for o in offers),
        max(o.price for o in offers),
    } or (min(o.price for o in offers) == max(o.price for o in offers))
    assert average_price_ranking(offers)[0] not in dropped
