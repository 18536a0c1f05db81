"""The reference operations Q1–Q3 and M1: their GraphQL documents, the floor's equivalents, the
arguments each request takes from the generated data, and the bearer tokens of the callers."""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
from joserfc import jwt
from joserfc.jwk import OctKey

from bench.generate import ISSUER, Generated

CATALOG_PAGE = """query Q1($first: Int!) { serviceItems(first: $first) { totalCount edges { node {
  code name serviceType legalBasis feeStandard pricingType timeLimitDays department region { code name }
  administrativeMatters { code name powerType }
  qualificationRequirements { qualificationType { code name } minLevel } } } } }"""
PROJECT_SEARCH = """query Q2($first: Int!, $region: String!) {
  projects(first: $first, filter: {regionCode: $region}) { totalCount edges { node {
    code title status budget publishedAt owner { name } serviceItem { code name }
    result { agency { name creditCode creditProfile { level } } } } } } }"""
AGENCY_PROFILE = """query Q3($code: String!) { agency(creditCode: $code) {
  name creditCode status businessPhone region { name }
  qualifications { level certificateNumber validUntil verificationState qualificationType { name } }
  services { priceQuote serviceItem { code name } }
  creditProfile { score level restriction
    records(first: 20) { totalCount edges { node { category kind status decisionNumber recordedAt } } } }
  evaluations(first: 20) { totalCount edges { node {
    evaluatorKind average createdAt scores { quality } } } } } }"""
SIGN_UP = """mutation M1($input: ProjectSignupInput!) { signUpForProject(input: $input) {
  signup { signedUpAt } errors { code message } } }"""
CITIES = ("370100", "370200", "370300", "370600", "370700", "370800", "371300", "371400")
AUDIENCE = "urn:zhongjie:api"


def token(secret: str, subject: str, organisation: str, roles: list[str], region: str, **claims: Any) -> str:
    """An HS256 access token as the benchmark's identity provider would issue it."""
    now = int(time.time())
    body = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": subject,
        "iat": now,
        "exp": now + 6 * 3600,
        "roles": roles,
        "org_code": organisation,
        "region": region,
        **claims,
    }
    return jwt.encode({"alg": "HS256", "typ": "at+jwt"}, body, OctKey.import_key(secret))


def _check_fast(response: httpx.Response, field: str) -> None:
    """The answer is a success with `field`: checked on the bytes, so the load generator does not spend
    its time parsing large answers (the first answer of each operation is parsed in full)."""
    body = response.content
    if response.status_code != 200 or b'"errors"' in body or f'"{field}":'.encode() not in body[:200]:
        raise RuntimeError(f"{response.status_code}: {body[:300]!r}")


def _check(response: httpx.Response, field: str) -> dict[str, Any]:
    if response.status_code != 200:
        raise RuntimeError(f"{response.status_code}: {response.text[:300]}")
    body = response.json()
    if body.get("errors") or body.get("data", {}).get(field) is None:
        raise RuntimeError(json.dumps(body, ensure_ascii=False)[:300])
    return body["data"][field]


@dataclass(frozen=True)
class Operation:
    """One reference read: how to send request n to the API and to the floor."""

    name: str
    graphql: Callable[[httpx.AsyncClient, int], Awaitable[None]]
    floor: Callable[[httpx.AsyncClient, int], Awaitable[None]]
    sample: dict[str, Any]  # the GraphQL request of request 0, for counting statements


def reads(data: Generated, bearer: str | None = None) -> list[Operation]:
    """Q1–Q3, anonymous or with `bearer` (a token) as the caller."""
    codes = data.agency_codes[:: max(1, len(data.agency_codes) // 500)]
    headers = {"authorization": f"Bearer {bearer}"} if bearer else {}

    def gql(query: str, field: str, variables: Callable[[int], dict[str, Any]]):
        async def send(client: httpx.AsyncClient, n: int) -> None:
            response = await client.post(
                "/graphql", json={"query": query, "variables": variables(n)}, headers=headers
            )
            (_check if n == 0 else _check_fast)(response, field)

        return send

    def floor(path: str, field: str, parameters: Callable[[int], dict[str, Any]]):
        async def send(client: httpx.AsyncClient, n: int) -> None:
            (_check if n == 0 else _check_fast)(await client.get(path, params=parameters(n)), field)

        return send

    catalog = {"first": 100}

    def search(n: int) -> dict[str, Any]:
        return {"first": 50, "region": CITIES[n % len(CITIES)]}

    def profile(n: int) -> dict[str, Any]:
        return {"code": codes[n % len(codes)]}

    return [
        Operation(
            "Q1 catalog page (100 items)",
            gql(CATALOG_PAGE, "serviceItems", lambda n: catalog),
            floor("/q1", "serviceItems", lambda n: catalog),
            {"query": CATALOG_PAGE, "variables": catalog},
        ),
        Operation(
            "Q2 project search (50)",
            gql(PROJECT_SEARCH, "projects", search),
            floor("/q2", "projects", search),
            {"query": PROJECT_SEARCH, "variables": search(0)},
        ),
        Operation(
            "Q3 agency profile",
            gql(AGENCY_PROFILE, "agency", profile),
            floor("/q3", "agency", lambda n: {"code": codes[n % len(codes)]}),
            {"query": AGENCY_PROFILE, "variables": profile(0)},
        ),
    ]


# A synthetic wide response: every scalar of 100 catalog items, then each again under aliases; beside the
# same page with one field, it gives the cost of one resolved field.
ITEM_SCALARS = (
    "id code name serviceType legalBasis feeStandard feeBasis pricingType timeLimitDays department active "
    "version createdAt updatedAt"
).split()
NARROW_PAGE = "query Narrow { serviceItems(first: 100) { edges { node { code } } } }"


def wide_page(aliases: int) -> tuple[str, int]:
    """The wide document and the number of fields it resolves per item."""
    repeated = " ".join(f"a{n}: {ITEM_SCALARS[n % len(ITEM_SCALARS)]}" for n in range(aliases))
    fields = f"{' '.join(ITEM_SCALARS)} {repeated}"
    document = f"query Wide {{ serviceItems(first: 100) {{ edges {{ node {{ {fields} }} }} }} }}"
    return document, len(ITEM_SCALARS) + aliases


def page_sender(document: str) -> Callable[[httpx.AsyncClient, int], Awaitable[None]]:
    async def send(client: httpx.AsyncClient, n: int) -> None:
        (_check if n == 0 else _check_fast)(
            await client.post("/graphql", json={"query": document}), "serviceItems"
        )

    return send


@dataclass(frozen=True)
class Signup:
    project_id: int
    agency_id: int
    credit_code: str


def signup_pairs(data: Generated, per_project: int = 8) -> list[Signup]:
    """Eligible (open project, agency) pairs not signed up yet, `per_project` agencies on each project, so
    concurrent sign-ups meet on the same projects' row locks."""
    pairs = []
    for project, item in data.open_projects:
        candidates = [
            agency
            for agency in data.offering.get(item, [])
            if agency not in data.ineligible and (project, agency) not in data.signed_up
        ]
        pairs += [
            Signup(project, agency, data.agency_credit_codes[agency]) for agency in candidates[:per_project]
        ]
    return pairs


def sign_up_requests(pairs: list[Signup], secret: str, global_id: Callable[[int], str]):
    """Request n signs pair n up: through the API with the agency administrator's token, and on the floor."""
    tokens = {
        pair.credit_code: token(
            secret, f"user-{pair.credit_code}", pair.credit_code, ["agency_admin"], "370000"
        )
        for pair in pairs
    }

    async def graphql(client: httpx.AsyncClient, n: int) -> None:
        pair = pairs[n]
        response = await client.post(
            "/graphql",
            json={"query": SIGN_UP, "variables": {"input": {"projectId": global_id(pair.project_id)}}},
            headers={"authorization": f"Bearer {tokens[pair.credit_code]}"},
        )
        payload = _check(response, "signUpForProject")
        if payload["errors"]:
            raise RuntimeError(f"sign-up {pair}: {payload['errors']}")

    async def floor(client: httpx.AsyncClient, n: int) -> None:
        pair = pairs[n]
        response = await client.post(
            "/m1", json={"project": pair.project_id, "organisation": pair.credit_code}
        )
        payload = _check(response, "signUpForProject")
        if payload["errors"]:
            raise RuntimeError(f"floor sign-up {pair}: {payload['errors']}")

    return graphql, floor, tokens
