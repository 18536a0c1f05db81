"""After the award, end to end through GraphQL: confirmation, the sealed letter, the contract, delivery,
return, acceptance, evaluation and the service clock, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from tests.awards.award_flow import (
    after_publicity,
    announced_world,
    at,
    at_beijing,
    award_of,
    before_a_holiday,
    mutate,
    working_day_after,
)
from tests.commands import database_environment, run_zhongjie

CONFIRM = ("confirmAward", "ProjectActionInput")
EVALUATION = {"quality": 5, "timeliness": 3, "attitude": 4, "feeReasonableness": 4, "standardisation": 4}


async def _verify_letter(client, code: str, folder):
    """Download the letter and the key set as a user would, then verify offline with the command."""
    letter, keys = folder / "letter.json", folder / "jwks.json"
    letter.write_bytes((await client.get(f"/letters/{code}.json")).content)
    keys.write_bytes((await client.get("/.well-known/jwks.json")).content)
    return await run_zhongjie("verify-letter", str(letter), "--jwks", str(keys))


async def test_from_result_to_evaluation(client, database, test_issuer, tmp_path) -> None:
    project, agency, people, owner, _operator = await announced_world(client, database, test_issuer)
    code, pid = project["code"], project["id"]

    # during the publicity period nobody confirms
    early = await mutate(client, owner.token, *CONFIRM, {"projectId": pid})
    assert [e["code"] for e in early["errors"]] == ["NOT_ALLOWED"]

    confirming = await after_publicity(client, code)
    async with at(database, test_issuer, confirming) as later:
        assert (await mutate(later, owner.token, *CONFIRM, {"projectId": pid}))["project"][
            "status"
        ] == "RESULT_ANNOUNCED"
        again = await mutate(later, owner.token, *CONFIRM, {"projectId": pid})
        assert [e["code"] for e in again["errors"]] == ["DUPLICATE"]
        assert (await mutate(later, people.admin, *CONFIRM, {"projectId": pid}))["project"][
            "status"
        ] == "CONFIRMED"

    public = await award_of(client, None, code)
    letter = public["award"]["confirmationLetter"]
    assert letter["document"]["agency"]["creditCode"] == agency["creditCode"]
    assert letter["document"]["project"]["code"] == code
    verified = await _verify_letter(client, code, tmp_path)
    assert verified.returncode == 0, verified.stderr
    pdf = await client.get(letter["pdfUrl"])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    # signed on a working day whose ten working days of service run across a statutory holiday
    signed_at = before_a_holiday(confirming)
    due = working_day_after(signed_at.date(), 10)
    async with at(database, test_issuer, signed_at) as signing:
        prepared = await mutate(
            signing,
            owner.token,
            "prepareContract",
            "PrepareContractInput",
            {"projectId": pid, "price": "70000.00"},
            "project { award { contract { documentHash document } } }",
        )
        contract = prepared["project"]["award"]["contract"]
        assert contract["document"]["keyTerms"]["price"] == "70000.00"
        assert any("70000.00" in clause for clause in contract["document"]["clauses"])
        stale = await mutate(
            signing,
            people.admin,
            "signContract",
            "SignContractInput",
            {"projectId": pid, "documentHash": "0" * 64},
        )
        assert [e["code"] for e in stale["errors"]] == ["INVALID"]
        for token in (owner.token, people.admin):
            signed = await mutate(
                signing,
                token,
                "signContract",
                "SignContractInput",
                {"projectId": pid, "documentHash": contract["documentHash"]},
            )
            assert signed["errors"] == []
        assert signed["project"]["status"] == "IN_SERVICE"

    public = await award_of(client, None, code)
    terms = public["award"]["contract"]
    assert (
        terms["price"] == "70000.00" and terms["document"] is None
    )  # key terms public, the text to the parties
    assert (
        terms["ownerSignature"]["documentHash"]
        == terms["agencySignature"]["documentHash"]
        == contract["documentHash"]
    )
    assert (await award_of(client, owner.token, code))["award"]["contract"]["document"] is not None

    async with at(database, test_issuer, signed_at + timedelta(days=3)) as working:
        delivered = await mutate(
            working,
            people.admin,
            "deliverService",
            "DeliverServiceInput",
            {"projectId": pid, "summary": "测绘成果报告第一版"},
        )
        assert delivered["project"]["status"] == "DELIVERED"
        returned = await mutate(
            working,
            owner.token,
            "returnService",
            "ReturnServiceInput",
            {"projectId": pid, "reasons": "面积计算表缺少公摊说明"},
        )
        assert returned["project"]["status"] == "IN_SERVICE"
        redelivered = await mutate(
            working,
            people.admin,
            "deliverService",
            "DeliverServiceInput",
            {"projectId": pid, "summary": "测绘成果报告第二版"},
        )
        assert redelivered["project"]["status"] == "DELIVERED"

    # due at 17:00 Beijing time on the tenth working day, holidays skipped; three working days later the
    # weekends and holidays between do not count: 3 working days overdue
    async with at(database, test_issuer, at_beijing(working_day_after(due, 3), 10)) as late:
        clock = (await award_of(late, None, code))["award"]["serviceClock"]
        assert clock["overdue"] is True and clock["overdueWorkingDays"] == 3
        assert datetime.fromisoformat(clock["dueAt"]) == at_beijing(due, 17)
        overdue = await late.post(
            "/graphql",
            json={"query": "{ projects(first: 100, filter: {overdue: true}) { edges { node { code } } } }"},
        )
        assert code in [edge["node"]["code"] for edge in overdue.json()["data"]["projects"]["edges"]]
        accepted = await mutate(late, owner.token, "acceptService", "ProjectActionInput", {"projectId": pid})
        assert accepted["project"]["status"] == "ACCEPTED"
        evaluated = await mutate(
            late,
            owner.token,
            "evaluateService",
            "EvaluateServiceInput",
            {"projectId": pid, **EVALUATION, "comment": "成果质量好，略有延迟"},
        )
        assert evaluated["project"]["status"] == "COMPLETED"
        authority = await mutate(
            late,
            people.authority,
            "evaluateService",
            "EvaluateServiceInput",
            {"projectId": pid, **EVALUATION},
        )
        assert authority["errors"] == []

    done = await award_of(client, None, code)
    assert done["status"] == "COMPLETED"
    assert [(d["number"], d["decision"]) for d in done["award"]["deliveries"]] == [
        (1, "RETURNED"),
        (2, "ACCEPTED"),
    ]
    assert done["award"]["deliveries"][0]["summary"] is None  # deliveries' content to the parties only
    assert (
        done["award"]["serviceClock"]["stoppedAt"] is not None
        and done["award"]["serviceClock"]["overdueWorkingDays"] == 3
    )
    assert [(e["evaluatorKind"], e["average"]) for e in done["evaluations"]] == [
        ("OWNER", 4.0),
        ("AUTHORITY", 4.0),
    ]
    profile = await client.post(
        "/graphql",
        json={
            "query": """query($code: String!) { agency(creditCode: $code) {
              evaluations(first: 1) { totalCount edges { node { evaluatorKind comment } } } } }""",
            "variables": {"code": agency["creditCode"]},
        },
    )
    evaluations = profile.json()["data"]["agency"]["evaluations"]
    assert evaluations["totalCount"] == 2  # on the agency's public profile, newest first
    assert evaluations["edges"][0]["node"]["evaluatorKind"] == "AUTHORITY"


async def test_a_changed_byte_fails_verification_and_old_letters_survive_rotation(
    client, database, test_issuer, tmp_path
) -> None:
    project, _agency, people, owner, _operator = await announced_world(client, database, test_issuer)
    async with at(database, test_issuer, await after_publicity(client, project["code"])) as later:
        for token in (owner.token, people.admin):
            await mutate(later, token, *CONFIRM, {"projectId": project["id"]})
    assert (await _verify_letter(client, project["code"], tmp_path)).returncode == 0
    original = (tmp_path / "letter.json").read_bytes()
    keys = tmp_path / "jwks.json"
    for position in (10, len(original) // 2, len(original) - 5):
        tampered = bytearray(original)
        tampered[position] = ord("x") if tampered[position] != ord("x") else ord("y")
        (tmp_path / "tampered.json").write_bytes(bytes(tampered))
        result = await run_zhongjie("verify-letter", str(tmp_path / "tampered.json"), "--jwks", str(keys))
        assert result.returncode != 0, position

    rotated = await run_zhongjie("seal", "rotate", env=database_environment(database))
    assert rotated.returncode == 0, rotated.stderr
    before = json.loads(keys.read_text())
    assert (await _verify_letter(client, project["code"], tmp_path)).returncode == 0  # with the new key set
    after = json.loads(keys.read_text())
    assert len(after["keys"]) == len(before["keys"]) + 1


async def test_an_extension_needs_the_owner_s_consent_and_moves_the_due_date(
    client, database, test_issuer
) -> None:
    project, _agency, people, owner, _operator = await announced_world(client, database, test_issuer)
    pid = project["id"]
    signed_at = before_a_holiday(await after_publicity(client, project["code"]))
    async with at(database, test_issuer, signed_at) as signing:
        for token in (owner.token, people.admin):
            await mutate(signing, token, *CONFIRM, {"projectId": pid})
        prepared = await mutate(
            signing,
            owner.token,
            "prepareContract",
            "PrepareContractInput",
            {"projectId": pid, "price": "90000.00"},
            "project { award { contract { documentHash } } }",
        )
        assert [e["code"] for e in prepared["errors"]] == ["INVALID"]  # above the ceiling of 75,000
        prepared = await mutate(
            signing,
            owner.token,
            "prepareContract",
            "PrepareContractInput",
            {"projectId": pid, "price": "75000.00"},
            "project { award { contract { documentHash } } }",
        )
        digest = prepared["project"]["award"]["contract"]["documentHash"]
        for token in (owner.token, people.admin):
            await mutate(
                signing,
                token,
                "signContract",
                "SignContractInput",
                {"projectId": pid, "documentHash": digest},
            )
        asked = await mutate(
            signing,
            people.admin,
            "requestServiceExtension",
            "RequestServiceExtensionInput",
            {"projectId": pid, "workingDays": 2, "reason": "等待业主补充资料"},
            "project { award { extensions { id status } serviceClock { dueAt } } }",
        )
        award = asked["project"]["award"]
        assert datetime.fromisoformat(award["serviceClock"]["dueAt"]) == at_beijing(
            working_day_after(signed_at.date(), 10), 17
        )
        not_owner = await mutate(
            signing,
            people.admin,
            "decideServiceExtension",
            "DecideServiceExtensionInput",
            {"extensionId": award["extensions"][0]["id"], "consent": True},
        )
        assert [e["code"] for e in not_owner["errors"]] == ["FORBIDDEN"]
        consented = await mutate(
            signing,
            owner.token,
            "decideServiceExtension",
            "DecideServiceExtensionInput",
            {"extensionId": award["extensions"][0]["id"], "consent": True},
            "project { award { extensions { status } serviceClock { dueAt } } }",
        )
    moved = consented["project"]["award"]
    assert moved["extensions"] == [{"status": "APPROVED"}]
    assert datetime.fromisoformat(moved["serviceClock"]["dueAt"]) == at_beijing(  # two working days on
        working_day_after(signed_at.date(), 12), 17
    )
