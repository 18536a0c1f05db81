"""Driving projects through GraphQL for the tests."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import select

from tests.agency_flow import actors, admitted_agency, graphql
from tests.auth.signing import TestIssuer
from zhongjie.models import Project
from zhongjie.models.database import Database
from zhongjie.server.scheduler import run_timed_jobs

PROJECT_FIELDS = "id code status signupDeadline publishedAt"


@dataclass
class Owner:
    token: str
    organisation: str
    subject: str


def new_owner(issuer: TestIssuer, region: str = "370100") -> Owner:
    organisation, subject = f"OWN{uuid.uuid4().hex[:10].upper()}", f"owner-{uuid.uuid4().hex[:8]}"
    token = issuer.token(sub=subject, org_code=organisation, roles=["owner"], region=region)
    return Owner(token, organisation, subject)


def operator_token(issuer: TestIssuer, region: str = "370000") -> str:
    return issuer.token(
        sub=f"operator-{region}", org_code=f"OPERATOR{region}", roles=["operator"], region=region
    )


def application(**overrides: Any) -> dict[str, Any]:
    fields = {
        "title": "某住宅项目房产测绘",
        "regionCode": "370102",
        "serviceItemCode": "ZJ-ZR-006",
        "administrativeMatterCode": "370000-XK-0704",
        "investmentProjectCode": "2026-370102-70-01-000123",
        "fundingType": "FISCAL",
        "tradeMode": "CHOOSE_ONE",
        "selectionMethod": "DIRECT",
        "budget": "80000.00",
        "priceCeiling": "75000.00",
        "scope": "对项目 3 栋住宅楼进行预售面积测绘，出具房产测绘成果报告。",
        "timeLimitDays": 10,
        "signupWorkingDays": 3,
    }
    fields.update(overrides)
    return fields


async def run(
    client: httpx.AsyncClient,
    token: str | None,
    name: str,
    input_type: str,
    variables: dict,
    selection: str = f"project {{ {PROJECT_FIELDS} }}",
) -> dict:
    """Mutation `name` with `$input`; returns its payload (with `errors`), failing on top-level errors."""
    query = f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection} errors {{ code field message }} }} }}"
    result = await graphql(client, token, query, {"input": variables})
    assert "errors" not in result, result["errors"]
    return result["data"][name]


async def create(client: httpx.AsyncClient, owner: Owner, **overrides: Any) -> dict:
    payload = await run(
        client, owner.token, "createProject", "CreateProjectInput", {"project": application(**overrides)}
    )
    assert payload["errors"] == [], payload["errors"]
    return payload["project"]


async def act(client: httpx.AsyncClient, token: str, name: str, project_id: str, **extra: Any) -> dict:
    input_type = "ReturnProjectInput" if name == "returnProject" else "ProjectActionInput"
    return await run(client, token, name, input_type, {"projectId": project_id, **extra})


async def published(client: httpx.AsyncClient, owner: Owner, operator: str, **overrides: Any) -> dict:
    project = await create(client, owner, **overrides)
    for name, token in (
        ("submitProject", owner.token),
        ("approveProject", operator),
        ("publishProject", operator),
    ):
        payload = await act(client, token, name, project["id"])
        assert payload["errors"] == [], (name, payload["errors"])
        project = payload["project"]
    return project


async def close_signups(database: Database, code: str) -> None:
    """Run the timed jobs just after the project's sign-up deadline."""
    async with database.session() as session:
        deadline = await session.scalar(select(Project.signup_deadline).where(Project.code == code))
    done = await run_timed_jobs(database, deadline + timedelta(seconds=1))
    assert done is not None


async def announced(
    client: httpx.AsyncClient,
    database: Database,
    owner: Owner,
    operator: str,
    agency: dict,
    agency_admin: str,
    **overrides: Any,
) -> dict:
    """A project taken to an announced result (直接选取) with `agency` selected."""
    project = await published(client, owner, operator, **overrides)
    signed = await run(
        client,
        agency_admin,
        "signUpForProject",
        "ProjectSignupInput",
        {"projectId": project["id"]},
        "project { id }",
    )
    assert signed["errors"] == [], signed["errors"]
    await close_signups(database, project["code"])
    selected = await run(
        client,
        owner.token,
        "selectProjectAgency",
        "SelectProjectAgencyInput",
        {"projectId": project["id"], "agencyId": agency["id"], "reason": "经比选报价最优"},
    )
    assert selected["errors"] == [] and selected["project"]["status"] == "RESULT_ANNOUNCED", selected
    return selected["project"]


async def signed_up_agency(
    client: httpx.AsyncClient, database: Database, issuer: TestIssuer, project_id: str, **kind: Any
) -> tuple[dict, Any]:
    """A newly admitted agency (of `kind`, see `admitted_agency`) signed up for the project, and its people."""
    people = actors(issuer, f"ORG{uuid.uuid4().hex[:8].upper()}", f"admin-{uuid.uuid4().hex[:8]}")
    agency = await admitted_agency(client, database, people, **kind)
    signed = await run(
        client,
        people.admin,
        "signUpForProject",
        "ProjectSignupInput",
        {"projectId": project_id},
        "project { id }",
    )
    assert signed["errors"] == [], signed["errors"]
    return agency, people
