"""E-license verification (电子证照核验) behind one small interface.

`RegistryVerifier` checks the registry table loaded by `zhongjie import licenses`;
`HttpVerifier` asks the e-license service named by configuration. Either answers
VERIFIED when the license matches the certificate in every respect, and leaves the
certificate PENDING for the sector authority otherwise: a machine never rejects.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.models import AgencyQualification, ELicenseRecord
from zhongjie.models.database import Database


@dataclass(frozen=True)
class LicenseCheck:
    verified: bool
    method: str
    note: str


class LicenseVerifier(Protocol):
    async def check(
        self, session: AsyncSession, holder_credit_code: str, qualification: AgencyQualification
    ) -> LicenseCheck: ...


def _compare(
    record: ELicenseRecord | None, holder: str, qualification: AgencyQualification, method: str
) -> LicenseCheck:
    if record is None:
        return LicenseCheck(False, method, "no such e-license")
    mismatches = [
        name
        for name, ok in (
            ("holder", record.holder_credit_code == holder),
            ("type", record.qualification_type_code == qualification.qualification_type_code),
            ("level", (record.level or None) == (qualification.level or None)),
            ("certificate number", record.certificate_number == qualification.certificate_number),
            ("validity", record.valid_until >= qualification.valid_until),
            ("revoked", not record.revoked),
        )
        if not ok
    ]
    if mismatches:
        return LicenseCheck(False, method, "differs from the e-license: " + ", ".join(mismatches))
    return LicenseCheck(True, method, "matches the e-license")


class RegistryVerifier:
    method = "e-license registry"

    async def check(
        self, session: AsyncSession, holder_credit_code: str, qualification: AgencyQualification
    ) -> LicenseCheck:
        if not qualification.e_license_id:
            return LicenseCheck(False, self.method, "no e-license id given")
        record = await session.get(ELicenseRecord, qualification.e_license_id)
        return _compare(record, holder_credit_code, qualification, self.method)


class HttpVerifier:
    """GET {base_url}/licenses/{id} answering the registry's fields as JSON (404: unknown)."""

    method = "e-license service"

    def __init__(self, base_url: str, timeout: float = 5.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    async def check(
        self, session: AsyncSession, holder_credit_code: str, qualification: AgencyQualification
    ) -> LicenseCheck:
        if not qualification.e_license_id:
            return LicenseCheck(False, self.method, "no e-license id given")
        try:
            async with httpx.AsyncClient(timeout=self.timeout) as client:
                response = await client.get(f"{self.base_url}/licenses/{qualification.e_license_id}")
            if response.status_code == 404:
                return _compare(None, holder_credit_code, qualification, self.method)
            response.raise_for_status()
            data = response.json()
            record = ELicenseRecord(
                license_id=qualification.e_license_id,
                holder_credit_code=str(data["holderCreditCode"]),
                qualification_type_code=str(data["qualificationType"]),
                level=data.get("level"),
                certificate_number=str(data["certificateNumber"]),
                valid_until=date.fromisoformat(str(data["validUntil"])),
                revoked=bool(data.get("revoked", False)),
            )
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as error:
            return LicenseCheck(False, self.method, f"e-license service unavailable: {type(error).__name__}")
        return _compare(record, holder_credit_code, qualification, self.method)


LICENSE_COLUMNS = (
    "license_id",
    "holder_credit_code",
    "qualification_type_code",
    "level",
    "certificate_number",
    "valid_until",
    "revoked",
)


def read_license_file(path: Path) -> list[ELicenseRecord]:
    """Rows of a registry export (CSV with `LICENSE_COLUMNS`); `ValueError` names the bad row."""
    records = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            try:
                records.append(
                    ELicenseRecord(
                        license_id=row["license_id"].strip(),
                        holder_credit_code=row["holder_credit_code"].strip().upper(),
                        qualification_type_code=row["qualification_type_code"].strip().upper(),
                        level=(row.get("level") or "").strip() or None,
                        certificate_number=row["certificate_number"].strip(),
                        valid_until=date.fromisoformat(row["valid_until"].strip()),
                        revoked=(row.get("revoked") or "").strip().lower() in {"1", "true", "是", "yes"},
                    )
                )
            except (KeyError, ValueError, AttributeError) as error:
                raise ValueError(f"row {number}: {error}") from error
    return records


async def store_licenses(database: Database, records: list[ELicenseRecord]) -> int:
    """Insert or replace registry entries by license id, in one transaction."""

    async def store(session: AsyncSession) -> int:
        for record in records:
            await session.merge(record)
        return len(records)

    return await database.run_transaction(store)
