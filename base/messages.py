"""Every user-facing message in zh-CN and en, looked up by key.

One catalogue keeps the two languages side by side, so a message cannot exist in
one language only (a test checks both name the same fields).
"""

from __future__ import annotations

from typing import Final

LANGUAGES: Final = ("zh-CN", "en")
DEFAULT_LANGUAGE: Final = "zh-CN"

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    # top-level API errors
    "internal": (
        "服务器内部错误，请稍后重试（请求编号 {request_id}）",
        "Internal error, please retry later (request {request_id})",
    ),
    "invalid_query": ("请求无效：{detail}", "Invalid request: {detail}"),
    "malformed_target": (
        "路径或查询参数中含有 NUL 字符或不是 UTF-8 文本",
        "The path or query string holds NUL or is not UTF-8",
    ),
    "malformed_request": ("请求无效：{detail}", "Malformed request: {detail}"),
    "body_not_utf8": ("请求体不是 UTF-8 编码的文本", "The request body is not UTF-8 text"),
    "body_not_json": ("请求体不是有效的 JSON", "The request body is not valid JSON"),
    "body_not_graphql_request": (
        "请求体不是 GraphQL 请求：应为含 query（字符串）、variables（对象）、"
        "operationName（字符串）的 JSON 对象",
        "The body is not a GraphQL request: a JSON object with query (a string), variables (an object) "
        "and operationName (a string)",
    ),
    "empty_document": ("查询文本为空", "The document is empty"),
    "too_many_variable_values": (
        "变量中的值过多（列表项与对象成员合计），请分批提交",
        "The variables hold too many values (list items and object members); send them in parts",
    ),
    "request_text_unstorable": (
        "查询文本或操作名中含有 NUL 字符或无法编码的字符",
        "The document or operation name contains NUL or a character that cannot be encoded",
    ),
    "subscription_over_http": (
        "订阅只能通过 WebSocket（graphql-transport-ws）进行",
        "Subscriptions run over WebSocket (graphql-transport-ws) only",
    ),
    "invalid_variable": ("变量 ${name} 的值无效：{detail}", "Invalid value of variable ${name}: {detail}"),
    "page_size_out_of_range": (
        "{argument} 必须在 1 到 {maximum} 之间",
        "{argument} must be between 1 and {maximum}",
    ),
    "malformed_cursor": ("游标 {argument} 格式无效", "The cursor in {argument} is malformed"),
    "malformed_global_id": ("ID 格式无效：{value}", "Malformed ID: {value}"),
    "too_many_ids": ("一次最多查询 {maximum} 个 ID", "At most {maximum} IDs per request"),
    "invalid_region_code": (
        "行政区划代码必须是 6 位数字：{value}",
        "A region code is 6 digits: {value}",
    ),
    "period_reversed": ("{field} 的开始日期晚于结束日期", "In {field} the start date is after the end date"),
    # request limits
    "too_deep": (
        "查询嵌套过深（{value} 层，上限 {maximum}）",
        "The operation is too deep ({value} levels, at most {maximum})",
    ),
    "nul_character": ("文本中不能含有 NUL 字符", "Text may not contain the NUL character"),
    "integer_literal_too_long": (
        "整数字面量过长（至多 19 位数字）",
        "An integer literal is too long (at most 19 digits)",
    ),
    "control_character": (
        "文本中不能含有控制字符或双向覆盖字符（制表符与换行除外）",
        "Text may not contain control characters or bidirectional overrides (tabs and line breaks aside)",
    ),
    "unpaired_surrogate": (
        "文本中含有无法编码的字符（孤立的代理码位）",
        "Text contains a character that cannot be encoded (an unpaired surrogate)",
    ),
    "too_many_overlaps": (
        "同名字段需要两两比对的次数过多（{value}，上限 {maximum}），请去掉重复的字段",
        "Fields of one name would be compared pairwise too often ({value}, at most {maximum}); "
        "drop the repeats",
    ),
    "too_much_introspection": (
        "内省查询代价过高（{value}，上限 {maximum}）",
        "The introspection costs too much ({value}, at most {maximum})",
    ),
    "too_many_tokens": ("查询文本过长", "The document has too many tokens"),
    "too_many_aliases": (
        "别名过多（{value} 个，上限 {maximum}）",
        "Too many aliases ({value}, at most {maximum})",
    ),
    "too_many_directives": (
        "指令过多（{value} 个，上限 {maximum}）",
        "Too many directives ({value}, at most {maximum})",
    ),
    "too_costly": (
        "查询代价过高（{value}，上限 {maximum}），请减少每页条数或字段",
        "The operation costs too much ({value}, at most {maximum}); ask for fewer items or fields",
    ),
    "persisted_query_not_found": (
        "PersistedQueryNotFound：请连同查询文本重新发送",
        "PersistedQueryNotFound: send the document with its hash",
    ),
    "persisted_query_hash_mismatch": (
        "查询文本与 sha256Hash 不符",
        "The document does not match its sha256Hash",
    ),
    "persisted_query_invalid": (
        "persistedQuery 应为 {{version: 1, sha256Hash: 64 位十六进制}}",
        "persistedQuery must be {{version: 1, sha256Hash: 64 hex digits}}",
    ),
    "untrusted_document": ("只接受已登记的查询文档", "Only registered documents are accepted"),
    "csrf_refused": (
        "拒绝表单或纯文本请求体：请以 application/json 发送，或附带 GraphQL-Require-Preflight 请求头",
        "Form and plain-text bodies are refused: send JSON, or add a GraphQL-Require-Preflight header",
    ),
    "introspection_refused": (
        "不允许匿名查询接口结构，请登录",
        "Schema introspection needs a signed-in caller",
    ),
    "request_timeout": (
        "请求处理超时，请缩小查询范围后重试",
        "The request took too long; ask for less and retry",
    ),
    "too_many_subscriptions": (
        "每个连接最多同时 {maximum} 个订阅",
        "At most {maximum} subscriptions at once on one connection",
    ),
    "too_many_websockets": (
        "同时打开的 WebSocket 连接最多 {maximum} 个，请先关闭其他连接",
        "At most {maximum} WebSocket connections open at once; close another first",
    ),
    "metrics_unauthorized": (
        "查看监控指标需要凭据：Authorization: Bearer <令牌>",
        "Metrics need the token: Authorization: Bearer <token>",
    ),
    "rate_limited": ("请求过于频繁，请 {seconds} 秒后重试", "Too many requests; retry in {seconds} seconds"),
    # identity
    "invalid_token": (
        "身份令牌无效或已过期，请重新登录",
        "The access token is invalid or expired; sign in again",
    ),
    "authentication_required": ("请先登录", "Sign in first"),
    "token_in_url": (
        "不接受放在网址中的令牌，请使用 Authorization 请求头",
        "Tokens in the URL are refused; send it in the Authorization header",
    ),
    "unsupported_authorization": (
        "Authorization 请求头应为 Bearer 令牌",
        "The Authorization header must carry a Bearer token",
    ),
    # permissions
    "forbidden_role": ("当前角色无权执行此操作", "Your role may not do this"),
    "forbidden_organisation": ("只能处理本单位的机构", "You may act only for your own organisation's agency"),
    "forbidden_region": ("该机构不在您的管辖区域内", "The agency is outside your region"),
    "forbidden_sector": (
        "该资质不属于您所在行业的审查范围",
        "This qualification belongs to another sector's review",
    ),
    # agencies
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
    # projects
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
    "naive_datetime": (
        "{field} 中的时间须带时区（如 +08:00）",
        "Times in {field} need a time zone (e.g. +08:00)",
    ),
    # credit
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
    # catalog rows
    "required": ("{field} 不能为空", "{field} is required"),
    "too_long": ("{field} 超过 {maximum} 个字符", "{field} is longer than {maximum} characters"),
    "invalid_code": (
        "{field} 只能由大写字母、数字和连字符组成（2–40 位）",
        "{field} may hold only capital letters, digits and hyphens (2-40)",
    ),
    "unknown_choice": (
        "{field} 的值“{value}”无效，可选：{choices}",
        '{field} "{value}" is not one of: {choices}',
    ),
    "not_positive_integer": (
        "{field} 必须是正整数：{value}",
        "{field} must be a positive whole number: {value}",
    ),
    "out_of_range": (
        "{field} 超出范围（最大 {maximum}）：{value}",
        "{field} is out of range (at most {maximum}): {value}",
    ),
    "invalid_boolean": ("{field} 应为 是/否：{value}", "{field} must be yes or no: {value}"),
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
    "operators_only": ("仅限运营方", "Operators only"),
    "notice_operators_only": (
        "只有本区域或上级区域的运营方可以管理通知公告",
        "Only operators of the region or above manage its notices",
    ),
    "notice_action_not_allowed": (
        "通知公告当前状态（{status}）不能进行此操作",
        "Not possible for a notice {status}",
    ),
    "no_commitment": ("尚无待抽取的随机选取承诺", "There is no committed random selection to draw"),
    # after the award
    "no_active_award": ("该项目没有有效的中选结果", "The project has no active award"),
    "award_not_confirmable": ("当前状态不能进行中选确认", "The award cannot be confirmed in this status"),
    "publicity_not_over": ("公示期尚未结束", "The publicity period is not over yet"),
    "stand_still": (
        "存在未处理的质疑或投诉，中选确认暂停",
        "Confirmation is suspended while an objection or complaint is open",
    ),
    "already_confirmed": ("您已确认过", "You have already confirmed"),
    "price_out_of_range": (
        "合同金额必须在最低限价与最高限价之间",
        "The price must lie within the floor and ceiling",
    ),
    "contract_not_preparable": ("中选确认后方可拟定合同", "The contract is drafted after confirmation"),
    "contract_not_ready": ("合同尚未拟定或已签订", "There is no contract draft to sign"),
    "contract_hash_mismatch": (
        "合同文本已变更，请重新审阅后签署",
        "The contract changed since you reviewed it; review it again",
    ),
    "already_signed": ("您已签署", "You have already signed"),
    "not_in_service": ("项目不在服务期内", "The project is not in service"),
    "extension_out_of_range": (
        "延期工作日数须在 1 到 {maximum} 之间",
        "Extensions are 1 to {maximum} working days",
    ),
    "extension_decided": ("该延期申请已处理", "The extension was already decided"),
    "evaluation_aspects": ("评价须包含全部五项评分", "An evaluation scores all five aspects"),
    "score_out_of_range": ("评分须在 1 到 5 之间", "Scores are 1 to 5"),
    "not_accepted_yet": ("验收后方可评价", "Evaluations follow acceptance"),
    "already_evaluated": ("您的单位已评价过", "Your organisation has already evaluated"),
    "calendar_year_unknown": (
        "{year} 年的节假日安排尚未导入，无法计算工作日，请运营方导入国务院办公厅通知",
        "The working-day calendar of {year} is not known yet; an operator must import the State Council's "
        "notice for it",
    ),
    "calendar_year_out_of_range": (
        "{argument} 必须在 {minimum} 到 {maximum} 之间",
        "{argument} must be between {minimum} and {maximum}",
    ),
    "calendar_row_invalid": (
        "节假日文件第 {line} 行无效：{value}",
        "Holiday file line {line} is invalid: {value}",
    ),
    "calendar_workday_not_weekend": (
        "节假日文件第 {line} 行：调休上班日 {value} 不是周末",
        "Holiday file line {line}: the make-up workday {value} is not a weekend day",
    ),
    "calendar_year_mixed": (
        "节假日文件第 {line} 行：{value} 年的行须同为正式或同为暂定",
        "Holiday file line {line}: the rows of {value} must all be official or all provisional",
    ),
    "questions_closed": ("报名截止后不再受理咨询", "Questions close at the sign-up deadline"),
    "participants_only": ("只有报名参与的中介机构可以提出", "Only agencies that signed up may raise this"),
    "objection_window_closed": ("已超过质疑期", "The objection period is over"),
    "complaints_closed": ("合同签订后不再受理投诉", "Complaints close once the contract is signed"),
    "enquiry_closed": ("该事项已处理", "This was already dealt with"),
    "owner_answers": ("只有项目业主可以答复咨询和质疑", "Only the owner answers questions and objections"),
    "operator_decides": ("只有本区域的运营方可以处理投诉", "Only the region's operator decides complaints"),
    "unknown_event_type": ("未知的事件类型：{value}", "Unknown event type: {value}"),
    "event_types_required": ("请至少选择一种事件类型", "Choose at least one event type"),
    "webhook_registrant_required": (
        "只有合作系统（partner）或运营方可以管理推送地址",
        "Only partner systems and operators manage webhook endpoints",
    ),
    "webhook_target_invalid": (
        "推送地址必须是有效的 http(s) URL",
        "The endpoint must be a valid http(s) URL",
    ),
    "webhook_target_unresolved": ("无法解析推送地址的域名", "The endpoint's host name does not resolve"),
    "webhook_target_not_https": ("推送地址必须使用 https", "The endpoint must use https"),
    "webhook_target_private": (
        "推送地址必须是公网（全球可路由）地址，不能指向本机、内网、共享地址（CGNAT）、链路本地、云元数据或其他特殊用途地址",
        "The endpoint must be on public (globally routable) addresses, not loopback, private, "
        "shared (CGNAT), link-local, metadata or other special-purpose ones",
    ),
    "webhook_document_invalid": ("推送文档无效：{detail}", "The payload document is invalid: {detail}"),
    "too_many_endpoints": (
        "每个单位最多 {maximum} 个推送地址",
        "At most {maximum} webhook endpoints per organisation",
    ),
    "webhook_endpoint_not_found": ("推送地址不存在", "No such webhook endpoint"),
    "webhook_delivery_not_found": ("推送记录不存在", "No such webhook delivery"),
    "unknown_region": ("未知的行政区划代码：{value}", "Unknown region code: {value}"),
    "unknown_qualification_type": ("未知的资质类型：{value}", "Unknown qualification type: {value}"),
    "unknown_qualification_level": (
        "资质类型 {type} 没有等级“{value}”，可选：{choices}",
        'Qualification type {type} has no level "{value}"; levels: {choices}',
    ),
    "malformed_matter": (
        "关联事项应写作“编码|名称|权力类型|实施部门”：{value}",
        'An administrative matter is written "code|name|power type|department": {value}',
    ),
    "conflicting_matter": (
        "事项 {value} 在本文件中出现了不同的名称或类型",
        "Matter {value} appears in this file with different names or types",
    ),
    "duplicate_code": (
        "编码 {value} 在本文件第 {first_row} 行已出现",
        "Code {value} already appears in row {first_row}",
    ),
    "duplicate_entry": ("{field} 中重复：{value}", "{field} lists {value} twice"),
    "not_an_object": ("该行不是一个对象", "The row is not an object"),
    "unreadable_file": ("无法读取文件：{detail}", "Cannot read the file: {detail}"),
    "unsupported_format": (
        "不支持的文件格式 {value}（支持 .csv、.xlsx、.json）",
        "Unsupported file format {value} (use .csv, .xlsx or .json)",
    ),
}


def negotiate_language(accept_language: str | None) -> str:
    """The best of our languages for an `Accept-Language` header; zh-CN unless English is preferred."""
    if not accept_language:
        return DEFAULT_LANGUAGE
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((-quality, position, tag.strip().lower()))
    for negative_quality, _, tag in sorted(ranked):
        if negative_quality >= 0:
            break
        if tag.startswith("zh"):
            return "zh-CN"
        if tag.startswith("en"):
            return "en"
    return DEFAULT_LANGUAGE


def render(key: str, language: str, **params: object) -> str:
    zh, en = MESSAGES[key]
    return (en if language == "en" else zh).format(**params)
