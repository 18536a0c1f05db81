"""Driving a project after its award through GraphQL, at chosen server times."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx

from tests.agency_flow import actors, admitted_agency, graphql
from tests.apps import http, static_key_app
from tests.project_flow import announced, new_owner, operator_token

SHANGHAI = ZoneInfo("Asia/Shanghai")
AWARD = """query($code: String!) { project(code: $code) { code status
  award { status ownerConfirmedAt agencyConfirmedAt
    confirmationLetter { number keyId jsonUrl pdfUrl document }
    contract { templateCode price documentHash document
      ownerSignature { signedAt documentHash } agencySignature { signedAt documentHash } }
    serviceClock { startedAt dueAt stoppedAt overdue overdueWorkingDays }
    deliveries { number summary decision reasons }
    extensions { id workingDays status } }
  endedAwards { status endedReason agency { creditCode } }
  evaluations { evaluatorKind average comment scores { quality feeReasonableness } }
  standStill { suspended openObjections openComplaints }
  enquiries { id kind status content answer } } }"""


def beijing(text: str) -> datetime:
    """A Beijing wall-clock time, e.g. "2027-01-20 10:00"."""
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@asynccontextmanager
async def at(database, issuer, moment: datetime) -> AsyncIterator[httpx.AsyncClient]:
    """A client of an app whose server time is `moment`."""
    async with http(static_key_app(database, issuer, clock=lambda: moment)) as client:
        yield client


async def mutate(
    client, token: str, name: str, input_type: str, variables: dict, selection: str = "project { status }"
) -> dict:
    query = f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection} errors {{ code field message }} }} }}"
    result = await graphql(client, token, query, {"input": variables})
    assert "errors" not in result, result["errors"]
    return result["data"][name]


async def award_of(client, token: str | None, code: str) -> dict:
    result = await graphql(client, token, AWARD, {"code": code})
    assert "errors" not in result, result["errors"]
    return result["data"]["project"]


async def announced_world(client, database, issuer):
    """An agency, an owner, an operator and a project with the agency's result announced."""
    people = actors(issuer, f"ORG{uuid.uuid4().hex[:8].upper()}", f"admin-{uuid.uuid4().hex[:8]}")
    agency = await admitted_agency(client, database, people)
    owner, operator = new_owner(issuer), operator_token(issuer)
    project = await announced(client, database, owner, operator, agency, people.admin)
    return project, agency, people, owner, operator


async def signed_contract(client, owner_token: str, agency_token: str, project_id: str, price: str) -> dict:
    """The owner prepares the contract at `price` and both sides sign it; the last payload."""
    prepared = await mutate(
        client,
        owner_token,
        "prepareContract",
        "PrepareContractInput",
        {"projectId": project_id, "price": price},
        "project { award { contract { documentHash } } }",
    )
    assert prepared["errors"] == [], prepared["errors"]
    document_hash = prepared["project"]["award"]["contract"]["documentHash"]
    for token in (owner_token, agency_token):
        signed = await mutate(
            client,
            token,
            "signContract",
            "SignContractInput",
            {"projectId": project_id, "documentHash": document_hash},
        )
        assert signed["errors"] == [], signed["errors"]
    return signed
