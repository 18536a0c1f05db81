"""E-license verification: the registry table and its import, and the HTTP service by configuration."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.agency_flow import AGENCY_FIELDS, actors, mutate, new_credit_code
from tests.apps import http, served, static_key_app
from tests.commands import database_environment, run_zhongjie
from zhongjie.models import ELicenseRecord
from zhongjie.models.database import Database

HEADER = (
    "license_id,holder_credit_code,qualification_type_code,level,certificate_number,valid_until,revoked\n"
)


async def test_import_licenses_is_idempotent_and_refuses_bad_files(database: Database, tmp_path) -> None:
    ids = [f"EL-{uuid.uuid4().hex[:10]}" for _ in range(2)]
    good = tmp_path / "licenses.csv"
    good.write_text(
        HEADER + "".join(f"{i},{new_credit_code()},SURVEYING,乙级,N-{i},2030-12-31,否\n" for i in ids),
        encoding="utf-8",
    )
    first = await run_zhongjie("import", "licenses", str(good), env=database_environment(database))
    again = await run_zhongjie("import", "licenses", str(good), env=database_environment(database))
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "X,Y,SURVEYING,乙级,N,31/12/2030,\n", encoding="utf-8")
    refused = await run_zhongjie("import", "licenses", str(bad), env=database_environment(database))
    assert first.stdout.strip() == again.stdout.strip() == "licenses=2"
    assert refused.returncode == 1 and "row 2" in refused.stderr
    async with database.session() as session:
        assert await session.scalar(select(func.count()).where(ELicenseRecord.license_id.in_(ids))) == 2


async def _apply_with_certificate(client, people, license_id: str, code: str, level: str = "乙级") -> dict:
    created = await mutate(
        client,
        people.admin,
        "createAgencyApplication",
        f"agency {{ {AGENCY_FIELDS} }}",
        {
            "creditCode": code,
            "name": "核验测试机构",
            "legalRepresentative": "张三",
            "regionCode": "370100",
            "address": "济南",
            "businessPhone": "13800000000",
        },
    )
    added = await mutate(
        client,
        people.admin,
        "addAgencyQualification",
        "agency { qualifications { verificationState verificationMethod verificationNote } }",
        {
            "agencyId": created["agency"]["id"],
            "qualificationTypeCode": "SURVEYING",
            "level": level,
            "certificateNumber": f"N-{license_id}",
            "issuer": "省厅",
            "validFrom": str(date.today()),
            "validUntil": str(date.today() + timedelta(days=100)),
            "eLicenseId": license_id,
        },
    )
    return {"code": code, "qualification": added["agency"]["qualifications"][0]}


async def test_a_registry_mismatch_leaves_the_certificate_for_the_authority(client, test_issuer) -> None:
    people = actors(test_issuer, f"ORG{uuid.uuid4().hex[:8].upper()}", f"admin-{uuid.uuid4().hex[:8]}")
    license_id = f"EL-{uuid.uuid4().hex[:10]}"
    applied = await _apply_with_certificate(client, people, license_id, new_credit_code(), level="甲级")
    qualification = applied["qualification"]
    assert qualification["verificationState"] == "PENDING"
    assert qualification["verificationMethod"] == "e-license registry"


@pytest.fixture
async def license_service():
    """A real e-license service on loopback that knows one license per holder it was told about."""
    known: dict[str, dict] = {}

    async def lookup(request: Request) -> JSONResponse:
        record = known.get(request.path_params["license_id"])
        return JSONResponse(record) if record else JSONResponse({"error": "not found"}, status_code=404)

    async with served(Starlette(routes=[Route("/licenses/{license_id}", lookup)]), lifespan="off") as address:
        yield f"http://{address}", known


async def test_the_http_e_license_service_is_chosen_by_configuration(
    database, test_issuer, license_service
) -> None:
    url, known = license_service
    people = actors(test_issuer, f"ORG{uuid.uuid4().hex[:8].upper()}", f"admin-{uuid.uuid4().hex[:8]}")
    app = static_key_app(database, test_issuer, elicense_url=url)
    license_id = f"EL-{uuid.uuid4().hex[:10]}"
    holder = new_credit_code()
    known[license_id] = {
        "holderCreditCode": holder,
        "qualificationType": "SURVEYING",
        "level": "乙级",
        "certificateNumber": f"N-{license_id}",
        "validUntil": str(date.today() + timedelta(days=400)),
    }
    async with http(app) as client:
        verified = await _apply_with_certificate(client, people, license_id, holder)
        others = actors(test_issuer, f"ORG{uuid.uuid4().hex[:8].upper()}", f"admin-{uuid.uuid4().hex[:8]}")
        unknown = await _apply_with_certificate(
            client, others, f"EL-unknown-{uuid.uuid4().hex[:6]}", new_credit_code()
        )
    assert verified["qualification"]["verificationState"] == "VERIFIED"
    assert verified["qualification"]["verificationMethod"] == "e-license service"
    assert unknown["qualification"]["verificationState"] == "PENDING"
    assert unknown["qualification"]["verificationMethod"] == "e-license service"
