"""`node(id:)` for every Node type of the schema: a real row of each, shown to a caller who may see it, null
(never an error) for one who may not, and null for a well-formed ID of nothing."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from datetime import date

import pytest
from graphql import GraphQLObjectType

from tests.agency_flow import actors, admitted_agency, graphql, mutate
from tests.apps import served_client, static_key_app
from tests.awards.award_flow import after_publicity, at, signed_contract
from tests.awards.award_flow import mutate as run
from tests.events.webhook_flow import partner_token, register, stored_delivery
from tests.project_flow import announced, create, new_owner, operator_token
from zhongjie.auth.principal import Principal, Role
from zhongjie.base.global_ids import encode_global_id
from zhongjie.resolvers.loaders import Loaders
from zhongjie.resolvers.node import NODE_SOURCES, resolve_node, visible
from zhongjie.schema.api import schema
from zhongjie.schema.nodes import NODE_TYPES, shown
from zhongjie.schema.visibility import sees


def node_types() -> list[str]:
    return sorted(
        name
        for name, graphql_type in schema._schema.type_map.items()
        if isinstance(graphql_type, GraphQLObjectType)
        and any(interface.name == "Node" for interface in graphql_type.interfaces)
    )


@dataclass(frozen=True)
class Row:
    """A row's global ID, a token of a caller who may see it, and whether the public and strangers may not."""

    id: str
    seer: str | None
    hidden: bool = True


@pytest.fixture(scope="module")
async def rows(database, test_issuer):
    """A row of every Node type: an agency removed after it won a project (with a branch, a change
    request, an objection and an extension), a draft project, a non-public credit record, a draft notice,
    an inspection plan, and a partner's endpoint with a delivery."""
    async with served_client(static_key_app(database, test_issuer)) as client:
        operator = operator_token(test_issuer)
        people = actors(test_issuer, f"ORG{uuid.uuid4().hex[:8].upper()}", f"admin-{uuid.uuid4().hex[:8]}")
        agency = await admitted_agency(client, database, people)
        await mutate(
            client,
            people.admin,
            "addAgencyBranch",
            "agency { id }",
            {
                "agencyId": agency["id"],
                "name": "历城分公司",
                "address": "济南市历城区",
                "regionCode": "370112",
            },
        )
        await mutate(
            client,
            people.admin,
            "requestAgencyChange",
            "changeRequest { id }",
            {"agencyId": agency["id"], "address": "济南市历下区经十路 2 号", "reason": "搬迁"},
        )
        owner = new_owner(test_issuer)
        project = await announced(client, database, owner, operator, agency, people.admin)
        objection = await run(
            client,
            people.admin,
            "fileObjection",
            "FileEnquiryInput",
            {"projectId": project["id"], "content": "评审过程有误"},
            "enquiry { id }",
        )
        async with at(database, test_issuer, await after_publicity(client, project["code"])) as later:
            extension = await _extension(later, owner.token, people.admin, project["id"], objection)
            removed = await mutate(
                later,
                operator,
                "removeAgency",
                "agency { status }",
                {"agencyId": agency["id"], "reason": "BUSINESS_TERMINATED"},
            )
            assert removed["agency"] == {"status": "REMOVED"}
        parts = await _parts(client, operator, agency["creditCode"])
        partner, endpoint, delivery = await _webhook(client, database, test_issuer)
        viewer = (await graphql(client, owner.token, "{ viewer { user { id } organisation { id } } }"))[
            "data"
        ]
        catalog = await graphql(
            client,
            None,
            '{ serviceItem(code: "ZJ-QX-002") { id administrativeMatters { id } region { id } } }',
        )
        item = catalog["data"]["serviceItem"]
        yield {
            "ServiceItem": Row(item["id"], None, hidden=False),
            "AdministrativeMatter": Row(item["administrativeMatters"][0]["id"], None, hidden=False),
            "Region": Row(item["region"]["id"], None, hidden=False),
            "Organisation": Row(viewer["viewer"]["organisation"]["id"], None, hidden=False),
            "User": Row(viewer["viewer"]["user"]["id"], owner.token),
            "Agency": Row(agency["id"], operator),
            "AgencyBranch": Row(parts["branches"][0]["id"], operator),
            "AgencyQualification": Row(parts["qualifications"][0]["id"], operator),
            "Practitioner": Row(parts["practitioners"][0]["id"], people.admin),
            "AgencyChangeRequest": Row(parts["changeRequests"][0]["id"], people.admin),
            "CreditRecord": Row(await _hidden_record(client, operator, agency["creditCode"]), operator),
            "InspectionPlan": Row(await _plan(client, test_issuer), None, hidden=False),
            "Project": Row((await create(client, owner))["id"], owner.token),
            "ProjectEnquiry": Row(objection["enquiry"]["id"], operator),
            "ServiceExtension": Row(extension, None, hidden=False),
            "Notice": Row(await _draft_notice(client, operator), operator),
            "WebhookEndpoint": Row(endpoint, partner),
            "WebhookDelivery": Row(delivery, partner),
        }
        deleted = await graphql(
            client,
            partner,
            "mutation($input: WebhookEndpointInput!) { deleteWebhookEndpoint(input: $input) { errors { code } } }",
            {"input": {"endpointId": endpoint}},
        )
        assert deleted["data"]["deleteWebhookEndpoint"]["errors"] == []


async def _extension(client, owner: str, admin: str, project_id: str, objection: dict) -> str:
    """After the publicity period: the objection answered, the award confirmed, the contract signed and an
    extension asked for; its ID."""
    answered = await run(
        client,
        owner,
        "answerEnquiry",
        "AnswerEnquiryInput",
        {"enquiryId": objection["enquiry"]["id"], "answer": "经核实评审无误"},
        "enquiry { id }",
    )
    assert answered["errors"] == [], answered
    for token in (owner, admin):
        confirmed = await run(client, token, "confirmAward", "ProjectActionInput", {"projectId": project_id})
        assert confirmed["errors"] == [], confirmed
    await signed_contract(client, owner, admin, project_id, "75000.00")
    asked = await run(
        client,
        admin,
        "requestServiceExtension",
        "RequestServiceExtensionInput",
        {"projectId": project_id, "workingDays": 2, "reason": "等待业主补充资料"},
        "project { award { extensions { id } } }",
    )
    assert asked["errors"] == [], asked
    return asked["project"]["award"]["extensions"][0]["id"]


async def _parts(client, operator: str, credit_code: str) -> dict:
    detail = await graphql(
        client,
        operator,
        "query($code: String!) { agency(creditCode: $code) { qualifications { id } branches { id } "
        "practitioners { id } changeRequests { id } } }",
        {"code": credit_code},
    )
    return detail["data"]["agency"]


async def _hidden_record(client, operator: str, credit_code: str) -> str:
    recorded = await run(
        client,
        operator,
        "recordCredit",
        "RecordCreditInput",
        {
            "creditCode": credit_code,
            "category": "ADMINISTRATIVE_PENALTY",
            "severity": "GENERAL",
            "basis": "依法认定",
            "regionCode": "370100",
            "validFrom": str(date.today()),
            "public": False,
        },
        "record { id }",
    )
    assert recorded["errors"] == [], recorded
    return recorded["record"]["id"]


async def _plan(client, issuer) -> str:
    created = await run(
        client,
        issuer.token(
            sub="authority-nodes",
            org_code="AUTH370100",
            roles=["authority"],
            region="370100",
            sector="自然资源",
        ),
        "createInspectionPlan",
        "CreateInspectionPlanInput",
        {
            "title": "节点测试抽查",
            "regionCode": "370100",
            "baseRatio": "0.2",
            "inspectors": [{"code": "A", "name": "甲"}, {"code": "B", "name": "乙"}],
        },
        "plan { id }",
    )
    assert created["errors"] == [], created
    return created["plan"]["id"]


async def _draft_notice(client, operator: str) -> str:
    drafted = await run(
        client,
        operator,
        "createNotice",
        "CreateNoticeInput",
        {"regionCode": "370000", "title": "节点测试草稿", "body": "正文"},
        "notice { id }",
    )
    assert drafted["errors"] == [], drafted
    return drafted["notice"]["id"]


async def _webhook(client, database, issuer) -> tuple[str, str, str]:
    """A partner's token, its endpoint (registered for events that never come) and a delivery to it."""
    partner = partner_token(issuer)
    created = await register(
        client,
        partner,
        url="https://93.184.215.14/hook",
        eventTypes=["project.publish"],
        filter={"investmentProjectCodes": [f"NEVER-{uuid.uuid4().hex[:8]}"]},
    )
    assert created["errors"] == [], created
    endpoint = created["endpoint"]["id"]
    return partner, endpoint, await stored_delivery(database, endpoint)


NODE = "query($id: ID!) { node(id: $id) { __typename id } }"
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }"


def test_a_row_of_every_node_type_is_built(rows) -> None:
    assert sorted(rows) == node_types()


def _nothing(type_name: str) -> str:
    return encode_global_id(type_name, 999_999 if type_name == "Region" else 999_999_999)


async def _answer(client, token: str | None, query: str, variables: dict) -> object:
    answer = await graphql(client, token, query, variables)
    assert "errors" not in answer, answer
    return answer["data"]


@pytest.mark.parametrize("type_name", node_types())
async def test_node_shows_a_row_to_who_may_see_it_and_null_to_others(
    rows, database, test_issuer, type_name: str
) -> None:
    row = rows[type_name]
    stranger = test_issuer.token(sub=f"s-{uuid.uuid4().hex[:6]}", org_code=f"S{uuid.uuid4().hex[:8]}")
    shown = {"__typename": type_name, "id": row.id}
    async with served_client(static_key_app(database, test_issuer)) as client:
        assert await _answer(client, row.seer, NODE, {"id": row.id}) == {"node": shown}
        assert await _answer(client, row.seer, NODES, {"ids": [row.id, _nothing(type_name)]}) == {
            "nodes": [shown, None]
        }
        for other in (None, stranger):
            answer = await _answer(client, other, NODE, {"id": row.id})
            assert answer == {"node": None if row.hidden else shown}
            assert await _answer(client, other, NODE, {"id": _nothing(type_name)}) == {"node": None}


def test_a_node_is_judged_by_the_rule_its_type_declares() -> None:
    """The lookup that mutations' ID checks use (`resolvers.node`) knows every Node type, and judges it by
    the row rule its GraphQL type declares."""
    assert sorted(NODE_SOURCES) == sorted(NODE_TYPES) == node_types()
    for type_name, source in NODE_SOURCES.items():
        declared = getattr(schema.get_type_by_name(type_name).origin, "row_rule", None)
        assert source.rule is declared, type_name


def _callers(node: object) -> list[Principal]:
    """Callers of every role, alone or in the organisations and as the users a node's rule reads."""
    organisations = {getattr(node, name, None) for name in ("organisation_id", "owner_organisation_id")}
    users = {getattr(node, "user_id", None), None}
    return [
        Principal(user_id=user or 1, organisation_id=organisation, roles=frozenset(roles))
        for organisation, user, roles in itertools.product(
            organisations | {None}, users, [(), *((role,) for role in Role)]
        )
    ]


@pytest.mark.parametrize("type_name", node_types())
async def test_mutations_see_a_node_as_the_schema_shows_it(rows, database, type_name: str) -> None:
    """What mutations' ID checks judge (the loaded row) is seen by the same callers as the GraphQL object
    `node(id:)` shows."""
    found = await resolve_node(Loaders(database), rows[type_name].id)
    node = shown(found)
    assert found is not None and node is not None
    for caller in _callers(node):
        assert visible(caller, found) == sees(caller, node), (type_name, caller)
