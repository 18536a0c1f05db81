"""Closed vocabularies of the service-item catalog, each value with its Chinese term.

Stored and exposed by the English key; imports accept the key or the Chinese term,
since the government-service platform exports the latter.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self, overload


class LabelledEnum(StrEnum):
    """A string enum whose members carry the official Chinese term."""

    label: str

    # Two signatures for the type checker: a member is declared with its value and label, while calling
    # the class with a value alone looks the member up (Enum routes that call past `__new__`, so here
    # a missing label can only be a member declared without one).
    @overload
    def __new__(cls, value: str) -> Self: ...
    @overload
    def __new__(cls, value: str, label: str) -> Self: ...
    def __new__(cls, value: str, label: str | None = None) -> Self:
        if label is None:
            raise TypeError(f"{cls.__name__} member {value!r} has no label")
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def parse(cls, text: str) -> Self | None:
        """The member named by its key (any case) or by its Chinese term, else None."""
        cleaned = text.strip()
        for member in cls:
            if cleaned.upper() == member.value or cleaned == member.label:
                return member
        return None


class ServiceType(LabelledEnum):
    TECHNICAL_REVIEW = ("TECHNICAL_REVIEW", "技术审查")
    DEMONSTRATION = ("DEMONSTRATION", "论证")
    ASSESSMENT = ("ASSESSMENT", "评估")
    EVALUATION = ("EVALUATION", "评价")
    INSPECTION = ("INSPECTION", "检验")
    TESTING = ("TESTING", "检测")
    ATTESTATION = ("ATTESTATION", "鉴证")
    APPRAISAL = ("APPRAISAL", "鉴定")
    CERTIFICATION = ("CERTIFICATION", "证明")
    CONSULTING = ("CONSULTING", "咨询")
    TRIAL = ("TRIAL", "试验")


class PricingType(LabelledEnum):
    GOVERNMENT_SET = ("GOVERNMENT_SET", "政府定价")
    GOVERNMENT_GUIDED = ("GOVERNMENT_GUIDED", "政府指导价")
    MARKET_REGULATED = ("MARKET_REGULATED", "市场调节价")


class PowerType(LabelledEnum):
    """Kind of administrative power (权力类型) an administrative matter exercises."""

    LICENSING = ("LICENSING", "行政许可")
    PENALTY = ("PENALTY", "行政处罚")
    COERCION = ("COERCION", "行政强制")
    INSPECTION = ("INSPECTION", "行政检查")
    PAYMENT = ("PAYMENT", "行政给付")
    LEVY = ("LEVY", "行政征收")
    ADJUDICATION = ("ADJUDICATION", "行政裁决")
    CONFIRMATION = ("CONFIRMATION", "行政确认")
    REWARD = ("REWARD", "行政奖励")
    OTHER = ("OTHER", "其他")
