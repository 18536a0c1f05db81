"""A development identity provider for demo mode only: it signs tokens for demo users of
every role with a key kept in the local data folder. Refused outside demo mode."""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from joserfc import jwt
from joserfc.jwk import KeySet, KeySetSerialization, RSAKey

from zhongjie.auth.principal import Role
from zhongjie.base.settings import Settings

TOKEN_LIFETIME_SECONDS = 8 * 3600
KEY_FILE = "demo-oidc-key.json"


class DemoModeRequired(RuntimeError):
    pass


@dataclass(frozen=True)
class DemoUser:
    subject: str
    name: str
    organisation_code: str
    organisation_name: str
    region_code: str
    sector: str | None = None
    phone: str | None = None
    email: str | None = None
    organisation_phone: str | None = None


DEMO_USERS: dict[Role, DemoUser] = {
    Role.OWNER: DemoUser(
        "demo-owner",
        "王业主",
        "11370100MB0000001X",
        "济南市示范建设单位",
        "370100",
        phone="13800000001",
        email="owner@demo.zhongjie",
        organisation_phone="0531-88880001",
    ),
    Role.AGENCY: DemoUser(
        "demo-agency",
        "李中介",
        "91440705MA0000002Y",
        "济南鲁信测绘有限公司",
        "370100",
        phone="13800000002",
        email="agency@demo.zhongjie",
        organisation_phone="13912345678",
    ),
    Role.AGENCY_ADMIN: DemoUser(
        "demo-agency-admin",
        "陈管理",
        "91440705MA0000002Y",
        "济南鲁信测绘有限公司",
        "370100",
        phone="13800000003",
    ),
    Role.AUTHORITY: DemoUser(
        "demo-authority",
        "赵主管",
        "11370100MB0000004Z",
        "济南市自然资源和规划局",
        "370100",
        sector="自然资源",
    ),
    Role.OPERATOR: DemoUser(
        "demo-operator", "孙运营", "12370000MB0000005A", "山东省公共资源交易中心", "370000"
    ),
    Role.PARTNER: DemoUser(
        "demo-partner",
        "工程建设项目审批系统",
        "11370000MB0000006B",
        "山东省工程建设项目审批管理系统",
        "370000",
    ),
}


class DemoIssuer:
    def __init__(self, settings: Settings) -> None:
        if not settings.demo:
            raise DemoModeRequired("the demo identity provider runs only in demo mode")
        self.issuer = f"{settings.base_url}/demo-oidc"
        self.audience = settings.oidc_audience
        self.key = _load_or_create_key(settings.data_dir / KEY_FILE)

    @property
    def public_keys(self) -> KeySet:
        return KeySet([RSAKey.import_key(self.key.as_dict(private=False))])

    def jwks(self) -> KeySetSerialization:
        return self.public_keys.as_dict(private=False)

    def mint(
        self,
        role: Role,
        *,
        organisation_code: str | None = None,
        region_code: str | None = None,
        sector: str | None = None,
    ) -> str:
        user = DEMO_USERS[role]
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": user.subject if organisation_code is None else f"{user.subject}@{organisation_code}",
            "iat": now,
            "nbf": now,
            "exp": now + TOKEN_LIFETIME_SECONDS,
            "roles": [role.value],
            "name": user.name,
            "org_code": organisation_code or user.organisation_code,
            "org_name": None if organisation_code else user.organisation_name,
            "region": region_code or user.region_code,
            "sector": sector or user.sector,
            "phone_number": user.phone,
            "email": user.email,
            "org_phone": None if organisation_code else user.organisation_phone,
            "scope": "results:read events:read" if role is Role.PARTNER else "",
        }
        header = {"alg": "RS256", "typ": "at+jwt", "kid": self.key.kid}
        return jwt.encode(header, {k: v for k, v in claims.items() if v is not None}, self.key)


def _load_or_create_key(path: Path) -> RSAKey:
    """One key for every worker process: the first to publish its file wins, the others read it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        key = RSAKey.generate_key(2048, parameters={"alg": "RS256", "use": "sig"}, private=True)
        key.ensure_kid()
        draft = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            json.dump(key.as_dict(private=True), handle)
        try:
            os.link(draft, path)  # atomic, and fails if another process published first
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return RSAKey.import_key(json.loads(path.read_text()))
