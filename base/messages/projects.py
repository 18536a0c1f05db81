"""Projects: the application, sign-up, eligibility and the selection methods."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "project_not_found": ("项目不存在", "No such project"),
    "project_forbidden": ("您无权对该项目执行此操作", "You may not do this to this project"),
    "project_action_not_allowed": (
        "项目当前状态（{status}）不允许“{action}”",
        "{action} is not allowed while the project is {status}",
    ),
    "owner_required": (
        "只有项目业主单位的人员可以创建项目",
        "Only staff of a project owner may create projects",
    ),
    "selection_method_unavailable": (
        "选取方式“{value}”尚未开放",
        "The selection method {value} is not available yet",
    ),
    "fiscal_over_threshold": (
        "财政性资金项目预算须低于公开招标数额标准 {maximum} 元",
        "A fiscal project's budget must stay below the public-tender threshold of {maximum} CNY",
    ),
    "direct_purchase_over_threshold": (
        "财政性资金项目仅在预算低于 {maximum} 元时可网上直购",
        "Fiscal direct purchase is allowed only below {maximum} CNY",
    ),
    "invalid_amount": (
        "金额须为正数且最多两位小数：{value}",
        "Amounts are positive with at most two decimals: {value}",
    ),
    "ceiling_over_budget": ("最高限价不能高于预算", "The price ceiling cannot exceed the budget"),
    "floor_over_ceiling": ("最低限价不能高于最高限价", "The price floor cannot exceed the ceiling"),
    "requirement_exceeds_catalog": (
        "资质要求不得超出事项清单的要求：{value}",
        "Requirements may not exceed the catalog item's: {value}",
    ),
    "restrictive_requirement": (
        "不得以地域或所有制限制中介机构：“{value}”",
        'Agencies may not be restricted by region or ownership: "{value}"',
    ),
    "time_limit_exceeds_catalog": (
        "服务时限不得超过事项清单规定的 {maximum} 个工作日",
        "The time limit may not exceed the catalog's {maximum} working days",
    ),
    "matter_not_linked": (
        "该审批事项不需要此中介服务",
        "This administrative matter does not require the service",
    ),
    "invalid_investment_code": ("投资项目代码格式无效：{value}", "Invalid investment project code: {value}"),
    "signup_closed": ("报名已截止", "Sign-up has closed"),
    "no_active_agency": ("您的单位没有已入驻的中介机构", "Your organisation has no admitted agency"),
    "already_signed_up": ("已报名该项目", "Already signed up"),
    "not_signed_up": ("未报名该项目", "Not signed up"),
    "ineligible_agency_status": ("机构不在已入驻状态", "The agency is not admitted"),
    "ineligible_service": (
        "机构未提供该服务事项，或所需资质未核验、已过期",
        "The agency does not offer this service, or its qualifications are unverified or expired",
    ),
    "ineligible_requirements": (
        "机构资质不满足项目要求",
        "The agency's qualifications do not meet the requirements",
    ),
    "ineligible_recused": ("机构在本项目回避名单中", "The agency is on the project's recusal list"),
    "selected_not_eligible": (
        "该机构未有效报名或不符合条件",
        "That agency has no valid sign-up or is not eligible",
    ),
    "signed_up_agencies_only": ("只有已报名的中介机构可以报价", "Only agencies that signed up may offer"),
    "offers_not_used": ("该项目的选取方式不使用报价", "This project's selection method takes no offers"),
    "offers_closed": ("报价已截止", "Offers are closed"),
    "no_valid_offer": ("没有有效报价可供选取", "There is no valid offer to select"),
    "bidding_not_open": ("当前不在竞价轮次内", "No bidding round is open"),
    "bidding_still_open": ("竞价尚未结束", "Bidding is still open"),
    "bid_not_lower": (
        "报价必须低于当前最低价 {value} 元",
        "A bid must be below the best price of {value} CNY",
    ),
    "merit_weights": (
        "择优选取须设置互不重复、权重为正且合计 100 的评审因素",
        "Best merit needs distinct criteria with positive weights summing to 100",
    ),
    "merit_not_used": ("只有择优选取使用评审因素", "Only best-merit selection takes criteria"),
    "scorers_only": ("只有指定的评审人员可以评分", "Only the assigned scorers score"),
    "scorer_conflict": ("评审人员与被评机构存在关联，须回避", "A scorer linked to the bidder must recuse"),
    "scores_incomplete": ("尚有评审人员未完成评分", "Not every scorer has scored every bidder"),
    "scores_invalid": ("须对全部评审因素给出 0 到 100 的分数", "Score every criterion from 0 to 100"),
    "scorer_unknown": ("评审人员不存在", "No such scorer"),
    "project_action_not_allowed_now": (
        "项目当前阶段不能进行此操作",
        "Not possible at the project's current stage",
    ),
    "consortium_members_required": (
        "联合体项目须列明联合体成员",
        "A consortium project needs the consortium's members",
    ),
    "not_a_consortium_project": ("该项目不接受联合体报名", "This project does not take consortiums"),
    "weighting_random_only": ("只有随机选取可以按信用加权", "Only random selection can be credit-weighted"),
    "method_not_for_trade_mode": (
        "交易模式“{value}”不能采用该选取方式",
        "The trade mode {value} does not allow this selection method",
    ),
    "reward_without_price": (
        "奖励模式费用固定，评审因素不含价格",
        "A reward fixes the fee: no price criterion",
    ),
    "reward_fixed_fee": (
        "奖励模式的费用固定：最高限价等于预算，且不设最低限价",
        "A reward fixes the fee: the ceiling equals the budget, with no floor",
    ),
    "batch_code_not_used": ("只有批量交易模式使用批次编号", "Only batch projects take a batch code"),
    "batch_code_invalid": (
        "批次编号须为 4 到 32 位大写字母、数字或连字符",
        "A batch code is 4 to 32 capital letters, digits or hyphens",
    ),
    "batch_mismatch": (
        "同一批次的项目须属于同一业主，且服务事项、选取方式和资金性质相同",
        "Projects of a batch share owner, service item, selection method and funding",
    ),
    "no_commitment": ("尚无待抽取的随机选取承诺", "There is no committed random selection to draw"),
}
