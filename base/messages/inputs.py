"""Single input values (required, too long, out of range, unknown codes) and imported rows and files."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, tuple[str, str]]] = {
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
