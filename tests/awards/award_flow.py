"""Driving a project after its award through GraphQL, at chosen server times."""

from __future__ import annotations

import csv
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
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


# --- moments relative to now, so the tests pass on any date -------------------------------------------

HOLIDAYS = Path(__file__).resolve().parents[2] / "data" / "holidays.csv"


@cache
def _special_days() -> tuple[frozenset[date], frozenset[date]]:
    """The shipped calendar's holidays and make-up workdays, read as plain rows (not through the app)."""
    with HOLIDAYS.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    off = frozenset(date.fromisoformat(row["date"]) for row in rows if row["kind"] == "holiday")
    on = frozenset(date.fromisoformat(row["date"]) for row in rows if row["kind"] == "workday")
    return off, on


def is_working_day(day: date) -> bool:
    off, on = _special_days()
    return day in on or (day.weekday() < 5 and day not in off)


def working_day_after(day: date, count: int) -> date:
    while count:
        day += timedelta(days=1)
        count -= is_working_day(day)
    return day


def at_beijing(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), SHANGHAI)


def before_a_holiday(after: datetime, span: int = 10) -> datetime:
    """10:00 Beijing on a working day later than `after` whose next `span` working days run across a
    statutory holiday on a weekday, so that counting them must skip it."""
    off, _ = _special_days()
    day = after.astimezone(SHANGHAI).date() + timedelta(days=1)
    for _ in range(800):
        end = working_day_after(day, span)
        if is_working_day(day) and any(d.weekday() < 5 and day < d < end for d in off):
            return at_beijing(day, 10)
        day += timedelta(days=1)
    raise AssertionError(f"the shipped calendar has no holiday after {after:%Y-%m-%d}")


async def after_publicity(client, code: str) -> datetime:
    """A minute after the end of the project's publicity period."""
    result = await graphql(client, None, RESULT_ENDS, {"code": code})
    return datetime.fromisoformat(result["data"]["project"]["result"]["publicityEndsAt"]) + timedelta(
        minutes=1
    )


RESULT_ENDS = "query($code: String!) { project(code: $code) { result { publicityEndsAt } } }"


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
