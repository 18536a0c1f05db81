"""Publishing notices through GraphQL for the tests."""

from __future__ import annotations

import httpx

from tests.awards.award_flow import mutate


async def published_notice(
    client: httpx.AsyncClient, operator: str, title: str, region: str = "370000"
) -> str:
    """A notice drafted and published by `operator`; its global ID."""
    draft = await mutate(
        client,
        operator,
        "createNotice",
        "CreateNoticeInput",
        {"regionCode": region, "title": title, "body": f"{title}：正文"},
        "notice { id }",
    )
    assert draft["errors"] == [], draft["errors"]
    published = await mutate(
        client,
        operator,
        "publishNotice",
        "NoticeActionInput",
        {"noticeId": draft["notice"]["id"]},
        "notice { id }",
    )
    assert published["errors"] == [], published["errors"]
    return draft["notice"]["id"]
