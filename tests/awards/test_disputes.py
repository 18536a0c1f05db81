"""Questions, objections and complaints; stand-still; the winner's withdrawal and disqualification."""

from __future__ import annotations

import uuid

import pytest

from tests.agency_flow import actors, admitted_agency, graphql
from tests.awards.award_flow import after_publicity, announced_world, at, award_of, mutate
from tests.project_flow import close_signups, new_owner, operator_token, published, run, signed_up_agency
from zhongjie.schema.api import schema

ENQUIRY = "enquiry { id kind status content answer }"
CONFIRM = ("confirmAward", "ProjectActionInput")


async def _second_agency(client, database, issuer, project_id: str):
    agency, people = await signed_up_agency(client, database, issuer, project_id)
    return agency, people


async def _two_bidders(client, database, issuer):
    """A project announced to a winner, with a rival that also signed up."""
    owner, operator = new_owner(issuer), operator_token(issuer)
    winner_people = actors(issuer, f"ORG{uuid.uuid4().hex[:8].upper()}", f"admin-{uuid.uuid4().hex[:8]}")
    winner = await admitted_agency(client, database, winner_people)
    project = await published(client, owner, operator)
    await run(
        client,
        winner_people.admin,
        "signUpForProject",
        "ProjectSignupInput",
        {"projectId": project["id"]},
        "project { id }",
    )
    rival, rival_people = await _second_agency(client, database, issuer, project["id"])
    await close_signups(database, project["code"])
    selected = await run(
        client,
        owner.token,
        "selectProjectAgency",
        "SelectProjectAgencyInput",
        {"projectId": project["id"], "agencyId": winner["id"], "reason": "综合比选"},
    )
    assert selected["errors"] == []
    return project, (winner, winner_people), (rival, rival_people), owner, operator


async def test_an_objection_in_the_window_suspends_confirmation_until_answered(
    client, database, test_issuer
) -> None:
    project, (_winner, winner_people), (_rival, rival), owner, _operator = await _two_bidders(
        client, database, test_issuer
    )
    objected = await mutate(
        client,
        rival.admin,
        "fileObjection",
        "FileEnquiryInput",
        {"projectId": project["id"], "content": "中选机构资质不符"},
        ENQUIRY,
    )
    assert objected["errors"] == [] and objected["enquiry"]["status"] == "OPEN"
    outsider = actors(test_issuer, f"ORG{uuid.uuid4().hex[:8].upper()}", f"admin-{uuid.uuid4().hex[:8]}")
    refused = await mutate(
        client,
        outsider.admin,
        "fileObjection",
        "FileEnquiryInput",
        {"projectId": project["id"], "content": "x"},
        ENQUIRY,
    )
    assert [e["code"] for e in refused["errors"]] == ["FORBIDDEN"]

    public = await award_of(client, None, project["code"])
    assert public["standStill"] == {"suspended": True, "openObjections": 1, "openComplaints": 0}
    assert public["enquiries"] == []  # an objection's content is for the parties and the operators
    assert [e["content"] for e in (await award_of(client, owner.token, project["code"]))["enquiries"]] == [
        "中选机构资质不符"
    ]

    async with at(database, test_issuer, await after_publicity(client, project["code"])) as later:
        blocked = await mutate(later, owner.token, *CONFIRM, {"projectId": project["id"]})
        assert [e["code"] for e in blocked["errors"]] == ["NOT_ALLOWED"]
        too_late = await mutate(
            later,
            rival.admin,
            "fileObjection",
            "FileEnquiryInput",
            {"projectId": project["id"], "content": "再次质疑"},
            ENQUIRY,
        )
        assert [e["code"] for e in too_late["errors"]] == ["NOT_ALLOWED"]  # after the publicity window

        answered = await mutate(
            later,
            owner.token,
            "answerEnquiry",
            "AnswerEnquiryInput",
            {"enquiryId": objected["enquiry"]["id"], "answer": "经核实资质符合要求"},
            ENQUIRY,
        )
        assert answered["enquiry"]["status"] == "ANSWERED"
        assert (await mutate(later, owner.token, *CONFIRM, {"projectId": project["id"]}))["errors"] == []
        assert (await mutate(later, winner_people.admin, *CONFIRM, {"projectId": project["id"]}))["project"][
            "status"
        ] == "CONFIRMED"
    assert (await award_of(client, None, project["code"]))["standStill"]["suspended"] is False


async def test_an_upheld_complaint_disqualifies_the_winner_and_is_recorded_in_its_credit(
    client, database, test_issuer
) -> None:
    project, (agency, _), (_rival, rival), owner, operator = await _two_bidders(client, database, test_issuer)
    complained = await mutate(
        client,
        rival.admin,
        "fileComplaint",
        "FileEnquiryInput",
        {"projectId": project["id"], "content": "中选机构业绩造假"},
        ENQUIRY,
    )
    assert complained["errors"] == []
    not_owner = await mutate(
        client,
        owner.token,
        "decideComplaint",
        "DecideComplaintInput",
        {"enquiryId": complained["enquiry"]["id"], "upheld": True, "decision": "x"},
        ENQUIRY,
    )
    assert [e["code"] for e in not_owner["errors"]] == ["FORBIDDEN"]
    decided = await mutate(
        client,
        operator,
        "decideComplaint",
        "DecideComplaintInput",
        {
            "enquiryId": complained["enquiry"]["id"],
            "upheld": True,
            "decision": "经查，中选机构提供虚假业绩材料",
        },
        ENQUIRY,
    )
    assert decided["enquiry"]["status"] == "UPHELD", decided
    after = await award_of(client, None, project["code"])
    assert after["status"] == "SELECTION" and after["award"] is None
    assert after["endedAwards"] == [
        {
            "status": "DISQUALIFIED",
            "endedReason": "经查，中选机构提供虚假业绩材料",
            "agency": {"creditCode": agency["creditCode"]},
        }
    ]
    credit = await graphql(
        client,
        None,
        f'{{ creditProfile(creditCode: "{agency["creditCode"]}") {{ records(first: 10) {{ edges {{ node {{ category }} }} }} }} }}',
    )
    categories = [e["node"]["category"] for e in credit["data"]["creditProfile"]["records"]["edges"]]
    assert "UPHELD_COMPLAINT" in categories


async def test_a_winner_that_withdraws_returns_the_project_to_selection_without_it(
    client, database, test_issuer
) -> None:
    project, (winner, winner_people), (rival, _), owner, _operator = await _two_bidders(
        client, database, test_issuer
    )
    no_reason = await mutate(
        client,
        winner_people.admin,
        "withdrawFromAward",
        "EndAwardInput",
        {"projectId": project["id"], "reason": " "},
    )
    assert [e["code"] for e in no_reason["errors"]] == ["REQUIRED"]
    withdrawn = await mutate(
        client,
        winner_people.admin,
        "withdrawFromAward",
        "EndAwardInput",
        {"projectId": project["id"], "reason": "人员调整无法履约"},
    )
    assert withdrawn["project"]["status"] == "SELECTION"
    again = await run(
        client,
        owner.token,
        "selectProjectAgency",
        "SelectProjectAgencyInput",
        {"projectId": project["id"], "agencyId": winner["id"], "reason": "重新选取"},
    )
    assert [e["code"] for e in again["errors"]] == ["NOT_ALLOWED"]  # the agency that withdrew is out
    chosen = await run(
        client,
        owner.token,
        "selectProjectAgency",
        "SelectProjectAgencyInput",
        {"projectId": project["id"], "agencyId": rival["id"], "reason": "依次递补"},
    )
    assert chosen["errors"] == [] and chosen["project"]["status"] == "RESULT_ANNOUNCED"
    public = await award_of(client, None, project["code"])
    assert public["award"]["status"] == "ACTIVE"
    assert [(a["status"], a["endedReason"]) for a in public["endedAwards"]] == [
        ("WITHDRAWN", "人员调整无法履约")
    ]


async def test_questions_are_public_and_do_not_name_the_asker(client, database, test_issuer) -> None:
    owner, operator = new_owner(test_issuer), operator_token(test_issuer)
    project = await published(client, owner, operator)
    asker = actors(test_issuer, f"ORG{uuid.uuid4().hex[:8].upper()}", f"admin-{uuid.uuid4().hex[:8]}")
    asked = await mutate(
        client,
        asker.admin,
        "askQuestion",
        "FileEnquiryInput",
        {"projectId": project["id"], "content": "是否需要现场踏勘？"},
        ENQUIRY,
    )
    assert asked["errors"] == []
    not_owner = await mutate(
        client,
        asker.admin,
        "answerEnquiry",
        "AnswerEnquiryInput",
        {"enquiryId": asked["enquiry"]["id"], "answer": "x"},
        ENQUIRY,
    )
    assert [e["code"] for e in not_owner["errors"]] == ["FORBIDDEN"]
    await mutate(
        client,
        owner.token,
        "answerEnquiry",
        "AnswerEnquiryInput",
        {"enquiryId": asked["enquiry"]["id"], "answer": "需要"},
        ENQUIRY,
    )
    public = await award_of(client, None, project["code"])
    assert public["enquiries"] == [
        {
            "id": asked["enquiry"]["id"],
            "kind": "QUESTION",
            "status": "ANSWERED",
            "content": "是否需要现场踏勘？",
            "answer": "需要",
        }
    ]
    assert set(schema._schema.type_map["ProjectEnquiry"].fields) == {  # nothing names the filer
        "id",
        "kind",
        "status",
        "content",
        "answer",
        "filedAt",
        "answeredAt",
    }


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"quality": 0}, "quality"), ({"standardisation": 6}, "standardisation")],
)
async def test_scores_out_of_range_are_refused(client, database, test_issuer, overrides, field) -> None:
    project, _agency, _people, owner, _operator = await announced_world(client, database, test_issuer)
    scores = {
        "quality": 5,
        "timeliness": 5,
        "attitude": 5,
        "feeReasonableness": 5,
        "standardisation": 5,
        **overrides,
    }
    refused = await mutate(
        client, owner.token, "evaluateService", "EvaluateServiceInput", {"projectId": project["id"], **scores}
    )
    assert refused["errors"][0]["code"] == "INVALID" and refused["errors"][0]["field"] == [
        "input",
        "scores",
        field,
    ]
