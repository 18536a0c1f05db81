"""Agencies: their register, qualifications and changes, and their credit records and inspections."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "invalid_credit_code": (
        "统一社会信用代码无效（18 位，校验码不符）：{value}",
        "Invalid unified social credit code (18 characters with a valid check character): {value}",
    ),
    "duplicate_credit_code": (
        "该统一社会信用代码已申请入驻：{value}",
        "An agency with credit code {value} already applied",
    ),
    "agency_not_found": ("机构不存在", "No such agency"),
    "record_not_found": ("记录不存在", "No such record"),
    "not_allowed_in_status": (
        "机构当前状态（{status}）不允许此操作",
        "Not allowed while the agency is {status}",
    ),
    "cannot_return_verified": (
        "申请材料齐全且资质已核验，依“申请即入”不得退回",
        "A complete application with verified qualifications cannot be returned (apply and you are in)",
    ),
    "reasons_required": ("请至少选择一项退回理由", "Choose at least one reason"),
    "inactive_service_item": (
        "服务事项不在有效清单内：{value}",
        "The service item is not on the active list: {value}",
    ),
    "missing_qualification": (
        "提供该服务需要资质 {type}（不低于 {level}）",
        "Offering this service needs qualification {type} (at least {level})",
    ),
    "invalid_validity": ("有效期截止日不能早于起始日", "The validity must end after it starts"),
    "invalid_level": (
        "资质类型 {type} 没有等级“{value}”",
        'Qualification type {type} has no level "{value}"',
    ),
    "invalid_email": ("电子邮箱格式无效", "Invalid e-mail address"),
    "invalid_id_card": ("身份证号码无效", "Invalid ID-card number"),
    "invalid_phone": ("电话号码格式无效：{value}", "Invalid phone number: {value}"),
    "key_fields_need_review": (
        "名称、法定代表人、注册地和地址的变更须提交变更申请",
        "Changes of name, legal representative, region or address need a change request",
    ),
    "too_many": ("{field} 最多 {maximum} 项", "{field} takes at most {maximum} entries"),
    "no_changes": ("没有需要变更的内容", "Nothing to change"),
    "change_not_pending": ("该变更申请已处理", "This change request was already reviewed"),
    "qualification_not_pending": ("该资质不在待核验状态", "This qualification is not awaiting verification"),
    "user_not_in_organisation": (
        "只能授权本单位的人员",
        "Only staff of the agency's organisation can be authorised",
    ),
    "invalid_date": (
        "{field} 不是有效日期（YYYY-MM-DD）：{value}",
        "{field} is not a date (YYYY-MM-DD): {value}",
    ),
    "record_not_changeable": (
        "该信用记录当前不能修复或撤销",
        "This credit record cannot be repaired or revoked now",
    ),
    "ineligible_blacklisted": ("机构已被列入黑名单", "The agency is blacklisted"),
    "ineligible_restricted": (
        "机构信用受限，不得参与财政性资金项目",
        "The agency's credit is restricted: no fiscally funded projects",
    ),
    "too_few_inspectors": (
        "检查人员不足：每个对象需 {maximum} 名无关联的检查人员",
        "Not enough inspectors: each target needs {maximum} without links to it",
    ),
    "invalid_ratio": (
        "{field} 必须大于 0 且不超过 {maximum}",
        "{field} must be above 0 and at most {maximum}",
    ),
    "plan_already_drawn": ("该计划已抽取", "This plan has been drawn already"),
    "not_a_target": ("该机构不是本计划的抽查对象", "That agency is not a target of this plan"),
}
