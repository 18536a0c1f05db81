"""The credit rule: the worked examples of docs/credit-scoring.md are the test cases."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhongjie.domain.credit.scoring import RecordFacts, assess, next_change
from zhongjie.domain.credit.vocabulary import CreditCategory, CreditLevel, RecordStatus, Restriction, Severity

DOC = Path(__file__).resolve().parents[2] / "docs" / "credit-scoring.md"
TODAY = date(2026, 6, 1)


def examples() -> list[dict]:
    blocks = re.findall(r"```json credit-example\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    return [json.loads(block) for block in blocks]


def facts(record: dict) -> RecordFacts:
    return RecordFacts(
        category=CreditCategory(record["category"]),
        severity=Severity(record["severity"]),
        status=RecordStatus(record.get("status", "VALID")),
        valid_from=date.fromisoformat(record.get("valid_from", "2026-01-01")),
        valid_until=date.fromisoformat(record["valid_until"]) if record.get("valid_until") else None,
    )


def test_the_document_has_worked_examples() -> None:
    assert len(examples()) >= 8


@pytest.mark.parametrize("example", examples(), ids=lambda example: example["name"])
def test_worked_example(example: dict) -> None:
    assessment = assess([facts(record) for record in example["records"]], TODAY)
    assert (assessment.score, assessment.level.value, assessment.restriction.value) == (
        example["score"],
        example["level"],
        example["restriction"],
    )


records = st.builds(
    RecordFacts,
    category=st.sampled_from(list(CreditCategory)),
    severity=st.sampled_from(list(Severity)),
    status=st.sampled_from(list(RecordStatus)),
    valid_from=st.just(date(2026, 1, 1)),
    valid_until=st.none(),
)


@given(st.lists(records, max_size=8), records)
def test_a_bad_record_never_raises_the_score_and_repair_never_lowers_it(
    existing: list, extra: RecordFacts
) -> None:
    before = assess(existing, TODAY)
    after = assess([*existing, extra], TODAY)
    if extra.category in {CreditCategory.REWARD, CreditCategory.COMMENDATION}:
        assert after.score >= before.score
    else:
        assert after.score <= before.score
    assert 0 <= after.score <= 100
    order = list(Restriction)
    if after.level is CreditLevel.D:
        assert order.index(after.restriction) >= order.index(Restriction.RESTRICTED)


def test_the_next_change_is_the_first_day_a_valid_record_starts_or_stops_counting() -> None:
    today = date(2026, 12, 7)

    def facts(start: date, until: date | None, status: RecordStatus = RecordStatus.VALID) -> RecordFacts:
        return RecordFacts(CreditCategory.REWARD, Severity.MINOR, status, start, until)

    assert next_change([], today) is None
    assert next_change([facts(date(2026, 1, 1), None)], today) is None
    assert next_change([facts(date(2026, 1, 1), date(2026, 12, 7))], today) == date(2026, 12, 8)
    assert next_change(
        [facts(date(2026, 12, 20), None), facts(date(2026, 1, 1), date(2026, 12, 10))], today
    ) == date(2026, 12, 11)
    assert next_change([facts(date(2026, 12, 20), None, RecordStatus.REVOKED)], today) is None
    assert assess([facts(date(2026, 12, 9), None)], today).reassess_on == date(2026, 12, 9)
