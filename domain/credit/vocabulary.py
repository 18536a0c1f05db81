"""Closed vocabularies of credit and supervision."""

from __future__ import annotations

from zhongjie.domain.catalog.vocabulary import LabelledEnum


class CreditKind(LabelledEnum):
    GOOD = ("GOOD", "良好信用记录")
    BAD = ("BAD", "不良信用记录")


class CreditCategory(LabelledEnum):
    REWARD = ("REWARD", "表彰奖励")
    COMMENDATION = ("COMMENDATION", "通报表扬")
    ADMINISTRATIVE_PENALTY = ("ADMINISTRATIVE_PENALTY", "行政处罚")
    DISHONESTY = ("DISHONESTY", "严重失信")
    UPHELD_COMPLAINT = ("UPHELD_COMPLAINT", "投诉查实")
    PERFORMANCE_DEFAULT = ("PERFORMANCE_DEFAULT", "履约违约")
    POOR_EVALUATION = ("POOR_EVALUATION", "服务评价差")
    INSPECTION_FAILURE = ("INSPECTION_FAILURE", "抽查不合格")


GOOD_CATEGORIES = frozenset({CreditCategory.REWARD, CreditCategory.COMMENDATION})


class Severity(LabelledEnum):
    MINOR = ("MINOR", "轻微")
    GENERAL = ("GENERAL", "一般")
    SERIOUS = ("SERIOUS", "严重")


class CreditSource(LabelledEnum):
    PLATFORM = ("PLATFORM", "本平台")
    AUTHORITY = ("AUTHORITY", "行业主管部门")
    CREDIT_CHINA = ("CREDIT_CHINA", "信用中国")
    ENTERPRISE_PUBLICITY = ("ENTERPRISE_PUBLICITY", "国家企业信用信息公示系统")


class RecordStatus(LabelledEnum):
    VALID = ("VALID", "有效")
    EXPIRED = ("EXPIRED", "已过期")
    REPAIRED = ("REPAIRED", "已修复")
    REVOKED = ("REVOKED", "已撤销")


class CreditLevel(LabelledEnum):
    A = ("A", "守信")
    B = ("B", "基本守信")
    C = ("C", "关注")
    D = ("D", "失信")


class Restriction(LabelledEnum):
    NONE = ("NONE", "无限制")
    KEY_SUPERVISION = ("KEY_SUPERVISION", "重点监管")
    RESTRICTED = ("RESTRICTED", "限制参与财政性资金项目")
    BLACKLISTED = ("BLACKLISTED", "黑名单")


class InspectionStatus(LabelledEnum):
    PLANNED = ("PLANNED", "已制定，待抽取")
    DRAWN = ("DRAWN", "已抽取，检查中")


class InspectionResult(LabelledEnum):
    PASSED = ("PASSED", "合格")
    FAILED = ("FAILED", "不合格")
