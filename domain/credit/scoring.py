"""The published credit rule (信用评价规则). `docs/credit-scoring.md` states it in words with worked
examples, and the tests run those very examples through this code.

Rule `credit-v1`:
- Only records that are VALID and within their validity on the day count.
- score = 90 + bonus − penalties, kept within 0..100; bonus is +5 a reward, +3 a commendation, at most +10.
- Penalties: administrative penalty, performance default, inspection failure by severity (minor 5,
  general 10, serious 20); upheld complaint 8; poor evaluation 3; dishonesty (严重失信) 40.
- Level: A from 90, B from 75, C from 60, D below.
- Restriction: blacklisted with any counting dishonesty record; else restricted at level D; else key
  supervision at level C or with any counting serious record; else none.

Since records count by the day, an assessment also names the next day on which one starts or stops
counting (`reassess_on`): the timed jobs assess the profile again then.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from zhongjie.domain.credit.vocabulary import CreditCategory, CreditLevel, RecordStatus, Restriction, Severity

RULE_VERSION = "credit-v1"
BASE_SCORE = 90
MAX_BONUS = 10
BONUS = {CreditCategory.REWARD: 5, CreditCategory.COMMENDATION: 3}
BY_SEVERITY = {Severity.MINOR: 5, Severity.GENERAL: 10, Severity.SERIOUS: 20}
FIXED_PENALTY = {
    CreditCategory.UPHELD_COMPLAINT: 8,
    CreditCategory.POOR_EVALUATION: 3,
    CreditCategory.DISHONESTY: 40,
}
LEVELS = ((90, CreditLevel.A), (75, CreditLevel.B), (60, CreditLevel.C))


@dataclass(frozen=True)
class RecordFacts:
    category: CreditCategory
    severity: Severity
    status: RecordStatus
    valid_from: date
    valid_until: date | None


@dataclass(frozen=True)
class Assessment:
    score: int
    level: CreditLevel
    restriction: Restriction
    tags: tuple[str, ...]
    reassess_on: date | None = None
    rule_version: str = RULE_VERSION


def counts(record: RecordFacts, today: date) -> bool:
    in_validity = record.valid_from <= today and (record.valid_until is None or today <= record.valid_until)
    return record.status is RecordStatus.VALID and in_validity


def next_change(records: Iterable[RecordFacts], today: date) -> date | None:
    """The first day after `today` on which a VALID record starts or stops counting."""
    days = []
    for record in records:
        if record.status is not RecordStatus.VALID:
            continue
        if record.valid_from > today:
            days.append(record.valid_from)
        if record.valid_until is not None and record.valid_until >= today:
            days.append(record.valid_until + timedelta(days=1))
    return min(days, default=None)


def penalty(record: RecordFacts) -> int:
    if record.category in FIXED_PENALTY:
        return FIXED_PENALTY[record.category]
    return BY_SEVERITY[record.severity]


def assess(records: Iterable[RecordFacts], today: date) -> Assessment:
    every = list(records)
    counting = [record for record in every if counts(record, today)]
    good = [record for record in counting if record.category in BONUS]
    bad = [record for record in counting if record.category not in BONUS]
    bonus = min(MAX_BONUS, sum(BONUS[record.category] for record in good))
    score = max(0, min(100, BASE_SCORE + bonus - sum(penalty(record) for record in bad)))
    level = next((level for floor, level in LEVELS if score >= floor), CreditLevel.D)
    if any(record.category is CreditCategory.DISHONESTY for record in bad):
        restriction = Restriction.BLACKLISTED
    elif level is CreditLevel.D:
        restriction = Restriction.RESTRICTED
    elif level is CreditLevel.C or any(record.severity is Severity.SERIOUS for record in bad):
        restriction = Restriction.KEY_SUPERVISION
    else:
        restriction = Restriction.NONE
    tags = []
    if good:
        tags.append("GOOD_RECORDS")
    if bad:
        tags.append("BAD_RECORDS")
    if any(record.status is RecordStatus.REPAIRED for record in every):
        tags.append("REPAIRED")
    return Assessment(score, level, restriction, tuple(tags), next_change(every, today))
