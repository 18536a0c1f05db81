"""Every non-public field, for every role and relation, is shown, hidden or masked exactly as declared.

The test finds the restricted fields by walking the schema, so a non-public field added
later is covered without touching this file; a new type with such fields needs a sample
below, and the test fails until it has one.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from strawberry.types.base import StrawberryObjectDefinition

from tests.agency_flow import Actors, actors, admitted_agency, graphql, mutate
from tests.apps import http, static_key_app
from tests.auth.signing import TestIssuer
from tests.awards.award_flow import after_publicity, at
from tests.awards.award_flow import mutate as mutate_award
from tests.project_flow import act, announced, create, new_owner, run
from zhongjie.auth.principal import Role
from zhongjie.auth.visibility import FieldRule, mask_email, mask_phone
from zhongjie.models.database import Database
from zhongjie.schema.api import schema
from zhongjie.schema.visibility import field_rule

# the caller's relation to the sample row; a "scoped stranger" holds every scope the rules name
VARIANTS = ("stranger", "scoped stranger", "colleague", "self")


def restricted_fields() -> list[tuple[str, str, FieldRule, Any]]:
    """(type name, GraphQL field name, rule, strawberry type) of every restricted field in the schema."""
    found = []
    for graphql_type in schema.schema_converter.type_map.values():
        definition = graphql_type.definition
        if not isinstance(definition, StrawberryObjectDefinition):
            continue
        for field in definition.fields:
            rule = field_rule(field)
            if rule is not None:
                name = schema.config.name_converter.get_graphql_name(field)
                found.append((definition.name, name, rule, definition.origin))
    return found


@dataclass(frozen=True)
class Sample:
    """A row of a restricted type made through the API, and how to select it again.

    `query` has `{fields}` where the selection goes; `path` leads from `data` to the row
    (an index into a list, or a key). `row_public` tells whether the row meets its type's
    `public_when` condition.
    """

    query: str
    path: tuple[str | int, ...]
    values: dict[str, Any]
    organisation_code: str
    owner_subject: str
    row_public: bool = False


class Samples:
    """Makes each sample once per test; agency parts share one admitted agency."""

    def __init__(self, client: httpx.AsyncClient, database: Database, issuer: TestIssuer) -> None:
        self.client, self.database, self.issuer = client, database, issuer
        self.made: dict[str, Sample] = {}
        self.made_projects: dict[str, Any] = {}
        self.agency: dict[str, Any] | None = None

    async def get(self, type_name: str) -> Sample:
        if type_name not in self.made:
            self.made[type_name] = await SAMPLES[type_name](self)
        return self.made[type_name]

    async def admitted_agency(self) -> tuple[dict[str, Any], Actors]:
        if self.agency is None:
            organisation, owner = f"ORG{uuid.uuid4().hex[:10].upper()}", f"owner-{uuid.uuid4().hex[:10]}"
            people = actors(self.issuer, organisation, owner)
            agency = await admitted_agency(self.client, self.database, people)
            changed = await mutate(
                self.client,
                people.admin,
                "requestAgencyChange",
                "changeRequest { id }",
                {"agencyId": agency["id"], "address": "济南市新地址 9 号", "reason": "搬迁"},
            )
            await mutate(
                self.client,
                people.operator,
                "reviewAgencyChange",
                "changeRequest { id }",
                {
                    "changeRequestId": changed["changeRequest"]["id"],
                    "approve": True,
                    "comment": "同意（内部）",
                },
            )
            self.agency = {**agency, "organisation": organisation, "owner": owner, "people": people}
        return self.agency, self.agency["people"]

    async def agency_part(self, selection: str, values: dict[str, Any], *, public: bool = False) -> Sample:
        agency, _ = await self.admitted_agency()
        key, _, index = selection.partition("#")
        return Sample(
            f'{{ agency(creditCode: "{agency["creditCode"]}") {{ {key} {{ {{fields}} }} }} }}',
            ("agency", key, int(index or 0)),
            values,
            agency["organisation"],
            agency["owner"],
            row_public=public,
        )


def _claims(subject: str, organisation: str, role: Role | None) -> dict[str, Any]:
    return {"sub": subject, "org_code": organisation, "roles": [role.value] if role else []}


async def _user(samples: Samples) -> Sample:
    organisation, owner = f"ORG{uuid.uuid4().hex[:10].upper()}", f"owner-{uuid.uuid4().hex[:10]}"
    token = samples.issuer.token(
        **_claims(owner, organisation, Role.AGENCY), phone_number="13912345678", email="li@example.cn"
    )
    data = await graphql(samples.client, token, "{ viewer { user { id } } }")
    user_id = data["data"]["viewer"]["user"]["id"]
    return Sample(
        f'{{ node(id: "{user_id}") {{ ... on User {{ {{fields}} }} }} }}',
        ("node",),
        {"email": "li@example.cn", "phone": "13912345678"},
        organisation,
        owner,
    )


async def _organisation(samples: Samples) -> Sample:
    organisation, owner = f"ORG{uuid.uuid4().hex[:10].upper()}", f"owner-{uuid.uuid4().hex[:10]}"
    token = samples.issuer.token(**_claims(owner, organisation, Role.AGENCY), org_phone="13712345678")
    data = await graphql(samples.client, token, "{ viewer { organisation { id } } }")
    organisation_id = data["data"]["viewer"]["organisation"]["id"]
    return Sample(
        f'{{ node(id: "{organisation_id}") {{ ... on Organisation {{ {{fields}} }} }} }}',
        ("node",),
        {"contactPhone": "13712345678"},
        organisation,
        owner,
    )


async def _agency(samples: Samples) -> Sample:
    agency, _ = await samples.admitted_agency()
    return Sample(
        f'{{ agency(creditCode: "{agency["creditCode"]}") {{ {{fields}} }} }}',
        ("agency",),
        {"businessPhone": "13800138000"},
        agency["organisation"],
        agency["owner"],
        row_public=True,
    )


async def _history_entry(samples: Samples) -> Sample:
    agency, people = await samples.admitted_agency()
    history = await graphql(
        samples.client,
        people.operator,
        f'{{ agency(creditCode: "{agency["creditCode"]}") {{ history {{ action }} }} }}',
    )
    actions = [entry["action"] for entry in history["data"]["agency"]["history"]]
    return await samples.agency_part(
        f"history#{actions.index('CONFIRM_COMPLETE')}", {"comment": "材料齐全（内部意见）"}
    )


async def _project(
    samples: Samples, selection: str | None = None, values: dict[str, Any] | None = None
) -> Sample:
    """A published project with one sign-up, whose approval carries an operator's comment."""
    if "project" not in samples.made_projects:
        _, people = await samples.admitted_agency()
        owner = new_owner(samples.issuer)
        project = await create(samples.client, owner)
        await act(samples.client, owner.token, "submitProject", project["id"])
        await act(
            samples.client, people.operator, "approveProject", project["id"], comment="审核通过（内部）"
        )
        await act(samples.client, people.operator, "publishProject", project["id"])
        await run(
            samples.client,
            people.admin,
            "signUpForProject",
            "ProjectSignupInput",
            {"projectId": project["id"]},
            "project { id }",
        )
        samples.made_projects["project"] = (project, owner)
    project, owner = samples.made_projects["project"]
    if selection is None:
        return Sample(
            f'{{ project(code: "{project["code"]}") {{ {{fields}} }} }}',
            ("project",),
            {"signupCount": 1},
            owner.organisation,
            owner.subject,
            row_public=True,
        )
    return Sample(
        f'{{ project(code: "{project["code"]}") {{ {selection} {{ {{fields}} }} }} }}',
        ("project", selection, 2),
        values or {},
        owner.organisation,
        owner.subject,
    )


async def _credit_record(samples: Samples) -> Sample:
    agency, people = await samples.admitted_agency()
    recorded = await run(
        samples.client,
        people.operator,
        "recordCredit",
        "RecordCreditInput",
        {
            "creditCode": agency["creditCode"],
            "category": "UPHELD_COMPLAINT",
            "severity": "GENERAL",
            "basis": "投诉查实",
            "regionCode": "370100",
            "validFrom": "2026-01-01",
        },
        "record { id }",
    )
    record_id = recorded["record"]["id"]
    await run(
        samples.client,
        people.operator,
        "repairCreditRecord",
        "CreditRecordStatusInput",
        {"recordId": record_id, "note": "已整改（内部说明）"},
        "record { id }",
    )
    return Sample(
        f'{{ node(id: "{record_id}") {{ ... on CreditRecord {{ {{fields}} }} }} }}',
        ("node",),
        {"statusNote": "已整改（内部说明）"},
        agency["organisation"],
        agency["owner"],
        row_public=True,
    )


async def _inspection_plan(samples: Samples) -> Sample:
    organisation, subject = f"AUTH{uuid.uuid4().hex[:8].upper()}", f"authority-{uuid.uuid4().hex[:8]}"
    authority = samples.issuer.token(
        sub=subject, org_code=organisation, roles=["authority"], region="370100", sector="气象"
    )
    created = await run(
        samples.client,
        authority,
        "createInspectionPlan",
        "CreateInspectionPlanInput",
        {
            "title": "防雷检测机构双随机抽查",
            "regionCode": "370100",
            "baseRatio": "0.5",
            "inspectors": [{"code": "I-1", "name": "甲"}, {"code": "I-2", "name": "乙"}],
        },
        "plan { id }",
    )
    plan_id = created["plan"]["id"]
    return Sample(
        f'{{ node(id: "{plan_id}") {{ ... on InspectionPlan {{ {{fields}} }} }} }}',
        ("node",),
        {"inspectorNames": {"I-1": "甲", "I-2": "乙"}},
        organisation,
        subject,
    )


async def _in_service(
    samples: Samples, path: tuple[str | int, ...], values_of: Callable[[dict], dict]
) -> Sample:
    """A project under a signed contract with one delivery; the owner's organisation is the sample's."""
    if "in service" not in samples.made_projects:
        agency, people = await samples.admitted_agency()
        owner = new_owner(samples.issuer)
        project = await announced(
            samples.client, samples.database, owner, people.operator, agency, people.admin
        )
        confirming = await after_publicity(samples.client, project["code"])
        async with at(samples.database, samples.issuer, confirming) as later:
            for token in (owner.token, people.admin):
                await mutate_award(
                    later, token, "confirmAward", "ProjectActionInput", {"projectId": project["id"]}
                )
            prepared = await mutate_award(
                later,
                owner.token,
                "prepareContract",
                "PrepareContractInput",
                {"projectId": project["id"], "price": "60000.00"},
                "project { award { contract { documentHash document } } }",
            )
            contract = prepared["project"]["award"]["contract"]
            for token in (owner.token, people.admin):
                await mutate_award(
                    later,
                    token,
                    "signContract",
                    "SignContractInput",
                    {"projectId": project["id"], "documentHash": contract["documentHash"]},
                )
            await mutate_award(
                later,
                people.admin,
                "deliverService",
                "DeliverServiceInput",
                {"projectId": project["id"], "summary": "成果"},
            )
        samples.made_projects["in service"] = (project, owner, contract)
    project, owner, contract = samples.made_projects["in service"]
    selection = (
        "".join(f"{step} {{ " for step in path[1:] if isinstance(step, str))
        + "{fields}"
        + " }" * sum(isinstance(step, str) for step in path[1:])
    )
    return Sample(
        f'{{ project(code: "{project["code"]}") {{ {selection} }} }}',
        path,
        values_of(contract),
        owner.organisation,
        owner.subject,
        row_public=True,
    )


SAMPLES: dict[str, Callable[[Samples], Awaitable[Sample]]] = {
    "Contract": lambda s: _in_service(
        s, ("project", "award", "contract"), lambda c: {"document": c["document"]}
    ),
    "ServiceDelivery": lambda s: _in_service(
        s, ("project", "award", "deliveries", 0), lambda _: {"summary": "成果"}
    ),
    "CreditRecord": _credit_record,
    "InspectionPlan": _inspection_plan,
    "Project": _project,
    "ProjectHistoryEntry": lambda s: _project(s, "history", {"comment": "审核通过（内部）"}),
    "User": _user,
    "Organisation": _organisation,
    "Agency": _agency,
    "AgencyQualification": lambda s: s.agency_part(
        "qualifications", {"verificationNote": "matches the e-license"}, public=True
    ),
    "Practitioner": lambda s: s.agency_part(
        "practitioners", {"idCardNumber": "11010519491231002X", "phone": "13900139000"}
    ),
    "AgencyHistoryEntry": _history_entry,
    "AgencyChangeRequest": lambda s: s.agency_part("changeRequests", {"reviewComment": "同意（内部）"}),
}


def expected_visible(audience: Any, role: Role | None, variant: str) -> bool:
    """The declared rule, read independently of the policy code."""
    if role is None:
        return False
    if audience.authenticated or role in audience.roles:
        return True
    if audience.scopes and variant == "scoped stranger":
        return True
    for relation in audience.relations:
        if relation.name == "self" and variant == "self":
            return True
        if relation.name == "own organisation" and variant in {"self", "colleague"}:
            return True
        if relation.name == "winning agency":
            continue  # the variants are relative to the sample's organisation, the owner's, not the winner's
        if relation.name not in {"self", "own organisation"}:
            pytest.fail(f"the test does not know the relation {relation.name!r}: teach it")
    return False


def _follow(data: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        if data is None:
            return None
        if isinstance(step, int):
            data = data[step] if len(data) > step else None
        else:
            data = data[step]
    return data


def test_the_schema_has_restricted_fields_and_samples_for_them() -> None:
    fields = restricted_fields()
    assert {(type_name, field) for type_name, field, _, _ in fields} >= {
        ("User", "email"),
        ("User", "phone"),
        ("Organisation", "contactPhone"),
        ("Agency", "businessPhone"),
        ("Practitioner", "idCardNumber"),
        ("Practitioner", "phone"),
        ("AgencyHistoryEntry", "comment"),
    }
    assert {type_name for type_name, *_ in fields} <= set(SAMPLES), "add a sample for the new restricted type"


ALL_SCOPES = sorted(
    {scope for _, _, rule, _ in restricted_fields() for scope in rule.audience.scopes} | {"x:y"}
)


@pytest.mark.parametrize("role", [None, *Role], ids=lambda role: role.value if role else "public")
async def test_each_restricted_field_for_each_role_and_relation(
    database: Database, test_issuer: TestIssuer, role: Role | None
) -> None:
    async with http(static_key_app(database, test_issuer)) as client:
        samples = Samples(client, database, test_issuer)
        for type_name, field, rule, origin in restricted_fields():
            sample = await samples.get(type_name)
            for variant in VARIANTS:
                subject = sample.owner_subject if variant == "self" else f"caller-{uuid.uuid4().hex[:10]}"
                caller_org = (
                    sample.organisation_code
                    if variant in {"self", "colleague"}
                    else f"OTHER{uuid.uuid4().hex[:8].upper()}"
                )
                scopes = " ".join(ALL_SCOPES) if variant == "scoped stranger" else ""
                token = (
                    test_issuer.token(**_claims(subject, caller_org, role), scope=scopes) if role else None
                )
                response = await graphql(client, token, sample.query.replace("{fields}", field))
                assert "errors" not in response, response
                context = f"{type_name}.{field} for {role} as {variant}"
                row = _follow(response["data"], sample.path)

                row_rule = getattr(origin, "row_rule", None)
                row_visible = row_rule is None or (
                    (row_rule.public_when is not None and sample.row_public)
                    or expected_visible(row_rule.audience, role, variant)
                )
                if not row_visible:
                    assert row is None, context
                    continue
                assert row is not None, context
                value = row[field]
                withheld = response.get("extensions", {}).get("visibility", [])
                raw = sample.values[field]
                if expected_visible(rule.audience, role, variant):
                    assert value == raw, context
                    assert f"{type_name}.{field}" not in withheld, context
                else:
                    assert value == (rule.mask(raw) if rule.mask else None), context
                    assert value != raw, context
                    assert withheld == [f"{type_name}.{field}"], context


def test_masks() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0531-88886666") == "053******6666"
    assert mask_phone("12345") == "***45"
    assert mask_email("zhang@example.cn") == "z***@example.cn"
    assert mask_email("no-at-sign") == "***"
