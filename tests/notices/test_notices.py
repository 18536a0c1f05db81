"""Notices (通知公告): operators draft, publish and withdraw for their region; the public sees published ones."""

from __future__ import annotations

import uuid

from tests.agency_flow import graphql
from tests.awards.award_flow import mutate
from tests.project_flow import new_owner, operator_token

NOTICES = """query($region: String) { notices(first: 50, region: $region) {
  edges { node { id title status withdrawalReason region { code } } } } }"""
FIELDS = "notice { id status title }"


async def _titles(client, token, region=None) -> set[str]:
    result = await graphql(client, token, NOTICES, {"region": region})
    return {edge["node"]["title"] for edge in result["data"]["notices"]["edges"]}


async def test_a_notice_is_drafted_published_and_withdrawn(client, test_issuer) -> None:
    operator, jinan_operator = operator_token(test_issuer, "370000"), operator_token(test_issuer, "370100")
    title = f"关于中介服务超市系统升级的通知 {uuid.uuid4().hex[:6]}"
    drafted = await mutate(
        client,
        operator,
        "createNotice",
        "CreateNoticeInput",
        {"regionCode": "370000", "title": title, "body": "系统将于周六升级。"},
        FIELDS,
    )
    assert drafted["errors"] == [] and drafted["notice"]["status"] == "DRAFT"
    notice_id = drafted["notice"]["id"]
    assert title not in await _titles(client, None)  # drafts are for operators
    too_high = await mutate(
        client,
        jinan_operator,
        "createNotice",
        "CreateNoticeInput",
        {"regionCode": "370000", "title": "x", "body": "y"},
        FIELDS,
    )
    assert [e["code"] for e in too_high["errors"]] == [
        "FORBIDDEN"
    ]  # a city operator cannot speak for the province
    owner = new_owner(test_issuer)
    by_owner = await mutate(
        client, owner.token, "publishNotice", "NoticeActionInput", {"noticeId": notice_id}, FIELDS
    )
    assert [e["code"] for e in by_owner["errors"]] == ["NOT_FOUND"]

    edited = await mutate(
        client,
        operator,
        "editNotice",
        "NoticeActionInput",
        {"noticeId": notice_id, "body": "系统将于周日升级。"},
        FIELDS,
    )
    assert edited["errors"] == []
    published = await mutate(
        client, operator, "publishNotice", "NoticeActionInput", {"noticeId": notice_id}, FIELDS
    )
    assert published["notice"]["status"] == "PUBLISHED"
    assert title in await _titles(client, None, "370102")  # a province's notice reaches its districts
    assert title not in await _titles(client, None, "440000")
    again = await mutate(
        client, operator, "editNotice", "NoticeActionInput", {"noticeId": notice_id, "title": "改"}, FIELDS
    )
    assert [e["code"] for e in again["errors"]] == ["NOT_ALLOWED"]  # published notices are not edited

    no_reason = await mutate(
        client, operator, "withdrawNotice", "NoticeActionInput", {"noticeId": notice_id}, FIELDS
    )
    assert [e["code"] for e in no_reason["errors"]] == ["REQUIRED"]
    withdrawn = await mutate(
        client,
        operator,
        "withdrawNotice",
        "NoticeActionInput",
        {"noticeId": notice_id, "reason": "升级推迟"},
        FIELDS,
    )
    assert withdrawn["notice"]["status"] == "WITHDRAWN"
    assert title not in await _titles(client, None)
    assert title in await _titles(client, operator)

    feed = await graphql(
        client, None, '{ events(first: 100, types: ["notice.publish"]) { events { notice { title } } } }'
    )
    # the public saw it published; once withdrawn, the notice is no longer shown to it, nor its events
    assert {"notice": {"title": title}} not in feed["data"]["events"]["events"]
