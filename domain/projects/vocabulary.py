"""Closed vocabularies of projects."""

from __future__ import annotations

from zhongjie.domain.catalog.vocabulary import LabelledEnum


class ProjectStatus(LabelledEnum):
    DRAFT = ("DRAFT", "草稿")
    SUBMITTED = ("SUBMITTED", "已提交采购申请")
    RETURNED = ("RETURNED", "已退回")
    APPROVED = ("APPROVED", "审核通过，待发布")
    PUBLISHED = ("PUBLISHED", "已发布采购公告，报名中")
    SELECTION = ("SELECTION", "报名截止，选取中")
    RESULT_ANNOUNCED = ("RESULT_ANNOUNCED", "中选公告公示中")
    CONFIRMED = ("CONFIRMED", "中选已确认，待签合同")
    IN_SERVICE = ("IN_SERVICE", "合同已签订，服务中")
    DELIVERED = ("DELIVERED", "成果已提交，待验收")
    ACCEPTED = ("ACCEPTED", "已验收，待评价")
    COMPLETED = ("COMPLETED", "已评价，完成")
    CANCELLED = ("CANCELLED", "已取消")
    FAILED = ("FAILED", "流标")


class FundingType(LabelledEnum):
    FISCAL = ("FISCAL", "财政性资金")
    SOCIAL = ("SOCIAL", "社会性资金")


class TradeMode(LabelledEnum):
    DIRECT_PURCHASE = ("DIRECT_PURCHASE", "网上直购")
    CHOOSE_ONE = ("CHOOSE_ONE", "多选一")
    BATCH = ("BATCH", "批量")
    REWARD = ("REWARD", "奖励")
    CONSORTIUM = ("CONSORTIUM", "联合体")


class SelectionMethod(LabelledEnum):
    DIRECT = ("DIRECT", "直接选取")
    RANDOM = ("RANDOM", "随机选取")
    BIDDING = ("BIDDING", "竞价选取")
    AVERAGE_PRICE = ("AVERAGE_PRICE", "均价选取")
    BEST_MERIT = ("BEST_MERIT", "择优选取")


class ProjectAction(LabelledEnum):
    CREATE = ("CREATE", "创建")
    EDIT = ("EDIT", "修改")
    SUBMIT = ("SUBMIT", "提交采购申请")
    APPROVE = ("APPROVE", "审核通过")
    RETURN = ("RETURN", "退回")
    PUBLISH = ("PUBLISH", "发布采购公告")
    CLOSE_SIGNUP = ("CLOSE_SIGNUP", "报名截止")
    FAIL = ("FAIL", "流标")
    SELECT = ("SELECT", "选取中介机构并公告")
    DRAW = ("DRAW", "随机抽取并公告")
    OPEN_OFFERS = ("OPEN_OFFERS", "开启报价并公告")
    RANK = ("RANK", "评审排名并公告")
    BATCH_SELECT = ("BATCH_SELECT", "批量项目随同中选")
    REPUBLISH = ("REPUBLISH", "重新发布")
    CANCEL = ("CANCEL", "取消")
    CONFIRM = ("CONFIRM", "中选确认")
    SIGN_CONTRACT = ("SIGN_CONTRACT", "签订合同")
    DELIVER = ("DELIVER", "提交服务成果")
    RETURN_DELIVERY = ("RETURN_DELIVERY", "退回服务成果")
    ACCEPT = ("ACCEPT", "验收")
    EVALUATE = ("EVALUATE", "服务评价")
    WITHDRAW_AWARD = ("WITHDRAW_AWARD", "中选机构放弃")
    DISQUALIFY = ("DISQUALIFY", "取消中选资格")


class MeritCriterion(LabelledEnum):
    """Criteria of best-merit selection (择优选取), weighted by the project."""

    PRICE = ("PRICE", "价格")
    QUALIFICATION = ("QUALIFICATION", "资质")
    EXPERIENCE = ("EXPERIENCE", "业绩经验")
    PLAN = ("PLAN", "服务方案")
    CREDIT = ("CREDIT", "信用")


class ProjectReturnReason(LabelledEnum):
    ITEM_NOT_REQUIRED = ("ITEM_NOT_REQUIRED", "所选中介服务事项与审批事项不符")
    BUDGET_UNJUSTIFIED = ("BUDGET_UNJUSTIFIED", "预算或最高限价依据不足")
    REQUIREMENTS_UNCLEAR = ("REQUIREMENTS_UNCLEAR", "服务范围或要求表述不清")
    MATERIALS_INCOMPLETE = ("MATERIALS_INCOMPLETE", "申请材料不齐全")
