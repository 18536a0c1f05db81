import string

import pytest

from zhongjie.base.messages import (
    MESSAGES,
    agencies,
    awards,
    inputs,
    negotiate_language,
    platform,
    projects,
    render,
    requests,
)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_both_languages_use_the_same_fields(key: str) -> None:
    zh, en = MESSAGES[key]
    assert _fields(zh) == _fields(en)


def test_a_key_belongs_to_one_area_only() -> None:
    areas = (requests, agencies, projects, awards, inputs, platform)
    assert sum(len(area.MESSAGES) for area in areas) == len(MESSAGES)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "zh-CN"),
        ("", "zh-CN"),
        ("en", "en"),
        ("en-US,en;q=0.9", "en"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh-CN"),
        ("fr-FR, en;q=0.5", "en"),
        ("en;q=0.2, zh;q=0.8", "zh-CN"),
        ("de", "zh-CN"),
        ("en;q=0", "zh-CN"),
        ("en;q=abc", "zh-CN"),
    ],
)
def test_language_negotiation(header: str | None, expected: str) -> None:
    assert negotiate_language(header) == expected


def test_render_picks_the_language() -> None:
    assert render("required", "en", field="name") == "name is required"
    assert render("required", "zh-CN", field="name") == "name 不能为空"
