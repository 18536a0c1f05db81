"""Driving the agency entry path through GraphQL, shared by the tests that need admitted agencies."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx

from tests.auth.signing import TestIssuer
from zhongjie.domain.agencies.credit_code import ALPHABET, check_character
from zhongjie.models import ELicenseRecord
from zhongjie.models.database import Database

AGENCY_FIELDS = "id creditCode name status businessPhone"


def new_credit_code(region: str = "370100") -> str:
    body = "91" + region + "".join(random.choice(ALPHABET) for _ in range(9))
    return body + check_character(body)


@dataclass
class Actors:
    """Tokens of everyone an entry involves."""

    admin: str
    operator: str
    authority: str


def actors(issuer: TestIssuer, organisation: str, admin_subject: str, sector: str = "自然资源") -> Actors:
    return Actors(
        admin=issuer.token(sub=admin_subject, org_code=organisation, roles=["agency_admin"], region="370100"),
        operator=issuer.token(
            sub="operator-370000", org_code="OPERATOR370000", roles=["operator"], region="370000"
        ),
        authority=issuer.token(
            sub=f"authority-{sector}",
            org_code="AUTH370100",
            roles=["authority"],
            region="370100",
            sector=sector,
        ),
    )


async def graphql(
    client: httpx.AsyncClient, token: str | None, query: str, variables: dict | None = None
) -> dict:
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    response = await client.post(
        "/graphql", content=json.dumps({"query": query, "variables": variables or {}}), headers=headers
    )
    assert response.status_code == 200, response.text
    return response.json()


async def mutate(client: httpx.AsyncClient, token: str, name: str, payload: str, variables: dict) -> dict:
    """Run mutation `name` with `$input`; returns its payload and fails the test on any error."""
    argument_type = name[0].upper() + name[1:] + "Input"
    if name in {"submitAgencyApplication", "confirmAgencyApplicationComplete"}:
        argument_type = "AgencyActionInput"
    elif name in {"removeAgencyQualification"}:
        argument_type = "QualificationRefInput"
    query = f"mutation($input: {argument_type}!) {{ {name}(input: $input) {{ {payload} errors {{ code field message }} }} }}"
    result = await graphql(client, token, query, {"input": variables})
    assert "errors" not in result, result["errors"]
    return result["data"][name]


async def register_license(
    database: Database,
    license_id: str,
    holder: str,
    number: str,
    until: date,
    qualification: tuple[str, str | None] = ("SURVEYING", "乙级"),
) -> None:
    async with database.transaction() as session:
        session.add(
            ELicenseRecord(
                license_id=license_id,
                holder_credit_code=holder,
                qualification_type_code=qualification[0],
                level=qualification[1],
                certificate_number=number,
                valid_until=until,
                revoked=False,
            )
        )


async def admitted_agency(
    client: httpx.AsyncClient,
    database: Database,
    people: Actors,
    *,
    with_license: bool = True,
    name: str = "测试测绘有限公司",
    qualification: tuple[str, str | None] = ("SURVEYING", "乙级"),
    service_item: str = "ZJ-ZR-006",
    valid_days: int = 300,
    region: str = "370100",
) -> dict[str, Any]:
    """An agency of `region` taken through entry: application, surveying qualification (verified by
    the e-license registry when `with_license`), an offered service, a practitioner, submission and
    the operator's completeness check; ACTIVE when the qualification was verified."""
    code = new_credit_code(region)
    created = await mutate(
        client,
        people.admin,
        "createAgencyApplication",
        f"agency {{ {AGENCY_FIELDS} }}",
        {
            "creditCode": code,
            "name": f"{name}{code[-6:]}",
            "legalRepresentative": "张三",
            "regionCode": region,
            "address": "济南市历下区经十路 1 号",
            "businessPhone": "13800138000",
        },
    )
    agency = created["agency"]
    number = f"SURV-{code[-8:]}"
    license_id = f"EL-{code}"
    if with_license:
        await register_license(
            database, license_id, code, number, date.today() + timedelta(days=valid_days + 65), qualification
        )
    await mutate(
        client,
        people.admin,
        "addAgencyQualification",
        "agency { id }",
        {
            "agencyId": agency["id"],
            "qualificationTypeCode": qualification[0],
            "level": qualification[1],
            "certificateNumber": number,
            "issuer": "山东省自然资源厅",
            "validFrom": str(date.today() - timedelta(days=30)),
            "validUntil": str(date.today() + timedelta(days=valid_days)),
            "eLicenseId": license_id,
        },
    )
    await mutate(
        client,
        people.admin,
        "offerAgencyService",
        "agency { id }",
        {"agencyId": agency["id"], "serviceItemCode": service_item, "priceQuote": "3500.00"},
    )
    await mutate(
        client,
        people.admin,
        "addAgencyPractitioner",
        "agency { id }",
        {
            "agencyId": agency["id"],
            "name": "李四",
            "idCardNumber": "11010519491231002X",
            "phone": "13900139000",
        },
    )
    await mutate(
        client, people.admin, "submitAgencyApplication", "agency { status }", {"agencyId": agency["id"]}
    )
    confirmed = await mutate(
        client,
        people.operator,
        "confirmAgencyApplicationComplete",
        "agency { status }",
        {"agencyId": agency["id"], "comment": "材料齐全（内部意见）"},
    )
    return {**agency, "creditCode": code, "status": confirmed["agency"]["status"]}
