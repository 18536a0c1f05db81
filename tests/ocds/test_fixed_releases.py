"""Published releases never change, and every public change after publication is told.

An agency is renamed, a buyer's name changes at its next sign-in, a notice is withdrawn and an award
corrected, all after publication: every release fetched before is the same bytes afterwards, the new
facts arrive as new releases, ocdskit compiles the whole feed into the records `/ocds/records` serves,
and the change feed and a webhook endpoint receive each change exactly once.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from ocdskit.combine import merge
from sqlalchemy import delete

from tests.agency_flow import actors, admitted_agency, graphql
from tests.awards.award_flow import mutate
from tests.commands import database_environment, run_zhongjie
from tests.events.webhook_flow import deliver_until, partner_token, register
from tests.notice_flow import published_notice
from tests.ocds.test_ocds_export import release_of
from tests.ocds.validation import CLEAN, problems
from tests.project_flow import announced, new_owner, operator_token, published
from tests.webhook_receiver import receiver
from zhongjie.base.settings import Settings
from zhongjie.models import OcdsRelease

ROOT = Path(__file__).resolve().parents[2]
RELEASE_SCHEMA = json.loads((ROOT / "data" / "ocds-release-schema-1.1.5.json").read_text(encoding="utf-8"))
FAST = {"webhook_allowed_targets": ["127.0.0.1"], "webhook_retry_schedule": [0.1, 0.1]}
CHANGES = ["agency.approve_change", "project.record_corrected", "notice.withdraw", "project.award_corrected"]
EVENTS = """query($after: String) { events(after: $after, first: 100) {
  events { type subjectId notice { title } } endCursor hasMore } }"""


@pytest.fixture
def app_settings():
    return FAST


def raw_releases(body: str) -> list[str]:
    """The releases of a package as the exact texts served, in order."""
    decoder, start = json.JSONDecoder(), body.index('"releases":[') + len('"releases":[')
    texts = []
    while body[start] != "]":
        _, end = decoder.raw_decode(body, start)
        texts.append(body[start:end])
        start = end + 1 if body[end] == "," else end
    return texts


async def harvest(client, since: datetime) -> tuple[list[str], list[dict]]:
    """Every release published since `since` (its text) and every package, by following the cursor."""
    texts, packages = [], []
    url, parameters = "/ocds/releases", {"since": since.isoformat(), "limit": "3"}
    while True:
        response = await client.get(url, params=parameters)
        assert response.status_code == 200, response.text
        page = raw_releases(response.text)
        if not page:
            return texts, packages
        texts += page
        packages.append(response.json())
        link = response.headers["link"]
        following = urlsplit(link[1 : link.index(">")])
        url, parameters = following.path, dict(parse_qsl(following.query))


async def feed_events(client, after: str | None) -> list[dict]:
    result = await graphql(client, None, EVENTS, {"after": after})
    assert "errors" not in result, result["errors"]
    assert not result["data"]["events"]["hasMore"]
    return result["data"]["events"]["events"]


async def test_changes_after_publication_are_new_releases_and_told_once(
    client, database, test_issuer, tmp_path
) -> None:
    started = datetime.now(UTC) - timedelta(seconds=1)
    people = actors(test_issuer, f"ORG{uuid.uuid4().hex[:8].upper()}", f"admin-{uuid.uuid4().hex[:8]}")
    agency = await admitted_agency(client, database, people)
    owner, operator = new_owner(test_issuer), operator_token(test_issuer)
    project = await announced(client, database, owner, operator, agency, people.admin, priceFloor="50000.00")
    notice = await published_notice(client, operator, f"公告{uuid.uuid4().hex[:6]}")
    before, _ = await harvest(client, started)
    ocid = f"ocds-zhngje-{project['code']}"
    mine_before = [text for text in before if json.loads(text)["ocid"] == ocid]
    assert [json.loads(text)["tag"] for text in mine_before] == [["tender"], ["tenderUpdate"], ["award"]]
    cursor = await _end_of_feed(client)

    token = partner_token(test_issuer)
    async with receiver() as hooks:
        endpoint = await register(client, token, url=hooks.url, eventTypes=CHANGES)
        assert endpoint["errors"] == []

        requested = await mutate(
            client,
            people.admin,
            "requestAgencyChange",
            "RequestAgencyChangeInput",
            {"agencyId": agency["id"], "name": "更名后的测绘有限公司", "reason": "更名"},
            "changeRequest { id }",
        )
        assert requested["errors"] == [], requested
        reviewed = await mutate(
            client,
            people.operator,
            "reviewAgencyChange",
            "ReviewAgencyChangeInput",
            {"changeRequestId": requested["changeRequest"]["id"], "approve": True},
            "changeRequest { status }",
        )
        assert reviewed["errors"] == [], reviewed
        renamed_owner = test_issuer.token(
            sub=owner.subject,
            org_code=owner.organisation,
            roles=["owner"],
            region="370100",
            org_name="新业主名称",
        )
        assert "errors" not in await graphql(client, renamed_owner, "{ viewer { roles } }")
        withdrawn = await mutate(
            client,
            operator,
            "withdrawNotice",
            "NoticeActionInput",
            {"noticeId": notice, "reason": "内容有误，撤回"},
            "notice { id }",
        )
        assert withdrawn["errors"] == [], withdrawn
        corrected = await mutate(
            client,
            operator,
            "correctAward",
            "CorrectAwardInput",
            {"projectId": project["id"], "price": "61000.00", "rationale": "录入错误，更正中选金额"},
            "project { status }",
        )
        assert corrected["errors"] == [], corrected

        told = [event for event in await feed_events(client, cursor) if event["type"] in CHANGES]
        subjects = {project["id"], agency["id"], notice}
        told = [event for event in told if event["subjectId"] in subjects]
        assert sorted(event["type"] for event in told) == sorted(
            [
                "agency.approve_change",
                "project.record_corrected",  # the supplier's new name
                "project.record_corrected",  # the buyer's
                "notice.withdraw",
                "project.award_corrected",
            ]
        )
        assert [e["notice"] for e in told if e["type"] == "notice.withdraw"] == [None]  # named, not shown
        await deliver_until(
            database, Settings(database_url="unused://", **FAST), lambda: len(hooks.requests) >= 5
        )
    delivered = [json.loads(request.body) for request in hooks.requests]
    assert sorted(body["type"] for body in delivered) == sorted(event["type"] for event in told)
    assert len({request.headers["webhook-id"] for request in hooks.requests}) == 5
    [withdrawal] = [body["data"]["events"] for body in delivered if body["type"] == "notice.withdraw"]
    assert withdrawal["subjectId"] == notice  # the default payload names the notice it no longer shows

    after, packages = await harvest(client, started)
    assert after[: len(before)] == before  # every release fetched before: the same bytes, the same place
    new = [json.loads(text) for text in after[len(before) :] if json.loads(text)["ocid"] == ocid]
    supplier, buyer, award = new
    assert supplier["tag"] == ["awardUpdate"] and "更名后的测绘有限公司" in str(supplier["parties"])
    assert buyer["tag"] == ["awardUpdate"] and buyer["buyer"]["name"] == "新业主名称"
    assert award["tag"] == ["awardUpdate"]
    assert award["awards"][0]["value"] == {"amount": 61000.0, "currency": "CNY"}
    assert award["awards"][0]["amendments"][0]["rationale"] == "录入错误，更正中选金额"
    assert len({release["id"] for release in map(json.loads, after)}) == len(after)
    for package in packages:
        assert problems(package, tmp_path) == CLEAN

    compiled = merge(packages, schema=RELEASE_SCHEMA, return_package=True)
    [record] = [record for package in compiled for record in package["records"] if record["ocid"] == ocid]
    served = (await client.get("/ocds/records", params={"ocid": ocid})).json()
    [ours] = served["records"]
    # the record package schema refers to a schema online; the compiled release is checked as a release
    assert problems({**packages[0], "releases": [ours["compiledRelease"]]}, tmp_path) == CLEAN
    assert ours["compiledRelease"] == record["compiledRelease"]
    assert [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in ours["releases"]] == [
        text for text in after if json.loads(text)["ocid"] == ocid
    ]


async def _end_of_feed(client) -> str | None:
    """The cursor after the last event now in the feed."""
    cursor = None
    while True:
        result = await graphql(
            client,
            None,
            "query($after: String) { events(first: 100, after: $after) { endCursor hasMore } }",
            {"after": cursor},
        )
        cursor = result["data"]["events"]["endCursor"]
        if not result["data"]["events"]["hasMore"]:
            return cursor


async def test_releases_of_an_upgraded_database_are_stored_once_by_the_command(
    client, database, test_issuer
) -> None:
    """A database from before releases were stored has stages without releases: the command stores them,
    once, as the rows read now."""
    started = datetime.now(UTC) - timedelta(seconds=1)
    project = await published(client, new_owner(test_issuer), operator_token(test_issuer))
    before = await _release_rows(client, project["code"], started)
    async with database.transaction() as session:
        await session.execute(delete(OcdsRelease).where(OcdsRelease.release_id.in_(list(before))))
    assert await _release_rows(client, project["code"], started) == {}
    for expected in (f"releases stored: {len(before)}", "releases stored: 0"):
        done = await run_zhongjie("ocds", "publish-missing", env=database_environment(database))
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == expected
    assert await _release_rows(client, project["code"], started) == before


async def _release_rows(client, code: str, since: datetime) -> dict[str, str]:
    """The project's releases published since `since` as served, by release id."""
    ocid = f"ocds-zhngje-{code}"
    texts, _ = await harvest(client, since)
    return {json.loads(text)["id"]: text for text in texts if json.loads(text)["ocid"] == ocid}


async def test_a_correction_is_the_region_operators_within_the_limits_or_nothing_is_written(
    client, database, test_issuer
) -> None:
    people = actors(test_issuer, f"ORG{uuid.uuid4().hex[:8].upper()}", f"admin-{uuid.uuid4().hex[:8]}")
    agency = await admitted_agency(client, database, people)
    owner, operator = new_owner(test_issuer), operator_token(test_issuer)
    project = await announced(client, database, owner, operator, agency, people.admin, priceFloor="50000.00")
    release = await release_of(client, project["code"])
    valid = {"projectId": project["id"], "price": "61000.00", "rationale": "更正"}
    for token, given, code, field in (
        (owner.token, valid, "FORBIDDEN", ["input", "projectId"]),
        (people.admin, valid, "FORBIDDEN", ["input", "projectId"]),
        (
            operator_token(test_issuer, "440000"),
            valid,
            "FORBIDDEN",
            ["input", "projectId"],
        ),  # public, not theirs
        (operator, {**valid, "price": "90000.00"}, "INVALID", ["input", "price"]),  # above the ceiling
        (operator, {**valid, "price": "-1"}, "INVALID", ["input", "price"]),
        (operator, {**valid, "rationale": " "}, "REQUIRED", ["input", "rationale"]),
    ):
        refused = await mutate(
            client, token, "correctAward", "CorrectAwardInput", given, "project { status }"
        )
        assert [(e["code"], e["field"]) for e in refused["errors"]] == [(code, field)], (given, refused)
    assert await release_of(client, project["code"]) == release  # nothing published
