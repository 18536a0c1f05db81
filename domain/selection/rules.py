"""The selection rules themselves, as pure functions over offers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

AVERAGE_PRICE_TRIM_FROM = 5  # with at least this many offers the single highest and lowest are dropped


@dataclass(frozen=True)
class Offer:
    agency: str  # unified social credit code
    price: Decimal
    at: datetime  # server time of the offer


def trimmed(offers: Sequence[Offer]) -> list[Offer]:
    """The offers the average counts: with at least five, all but the single lowest and the single highest
    (of equal extremes, the later offer is the one dropped)."""
    kept = list(offers)
    if len(kept) >= AVERAGE_PRICE_TRIM_FROM:
        kept.remove(min(kept, key=lambda offer: (offer.price, -offer.at.timestamp())))
        kept.remove(max(kept, key=lambda offer: (offer.price, offer.at.timestamp())))
    return kept


def average_price_mean(offers: Sequence[Offer]) -> Decimal | None:
    kept = trimmed(offers)
    return sum((offer.price for offer in kept), Decimal(0)) / len(kept) if kept else None


def average_price_ranking(offers: Sequence[Offer]) -> list[Offer]:
    """均价选取, ranked: the offers the average counts, by distance to their mean, then the lower price, then
    the earlier offer. The first wins; the next is next-ranked should the winner withdraw."""
    mean = average_price_mean(offers)
    if mean is None:
        return []
    return sorted(trimmed(offers), key=lambda offer: (abs(offer.price - mean), offer.price, offer.at))


def bidding_ranking(offers: Sequence[Offer]) -> list[Offer]:
    """竞价选取, ranked: each agency by its lowest offer (of equal ones, its earliest); the lowest price
    first, ties to the earliest offer by server time."""
    best: dict[str, Offer] = {}
    for offer in offers:
        held = best.get(offer.agency)
        if held is None or (offer.price, offer.at) < (held.price, held.at):
            best[offer.agency] = offer
    return sorted(best.values(), key=lambda offer: (offer.price, offer.at))


def merit_totals(weights: dict[str, int], scores: Sequence[dict[str, int]]) -> Decimal:
    """择优选取: each criterion's score (0–100) averaged over the scorers, weighted (weights sum to 100);
    the total is 0 to 100, to two places."""
    total = Decimal(0)
    for criterion, weight in weights.items():
        mean = Decimal(sum(score[criterion] for score in scores)) / len(scores)
        total += mean * weight / 100
    return total.quantize(Decimal("0.01"))


def merit_ranking(totals: dict[str, Decimal], signup_order: Sequence[str]) -> list[str]:
    """The highest total first; equal totals by the earlier sign-up."""
    position = {agency: index for index, agency in enumerate(signup_order)}
    return sorted(totals, key=lambda agency: (-totals[agency], position[agency]))
