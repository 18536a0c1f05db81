"""Every user-facing message in zh-CN and en, looked up by key, and the language a request gets.

The catalogue keeps the two languages side by side, so a message cannot exist in one language only (a
test checks both name the same fields); it is split by area into the modules beside this one.
"""

from __future__ import annotations

from typing import Final

from zhongjie.base.messages import agencies, awards, inputs, platform, projects, requests

LANGUAGES: Final = ("zh-CN", "en")
DEFAULT_LANGUAGE: Final = "zh-CN"

# a key belongs to one area only (a test checks it): a second one would silently replace the first
MESSAGES: Final[dict[str, tuple[str, str]]] = {
    **requests.MESSAGES,
    **agencies.MESSAGES,
    **projects.MESSAGES,
    **awards.MESSAGES,
    **inputs.MESSAGES,
    **platform.MESSAGES,
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
