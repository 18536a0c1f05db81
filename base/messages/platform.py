"""Notices, the working-day calendar, the event feed and webhooks."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "operators_only": ("仅限运营方", "Operators only"),
    "notice_operators_only": (
        "只有本区域或上级区域的运营方可以管理通知公告",
        "Only operators of the region or above manage its notices",
    ),
    "notice_action_not_allowed": (
        "通知公告当前状态（{status}）不能进行此操作",
        "Not possible for a notice {status}",
    ),
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
    "webhook_rotations_in_grace": (
        "已有 {maximum} 个旧密钥仍在宽限期内签名，请在 {until} 之后再轮换",
        "{maximum} earlier secrets still sign within their grace periods; rotate again after {until}",
    ),
}
