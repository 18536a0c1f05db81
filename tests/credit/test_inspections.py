"""Double-random inspections: ratios, key supervision, recusal, publication and the offline verifier."""

from __future__ import annotations

import asyncio
import json
import math
import subprocess
import uuid
from decimal import Decimal

from tests.agency_flow import actors, admitted_agency, graphql
from tests.commands import zhongjie_command
from tests.project_flow import operator_token, run

PLAN = "plan { id status commitment drawRecord targets { creditCode keySupervision inspectors result } }"


def authority(issuer, sector: str = "自然资源", region: str = "370100") -> str:
    return issuer.token(
        sub=f"authority-{uuid.uuid4().hex[:6]}",
        org_code=f"AUTH-{region}-ZR",
        roles=["authority"],
        region=region,
        sector=sector,
    )


ZAOZHUANG = "370400"  # the draw's own market: no demo agency and no other test registers there


async def test_a_draw_follows_the_ratios_respects_recusal_and_verifies_offline(
    client, database, test_issuer, tmp_path
) -> None:
    made = []
    for _ in range(4):
        people = actors(test_issuer, f"ORG{uuid.uuid4().hex[:8].upper()}", f"admin-{uuid.uuid4().hex[:8]}")
        made.append(await admitted_agency(client, database, people, region=ZAOZHUANG))
    operator = operator_token(test_issuer)
    for agency in made[:2]:  # two agencies under key supervision
        await run(
            client,
            operator,
            "recordCredit",
            "RecordCreditInput",
            {
                "creditCode": agency["creditCode"],
                "category": "ADMINISTRATIVE_PENALTY",
                "severity": "SERIOUS",
                "basis": "违法测绘",
                "regionCode": "370100",
                "validFrom": "2026-01-01",
            },
            "record { id }",
        )
    linked = made[2]["creditCode"]
    inspectors = [
        {"code": f"I-{n}", "name": f"检查员{n}", "linkedCreditCodes": [linked] if n < 3 else []}
        for n in range(6)
    ]
    boss = authority(test_issuer, region=ZAOZHUANG)
    created = await run(
        client,
        boss,
        "createInspectionPlan",
        "CreateInspectionPlanInput",
        {
            "title": "2026 年测绘机构双随机抽查",
            "regionCode": ZAOZHUANG,
            "baseRatio": "0.3",
            "keySupervisionMultiplier": "2",
            "inspectorsPerTarget": 2,
            "inspectors": inspectors,
        },
        PLAN,
    )
    plan_id, commitment = created["plan"]["id"], created["plan"]["commitment"]
    assert created["plan"]["drawRecord"] is None and len(commitment) == 64

    other_sector = await run(
        client,
        authority(test_issuer, "气象", ZAOZHUANG),
        "drawInspectionPlan",
        "DrawInspectionPlanInput",
        {"planId": plan_id, "witness": "x"},
        PLAN,
    )
    assert other_sector["errors"][0]["code"] == "FORBIDDEN"

    drawn = await run(
        client,
        boss,
        "drawInspectionPlan",
        "DrawInspectionPlanInput",
        {"planId": plan_id, "witness": "见证人：山东省公共资源交易中心 2026-11-23 第 1 轮"},
        PLAN,
    )
    assert drawn["errors"] == []
    record = drawn["plan"]["drawRecord"]
    assert record["commitment"] == commitment
    normal, key = record["strata"]
    assert set(key["candidates"]) == {made[0]["creditCode"], made[1]["creditCode"]}
    assert set(normal["candidates"]) == {made[2]["creditCode"], made[3]["creditCode"]}
    assert (
        normal["sample_size"]
        == math.ceil(Decimal("0.3") * len(normal["candidates"]))
        == len(normal["picked"])
    )
    assert key["sample_size"] == math.ceil(Decimal("0.6") * len(key["candidates"])) == len(key["picked"])
    for target, chosen in record["inspectors"].items():
        assert len(chosen) == 2 == len(set(chosen))
        if target == linked:
            assert not {"I-0", "I-1", "I-2"} & set(chosen)
    targets = {t["creditCode"]: t for t in drawn["plan"]["targets"]}
    assert set(targets) == set(normal["picked"]) | set(key["picked"])

    again = await run(
        client,
        boss,
        "drawInspectionPlan",
        "DrawInspectionPlanInput",
        {"planId": plan_id, "witness": "y"},
        PLAN,
    )
    assert again["errors"][0]["code"] == "NOT_ALLOWED"

    failed_target = next(iter(targets))
    before = (await graphql(client, None, f'{{ creditProfile(creditCode: "{failed_target}") {{ score }} }}'))[
        "data"
    ]
    result = await run(
        client,
        boss,
        "recordInspectionResult",
        "RecordInspectionResultInput",
        {
            "planId": plan_id,
            "creditCode": failed_target,
            "result": "FAILED",
            "findings": "成果质量不合格",
        },
        PLAN,
    )
    assert {t["creditCode"]: t["result"] for t in result["plan"]["targets"]}[failed_target] == "FAILED"
    after = (
        await graphql(
            client,
            None,
            f'{{ creditProfile(creditCode: "{failed_target}") {{ score records {{ edges {{ node {{ category source }} }} }} }} }}',
        )
    )["data"]
    assert after["creditProfile"]["score"] == before["creditProfile"]["score"] - 10
    assert {"category": "INSPECTION_FAILURE", "source": "PLATFORM"} in [
        e["node"] for e in after["creditProfile"]["records"]["edges"]
    ]

    listed = await graphql(
        client,
        None,
        '{ inspectionPlans(first: 5, filter: {sector: "自然资源"}) { edges { node { id status } } } }',
    )
    assert {"id": plan_id, "status": "DRAWN"} in [
        e["node"] for e in listed["data"]["inspectionPlans"]["edges"]
    ]

    path = tmp_path / "draw.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    verified = await asyncio.to_thread(
        subprocess.run, zhongjie_command("verify-draw", str(path)), capture_output=True, text=True
    )
    assert verified.returncode == 0, verified.stderr
    if normal["picked"] and len(normal["candidates"]) > len(normal["picked"]):
        spare = next(code for code in normal["candidates"] if code not in normal["picked"])
        normal["picked"][0] = spare
    else:
        record["witness"] += " (altered)"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    tampered = await asyncio.to_thread(
        subprocess.run, zhongjie_command("verify-draw", str(path)), capture_output=True, text=True
    )
    assert tampered.returncode == 1 and "MISMATCH" in tampered.stderr


async def test_plans_need_enough_unlinked_inspectors_and_sane_ratios(client, test_issuer) -> None:
    boss = authority(test_issuer)
    one = await run(
        client,
        boss,
        "createInspectionPlan",
        "CreateInspectionPlanInput",
        {
            "title": "t",
            "regionCode": "370100",
            "baseRatio": "0.2",
            "inspectors": [{"code": "A", "name": "a"}],
        },
        PLAN,
    )
    ratio = await run(
        client,
        boss,
        "createInspectionPlan",
        "CreateInspectionPlanInput",
        {
            "title": "t",
            "regionCode": "370100",
            "baseRatio": "1.5",
            "inspectors": [{"code": "A", "name": "a"}, {"code": "B", "name": "b"}],
        },
        PLAN,
    )
    by_operator = await run(
        client,
        operator_token(test_issuer),
        "createInspectionPlan",
        "CreateInspectionPlanInput",
        {
            "title": "t",
            "regionCode": "370100",
            "baseRatio": "0.2",
            "inspectors": [{"code": "A", "name": "a"}, {"code": "B", "name": "b"}],
        },
        PLAN,
    )
    assert one["errors"][0]["field"] == ["input", "inspectors"]
    assert ratio["errors"][0]["field"] == ["input", "baseRatio"]
    assert by_operator["errors"][0]["code"] == "FORBIDDEN"
