"""Closed vocabularies of agencies: statuses, verification states, and the fixed reason lists."""

from __future__ import annotations

from zhongjie.domain.catalog.vocabulary import LabelledEnum


class AgencyStatus(LabelledEnum):
    DRAFT = ("DRAFT", "草稿")
    SUBMITTED = ("SUBMITTED", "已提交，待完整性审查")
    QUALIFICATION_REVIEW = ("QUALIFICATION_REVIEW", "资质联合审查中")
    ACTIVE = ("ACTIVE", "已入驻")
    RETURNED = ("RETURNED", "已退回")
    REMOVED = ("REMOVED", "已清退")


class VerificationState(LabelledEnum):
    PENDING = ("PENDING", "待核验")
    VERIFIED = ("VERIFIED", "已核验")
    REJECTED = ("REJECTED", "核验未通过")
    EXPIRED = ("EXPIRED", "已过期")


class ServiceStatus(LabelledEnum):
    ACTIVE = ("ACTIVE", "可承接")
    SUSPENDED = ("SUSPENDED", "暂停（资质缺失、未核验或过期）")


class ChangeRequestStatus(LabelledEnum):
    PENDING = ("PENDING", "待审核")
    APPROVED = ("APPROVED", "已通过")
    REJECTED = ("REJECTED", "未通过")


class ReturnReason(LabelledEnum):
    """The only grounds to return an application or refuse a change (no one may add conditions)."""

    INCOMPLETE_MATERIALS = ("INCOMPLETE_MATERIALS", "申请材料不齐全")
    INCONSISTENT_INFORMATION = ("INCONSISTENT_INFORMATION", "填报信息与证照不一致")
    CREDIT_CODE_MISMATCH = ("CREDIT_CODE_MISMATCH", "统一社会信用代码与营业执照不符")
    QUALIFICATION_NOT_FOUND = ("QUALIFICATION_NOT_FOUND", "资质证书无法核实")
    QUALIFICATION_EXPIRED = ("QUALIFICATION_EXPIRED", "资质证书已过期")
    QUALIFICATION_LEVEL_MISMATCH = ("QUALIFICATION_LEVEL_MISMATCH", "资质等级与证书不符")


class RemovalReason(LabelledEnum):
    QUALIFICATION_LOST = ("QUALIFICATION_LOST", "不再具备资质条件")
    BUSINESS_TERMINATED = ("BUSINESS_TERMINATED", "营业执照注销或吊销")
    FALSE_MATERIALS = ("FALSE_MATERIALS", "提供虚假材料")
    SERIOUS_DISHONESTY = ("SERIOUS_DISHONESTY", "严重失信")
    VOLUNTARY_EXIT = ("VOLUNTARY_EXIT", "机构申请退出")


class AgencyAction(LabelledEnum):
    """What can happen to an agency; each entry of its history names one."""

    CREATE = ("CREATE", "创建入驻申请")
    EDIT = ("EDIT", "修改信息")
    SUBMIT = ("SUBMIT", "提交申请")
    CONFIRM_COMPLETE = ("CONFIRM_COMPLETE", "确认材料齐全")
    RETURN = ("RETURN", "退回")
    APPROVE = ("APPROVE", "准予入驻")
    VERIFY_QUALIFICATION = ("VERIFY_QUALIFICATION", "资质核验通过")
    REJECT_QUALIFICATION = ("REJECT_QUALIFICATION", "资质核验未通过")
    EXTEND_QUALIFICATION = ("EXTEND_QUALIFICATION", "资质延期")
    EXPIRE_QUALIFICATION = ("EXPIRE_QUALIFICATION", "资质过期")
    REQUEST_CHANGE = ("REQUEST_CHANGE", "申请变更")
    APPROVE_CHANGE = ("APPROVE_CHANGE", "变更通过")
    REJECT_CHANGE = ("REJECT_CHANGE", "变更未通过")
    AUTHORISE_CONTACT = ("AUTHORISE_CONTACT", "授权业务联系人")
    REVOKE_CONTACT = ("REVOKE_CONTACT", "撤销业务联系人")
    REMOVE = ("REMOVE", "清退")
