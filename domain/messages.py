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
