"""Hidden and missing are one: a row the caller may not see answers exactly as a row that does not exist —
null where the API reads one, the same `NOT_FOUND` and message where a mutation acts on one."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    get_nullable_type,
    is_required_input_field,
)

from tests.agency_flow import actors, admitted_agency, graphql, mutate, new_credit_code
from tests.api.schema_walk import ruled_types
from tests.apps import served_client, static_key_app
from tests.awards.award_flow import mutate as run
from tests.events.webhook_flow import partner_token, register, stored_delivery
from tests.project_flow import announced, create, new_owner, operator_token
from zhongjie.base.global_ids import encode_global_id
from zhongjie.schema.api import schema

# what each ID field of the mutations' inputs names
ID_TYPES = {
    "projectId": "Project",
    "agencyId": "Agency",
    "qualificationId": "AgencyQualification",
    "practitionerId": "Practitioner",
    "branchId": "AgencyBranch",
    "changeRequestId": "AgencyChangeRequest",
    "enquiryId": "ProjectEnquiry",
    "noticeId": "Notice",
    "recordId": "CreditRecord",
    "endpointId": "WebhookEndpoint",
    "deliveryId": "WebhookDelivery",
    "extensionId": "ServiceExtension",
    "planId": "InspectionPlan",
    "userId": "User",
}
SAMPLES = {
    "String": "x",
    "Int": 1,
    "Float": 1.0,
    "Boolean": True,
    "Decimal": "1",
    "Date": "2026-01-01",
    "DateTime": "2026-01-01T00:00:00+08:00",
    "JSON": {},
}


def missing(type_name: str) -> str:
    """A well-formed global ID of a row that does not exist."""
    return encode_global_id(type_name, 999_999_999)


def _sample(graphql_type: GraphQLInputType) -> object:
    """A value of the type for the required parts of an input; IDs name rows that do not exist."""
    graphql_type = get_nullable_type(graphql_type)
    if isinstance(graphql_type, GraphQLList):
        return []
    if isinstance(graphql_type, GraphQLInputObjectType):
        return {
            name: missing(ID_TYPES[name]) if _is_id(field.type) else _sample(field.type)
            for name, field in graphql_type.fields.items()
            if is_required_input_field(field)
        }
    if isinstance(graphql_type, GraphQLEnumType):
        return next(iter(graphql_type.values))
    return SAMPLES[graphql_type.name]


def _is_id(graphql_type: GraphQLInputType) -> bool:
    return getattr(get_nullable_type(graphql_type), "name", None) == "ID"


def _acting_on_rows() -> list[tuple[str, str, str]]:
    """(mutation, input type, the ruled type its first ID names) of every mutation acting on a ruled row."""
    ruled = ruled_types(schema._schema)
    found = []
    for name, field in schema._schema.mutation_type.fields.items():
        input_type = get_nullable_type(field.args["input"].type)
        ids = [key for key, value in input_type.fields.items() if _is_id(value.type)]
        if ids and ID_TYPES[ids[0]] in ruled:
            found.append((name, input_type.name, ids[0]))
    return found


@pytest.fixture(scope="module")
async def hidden(database, test_issuer):
    """Rows of every ruled type a mutation acts on, hidden from `stranger` (a signed-in caller of every
    role but the staff's, of an organisation of its own), by global ID."""
    app = static_key_app(database, test_issuer)
    async with served_client(app) as client:
        operator = operator_token(test_issuer)
        draft_project = await create(client, new_owner(test_issuer))
        applicant = actors(test_issuer, f"ORG{uuid.uuid4().hex[:8].upper()}", f"admin-{uuid.uuid4().hex[:8]}")
        draft_agency = await _draft_agency(client, applicant.admin)
        admitted = actors(test_issuer, f"ORG{uuid.uuid4().hex[:8].upper()}", f"admin-{uuid.uuid4().hex[:8]}")
        agency = await admitted_agency(client, database, admitted)
        change = await mutate(
            client,
            admitted.admin,
            "requestAgencyChange",
            "changeRequest { id }",
            {"agencyId": agency["id"], "name": f"更名机构{uuid.uuid4().hex[:6]}", "reason": "更名"},
        )
        project = await announced(client, database, new_owner(test_issuer), operator, agency, admitted.admin)
        objection = await run(
            client,
            admitted.admin,
            "fileObjection",
            "FileEnquiryInput",
            {"projectId": project["id"], "content": "资质不符"},
            "enquiry { id }",
        )
        assert objection["errors"] == [], objection
        notice = await _created(
            client, operator, "createNotice", {"regionCode": "370000", "title": "草稿", "body": "x"}, "notice"
        )
        record = await _created(
            client,
            operator,
            "recordCredit",
            {
                "creditCode": draft_agency["creditCode"],
                "category": "ADMINISTRATIVE_PENALTY",
                "severity": "GENERAL",
                "basis": "依法认定",
                "regionCode": "370100",
                "validFrom": "2026-01-01",
                "public": False,
            },
            "record",
        )
        partner = partner_token(test_issuer)
        endpoint = await register(
            client,
            partner,
            url="https://93.184.215.14/hook",
            eventTypes=["project.publish"],
            filter={"investmentProjectCodes": [f"NEVER-{uuid.uuid4().hex[:8]}"]},
        )
        rows = {
            "Project": draft_project["id"],
            **draft_agency["parts"],
            "AgencyChangeRequest": change["changeRequest"]["id"],
            "ProjectEnquiry": objection["enquiry"]["id"],
            "Notice": notice,
            "CreditRecord": record,
            "WebhookEndpoint": endpoint["endpoint"]["id"],
            "WebhookDelivery": await stored_delivery(database, endpoint["endpoint"]["id"]),
        }
        stranger = test_issuer.token(
            sub=f"stranger-{uuid.uuid4().hex[:6]}",
            org_code=f"STRANGER{uuid.uuid4().hex[:6].upper()}",
            roles=["owner", "agency_admin", "agency", "partner"],
            region="370100",
        )
        yield client, stranger, rows, {"project": draft_project["code"], "agency": draft_agency["creditCode"]}
        deleted = await graphql(
            client,
            partner,
            "mutation($input: WebhookEndpointInput!) { deleteWebhookEndpoint(input: $input) { errors { code } } }",
            {"input": {"endpointId": rows["WebhookEndpoint"]}},
        )
        assert deleted["data"]["deleteWebhookEndpoint"]["errors"] == []


async def _created(client, token: str, name: str, fields: dict, returned: str) -> str:
    """The global ID of what mutation `name` returns as `returned`."""
    payload = await mutate(client, token, name, f"{returned} {{ id }}", fields)
    assert payload["errors"] == [], payload
    return payload[returned]["id"]


async def _draft_agency(client, admin: str) -> dict:
    """An application never submitted, with a qualification, a practitioner and a branch."""
    code = new_credit_code()
    created = await mutate(
        client,
        admin,
        "createAgencyApplication",
        "agency { id }",
        {
            "creditCode": code,
            "name": f"草稿机构{code[-6:]}",
            "legalRepresentative": "张三",
            "regionCode": "370100",
            "address": "济南市历下区经十路 1 号",
            "businessPhone": "13800138000",
        },
    )
    agency_id = created["agency"]["id"]
    today = date.today()
    for name, fields in (
        (
            "addAgencyQualification",
            {
                "qualificationTypeCode": "SURVEYING",
                "level": "乙级",
                "certificateNumber": f"SURV-{code[-8:]}",
                "issuer": "山东省自然资源厅",
                "validFrom": str(today - timedelta(days=30)),
                "validUntil": str(today + timedelta(days=300)),
            },
        ),
        ("addAgencyPractitioner", {"name": "李四", "idCardNumber": "11010519491231002X"}),
        ("addAgencyBranch", {"name": "历城分公司", "address": "济南市历城区", "regionCode": "370112"}),
    ):
        await mutate(client, admin, name, "agency { id }", {"agencyId": agency_id, **fields})
    parts = await graphql(
        client,
        admin,
        "query($code: String!) { agency(creditCode: $code) { qualifications { id } practitioners { id } "
        "branches { id } } }",
        {"code": code},
    )
    detail = parts["data"]["agency"]
    return {
        "creditCode": code,
        "parts": {
            "Agency": agency_id,
            "AgencyQualification": detail["qualifications"][0]["id"],
            "Practitioner": detail["practitioners"][0]["id"],
            "AgencyBranch": detail["branches"][0]["id"],
        },
    }


async def _answer(client, token: str, query: str, variables: dict, language: str) -> dict:
    headers = {"content-type": "application/json", "authorization": f"Bearer {token}"}
    response = await client.post(
        "/graphql",
        content=json.dumps({"query": query, "variables": variables}),
        headers={**headers, "accept-language": language},
    )
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize(("mutation", "input_type", "id_field"), _acting_on_rows())
@pytest.mark.parametrize("language", ["zh-CN", "en"])
async def test_a_mutation_on_a_hidden_row_answers_as_on_a_missing_one(
    hidden, mutation: str, input_type: str, id_field: str, language: str
) -> None:
    client, stranger, rows, _ = hidden
    target = ID_TYPES[id_field]
    query = f"mutation($input: {input_type}!) {{ {mutation}(input: $input) {{ errors {{ code field message }} }} }}"
    fields = _sample(schema._schema.get_type(input_type))
    answers = []
    for global_id in (rows[target], missing(target)):
        answer = await _answer(client, stranger, query, {"input": {**fields, id_field: global_id}}, language)
        assert "errors" not in answer, answer
        answers.append(answer["data"][mutation]["errors"])
    on_hidden, on_missing = answers
    assert on_hidden == on_missing
    assert [(error["code"], error["field"]) for error in on_hidden] == [("NOT_FOUND", ["input", id_field])]


def test_every_ruled_row_a_mutation_acts_on_is_built_here(hidden) -> None:
    _, _, rows, _ = hidden
    assert {ID_TYPES[id_field] for _, _, id_field in _acting_on_rows()} == set(rows)


BY_KEY = """query($code: String!, $credit: String!) { project(code: $code) { code }
  agency(creditCode: $credit) { creditCode } }"""
NODE = "query($id: ID!) { node(id: $id) { id } }"
STANDING = "query($code: String!) { biddingStanding(projectCode: $code) { round } }"
MISSING_PROJECT = "XM2026370102999999"


async def test_reading_a_hidden_row_answers_as_reading_a_missing_one(hidden) -> None:
    client, stranger, rows, keys = hidden
    for token in (None, stranger):
        hidden_keys = {"code": keys["project"], "credit": keys["agency"]}
        for variables in (hidden_keys, {"code": MISSING_PROJECT, "credit": new_credit_code()}):
            answer = await graphql(client, token, BY_KEY, variables)
            assert "errors" not in answer and answer["data"] == {"project": None, "agency": None}, answer
        for type_name, global_id in rows.items():
            for node_id in (global_id, missing(type_name)):
                answer = await graphql(client, token, NODE, {"id": node_id})
                assert "errors" not in answer and answer["data"] == {"node": None}, (type_name, answer)


async def test_a_hidden_project_s_bidding_standing_answers_as_a_missing_one(hidden) -> None:
    client, stranger, _, keys = hidden
    refusals = []
    for code in (keys["project"], MISSING_PROJECT):
        answer = await graphql(client, stranger, STANDING, {"code": code})
        refusals.append([(error["extensions"]["code"], error["message"]) for error in answer["errors"]])
    on_hidden, on_missing = refusals
    assert on_hidden == on_missing and [code for code, _ in on_hidden] == ["NOT_FOUND"]
