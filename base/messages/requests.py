"""The API's own refusals: malformed or oversized requests, request limits, identity and permissions."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, tuple[str, str]]] = {
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
    "forbidden_role": ("当前角色无权执行此操作", "Your role may not do this"),
    "forbidden_organisation": ("只能处理本单位的机构", "You may act only for your own organisation's agency"),
    "forbidden_region": ("该机构不在您的管辖区域内", "The agency is outside your region"),
    "forbidden_sector": (
        "该资质不属于您所在行业的审查范围",
        "This qualification belongs to another sector's review",
    ),
    "naive_datetime": (
        "{field} 中的时间须带时区（如 +08:00）",
        "Times in {field} need a time zone (e.g. +08:00)",
    ),
}
