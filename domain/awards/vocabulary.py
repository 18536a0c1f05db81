"""Closed vocabularies of what follows the award."""

from __future__ import annotations

from zhongjie.domain.catalog.vocabulary import LabelledEnum


class AwardStatus(LabelledEnum):
    ACTIVE = ("ACTIVE", "有效")
    WITHDRAWN = ("WITHDRAWN", "中选机构放弃")
    DISQUALIFIED = ("DISQUALIFIED", "被取消中选资格")


class DeliveryDecision(LabelledEnum):
    ACCEPTED = ("ACCEPTED", "验收通过")
    RETURNED = ("RETURNED", "退回")


class ExtensionStatus(LabelledEnum):
    PENDING = ("PENDING", "待业主同意")
    APPROVED = ("APPROVED", "业主已同意")
    REFUSED = ("REFUSED", "业主不同意")


class EvaluatorKind(LabelledEnum):
    OWNER = ("OWNER", "项目业主")
    AUTHORITY = ("AUTHORITY", "行业主管部门")


class EnquiryKind(LabelledEnum):
    QUESTION = ("QUESTION", "咨询")
    OBJECTION = ("OBJECTION", "质疑")
    COMPLAINT = ("COMPLAINT", "投诉")


class EnquiryStatus(LabelledEnum):
    OPEN = ("OPEN", "待答复")
    ANSWERED = ("ANSWERED", "已答复")
    UPHELD = ("UPHELD", "投诉成立")
    DISMISSED = ("DISMISSED", "投诉不成立")


# statuses of objections and complaints that hold confirmation back (stand-still, 暂停)
PENDING = frozenset({EnquiryStatus.OPEN})
EVALUATION_ASPECTS = ("quality", "timeliness", "attitude", "feeReasonableness", "standardisation")
