"""Credit through the API: restrictions everywhere, repair, import idempotency, batched reads."""

from __future__ import annotations

import csv
import uuid
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import update

from tests.agency_flow import graphql, new_credit_code
from tests.commands import database_environment, run_zhongjie
from tests.project_flow import new_owner, operator_token, published, run
from zhongjie.models import CreditProfile, CreditRecord
from zhongjie.server.scheduler import run_timed_jobs

PROFILE = "{ creditProfile(creditCode: $code) { score level restriction ruleVersion history { level reason } records { totalCount edges { node { id category status public } } } } }"
SIGN_UP = "signup { signedUpAt } project { status }"


async def profile(client, token, code: str) -> dict:
    result = await graphql(client, token, f"query($code: String!) {PROFILE}", {"code": code})
    assert "errors" not in result, result
    return result["data"]["creditProfile"]


async def record(
    client,
    token,
    code: str,
    category: str,
    severity: str = "GENERAL",
    region: str = "370100",
    public: bool = True,
    valid_from: str = "2026-01-01",
) -> dict:
    payload = await run(
        client,
        token,
        "recordCredit",
        "RecordCreditInput",
        {
            "creditCode": code,
            "category": category,
            "severity": severity,
            "basis": "依法认定",
            "regionCode": region,
            "validFrom": valid_from,
            "public": public,
        },
        "record { id status } profile { score level restriction }",
    )
    assert payload["errors"] == [], payload["errors"]
    return payload


async def test_blacklisted_by_one_city_cannot_sign_up_in_another(world, test_issuer) -> None:
    client, agency, people = world
    qingdao_operator = operator_token(test_issuer, "370200")
    owner = new_owner(test_issuer)  # a Jinan project
    project = await published(client, owner, operator_token(test_issuer))
    recorded = await record(
        client, qingdao_operator, agency["creditCode"], "DISHONESTY", "SERIOUS", region="370200"
    )
    assert recorded["profile"]["restriction"] == "BLACKLISTED"

    refused = await run(
        client, people.admin, "signUpForProject", "ProjectSignupInput", {"projectId": project["id"]}, SIGN_UP
    )
    assert refused["errors"][0]["code"] == "NOT_ALLOWED" and "黑名单" in refused["errors"][0]["message"]
    public = await graphql(client, None, f'{{ agency(creditCode: "{agency["creditCode"]}") {{ name }} }}')
    assert public["data"]["agency"] is None  # left the public listings

    repaired = await run(
        client,
        qingdao_operator,
        "repairCreditRecord",
        "CreditRecordStatusInput",
        {"recordId": recorded["record"]["id"], "note": "已履行法定义务并公开承诺"},
        "record { status } profile { score level restriction }",
    )
    assert repaired["record"]["status"] == "REPAIRED"
    assert repaired["profile"] == {"score": 90, "level": "A", "restriction": "NONE"}
    accepted = await run(
        client, people.admin, "signUpForProject", "ProjectSignupInput", {"projectId": project["id"]}, SIGN_UP
    )
    assert accepted["errors"] == []


async def test_restricted_agencies_keep_social_projects_only(world, test_issuer) -> None:
    client, agency, people = world
    operator = operator_token(test_issuer)
    for category in ("ADMINISTRATIVE_PENALTY", "PERFORMANCE_DEFAULT"):
        await record(client, operator, agency["creditCode"], category, "SERIOUS")
    last = await record(client, operator, agency["creditCode"], "INSPECTION_FAILURE", "GENERAL")
    assert last["profile"] == {"score": 40, "level": "D", "restriction": "RESTRICTED"}
    owner = new_owner(test_issuer)
    fiscal = await published(client, owner, operator)
    social = await published(client, owner, operator, fundingType="SOCIAL")
    refused = await run(
        client, people.admin, "signUpForProject", "ProjectSignupInput", {"projectId": fiscal["id"]}, SIGN_UP
    )
    accepted = await run(
        client, people.admin, "signUpForProject", "ProjectSignupInput", {"projectId": social["id"]}, SIGN_UP
    )
    assert refused["errors"][0]["code"] == "NOT_ALLOWED" and accepted["errors"] == []
    listed = await graphql(
        client,
        operator,
        "{ agencies(first: 100, filter: {restrictions: [RESTRICTED], creditLevels: [D]}) { edges { node { creditCode } } } }",
    )
    assert agency["creditCode"] in {e["node"]["creditCode"] for e in listed["data"]["agencies"]["edges"]}


async def test_non_public_records_are_for_staff_and_the_agency_only(world, test_issuer) -> None:
    client, agency, people = world
    await record(client, operator_token(test_issuer), agency["creditCode"], "POOR_EVALUATION", public=False)
    as_public = await profile(client, None, agency["creditCode"])
    as_agency = await profile(client, people.admin, agency["creditCode"])
    assert as_public["level"] == as_agency["level"]
    assert as_public["records"]["totalCount"] == as_agency["records"]["totalCount"] - 1


async def test_only_authorities_and_operators_of_the_region_record(world, test_issuer) -> None:
    client, agency, people = world
    payload = await run(
        client,
        operator_token(test_issuer, "440000"),
        "recordCredit",
        "RecordCreditInput",
        {
            "creditCode": agency["creditCode"],
            "category": "REWARD",
            "severity": "GENERAL",
            "basis": "x",
            "regionCode": "370100",
            "validFrom": "2026-01-01",
        },
        "record { id }",
    )
    by_agency = await run(
        client,
        people.admin,
        "recordCredit",
        "RecordCreditInput",
        {
            "creditCode": agency["creditCode"],
            "category": "REWARD",
            "severity": "GENERAL",
            "basis": "x",
            "regionCode": "370100",
            "validFrom": "2026-01-01",
        },
        "record { id }",
    )
    bad_code = await run(
        client,
        operator_token(test_issuer),
        "recordCredit",
        "RecordCreditInput",
        {
            "creditCode": "91370100MA3C0000X0",
            "category": "REWARD",
            "severity": "GENERAL",
            "basis": "x",
            "regionCode": "370100",
            "validFrom": "2026-01-01",
        },
        "record { id }",
    )
    assert payload["errors"][0]["code"] == "FORBIDDEN" and by_agency["errors"][0]["code"] == "FORBIDDEN"
    assert bad_code["errors"][0]["field"] == ["input", "creditCode"]


async def test_importing_the_same_credit_file_twice_changes_nothing(client, database, tmp_path) -> None:
    code = new_credit_code()
    path = tmp_path / "credit-china.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "source",
                "source_id",
                "credit_code",
                "category",
                "severity",
                "basis",
                "decision_number",
                "region_code",
                "valid_from",
                "valid_until",
                "public",
            ]
        )
        writer.writerow(
            [
                "信用中国",
                f"CC-{uuid.uuid4().hex[:8]}",
                code,
                "行政处罚",
                "一般",
                "违反测绘法",
                "鲁测罚〔2026〕1号",
                "370200",
                "2026-01-01",
                "2028-12-31",
                "是",
            ]
        )
        writer.writerow(
            [
                "ENTERPRISE_PUBLICITY",
                f"EP-{uuid.uuid4().hex[:8]}",
                code,
                "REWARD",
                "GENERAL",
                "守合同重信用",
                "",
                "370000",
                "2026-01-01",
                "",
                "true",
            ]
        )
    first = await run_zhongjie("import", "credit", str(path), env=database_environment(database))
    second = await run_zhongjie("import", "credit", str(path), env=database_environment(database))
    assert first.stdout.strip() == "created=2 updated=0 unchanged=0", first.stderr
    assert second.stdout.strip() == "created=0 updated=0 unchanged=2"
    found = await profile(client, None, code)
    assert (found["score"], found["level"], found["records"]["totalCount"]) == (85, "B", 2)

    bad = tmp_path / "bad.csv"
    bad.write_text(
        "source,source_id,credit_code,category,severity,basis,region_code,valid_from\n"
        f"信用中国,X1,{code},行政处罚,一般,依据,370200,01/01/2026\n",
        encoding="utf-8",
    )
    refused = await run_zhongjie(
        "import", "credit", str(bad), "--lang", "en", env=database_environment(database)
    )
    assert refused.returncode == 1 and "row 2" in refused.stderr and "valid_from" in refused.stderr


async def test_agency_pages_with_credit_levels_take_the_same_statements(world, count_statements) -> None:
    client, _, _ = world
    query = "query($n: Int!) { agencies(first: $n) { edges { node { name creditProfile { level score restriction } } } } }"
    counts = []
    for first in (5, 50):
        with count_statements() as counter:
            result = await graphql(client, None, query, {"n": first})
        assert ("errors" not in result and len(result["data"]["agencies"]["edges"]) > 5) or first == 5
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


async def test_a_record_valid_from_a_later_day_counts_from_that_day(world, database) -> None:
    client, agency, people = world
    code = agency["creditCode"]
    tomorrow = date.today() + timedelta(days=1)
    recorded = await record(
        client, people.operator, code, "ADMINISTRATIVE_PENALTY", "SERIOUS", valid_from=str(tomorrow)
    )
    assert recorded["profile"] == {"score": 90, "level": "A", "restriction": "NONE"}
    await run_timed_jobs(database, datetime.now(UTC))  # not due yet: the profile stays as it is
    assert (await profile(client, None, code))["score"] == 90

    async with database.transaction() as session:  # a day passes for this record and its profile
        await session.execute(
            update(CreditRecord).where(CreditRecord.credit_code == code).values(valid_from=date.today())
        )
        await session.execute(
            update(CreditProfile).where(CreditProfile.credit_code == code).values(reassess_on=date.today())
        )
    done = await run_timed_jobs(database, datetime.now(UTC))
    assert done is not None and done["reassessed_credit_profiles"] >= 1
    counted = await profile(client, None, code)
    assert (counted["score"], counted["restriction"]) == (70, "KEY_SUPERVISION")
    assert counted["history"][0]["reason"] == "records came into force or lapsed"
