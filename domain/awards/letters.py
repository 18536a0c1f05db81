"""The confirmation letter (中选确认书): canonical JSON, the sealed file, offline verification, its PDF.

The downloadable file is the canonical JSON (sorted keys, no spaces, UTF-8) of
`{"letter": …, "signature": <compact JWS over the canonical JSON of the letter>}`. A verifier
re-serialises what it read and requires the very same bytes, checks the signature against the
published keys and requires the signed payload to be the letter: any changed byte fails.
"""

from __future__ import annotations

import io
import json
from datetime import datetime
from typing import Any

from joserfc.jwk import KeySetSerialization

from zhongjie.domain.awards.seal import SignatureInvalid, verify

LETTER_TYPE = "zhongjie-confirmation-letter"


class LetterInvalid(Exception):
    """The file is not an intact letter sealed by the platform; the message says why."""


def canonical(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def letter_file(letter: dict[str, Any], signature: str) -> bytes:
    return canonical({"letter": letter, "signature": signature})


def verify_letter_file(content: bytes, jwks: KeySetSerialization) -> dict[str, Any]:
    """The letter in `content`, if intact and sealed by one of `jwks`' keys; `LetterInvalid` otherwise."""
    try:
        data = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise LetterInvalid("not a JSON letter file") from error
    if (
        not isinstance(data, dict)
        or set(data) != {"letter", "signature"}
        or not isinstance(data["signature"], str)
    ):
        raise LetterInvalid("not a letter file")
    if canonical(data) != content:
        raise LetterInvalid("the file is not in its canonical form: it was changed")
    try:
        payload = verify(data["signature"], jwks)
    except SignatureInvalid as error:
        raise LetterInvalid(f"the seal does not verify: {error}") from error
    if payload != canonical(data["letter"]) or data["letter"].get("type") != LETTER_TYPE:
        raise LetterInvalid("the seal is not over this letter")
    letter: dict[str, Any] = data["letter"]  # the object the seal signed
    return letter


def render_pdf(letter: dict[str, Any], signature: str) -> bytes:
    """A printable rendering; the JSON file is what verifies."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    width, height = A4
    page.setTitle(f"中选确认书 {letter['number']}")
    page.setFont("STSong-Light", 20)
    page.drawCentredString(width / 2, height - 90, "中选确认书")
    page.setFont("STSong-Light", 11)
    lines = [
        f"编号：{letter['number']}",
        f"项目：{letter['project']['title']}（{letter['project']['code']}）",
        f"投资项目代码：{letter['project'].get('investmentProjectCode') or '—'}",
        f"服务事项：{letter['serviceItem']['name']}（{letter['serviceItem']['code']}）",
        f"项目业主：{letter['owner']['name'] or letter['owner']['code']}",
        f"中选机构：{letter['agency']['name']}（统一社会信用代码 {letter['agency']['creditCode']}）",
        f"选取方式：{letter['selectionMethod']}",
        f"中选公告：{letter['announcedAt']}，公示截止：{letter['publicityEndsAt']}",
        f"业主确认：{letter['confirmedAt']['owner']}；中选机构确认：{letter['confirmedAt']['agency']}",
        f"出具时间：{letter['issuedAt']}",
        "",
        "本确认书由网上中介服务超市平台电子印章签章。",
        "核验：下载 JSON 版本，使用 zhongjie verify-letter 与平台公布的公钥",
        "（/.well-known/jwks.json）离线核验。",
        f"签章摘要：{signature.rsplit('.', 1)[-1][:43]}",
    ]
    y = height - 140
    for line in lines:
        page.drawString(60, y, line)
        y -= 22
    page.showPage()
    page.save()
    return buffer.getvalue()


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
