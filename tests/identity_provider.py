"""The real OIDC provider of the tests: the npm package `oidc-provider`, on loopback.

`tests/oidc/provider.mjs` is started with signing keys this module generates, so the
tests can also sign tokens the provider never would (wrong issuer, no expiry...) with
the very key the API trusts. `rotate()` restarts it with a new key on the same port.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from joserfc.jwk import RSAKey

from tests.node_packages import require_node_package

PROVIDER_DIR = Path(__file__).resolve().parent / "oidc"
AUDIENCE = "urn:zhongjie:api"


@dataclass(frozen=True)
class Client:
    client_id: str
    client_secret: str
    claims: dict[str, Any]


CLIENTS = [
    Client(
        "owner-client",
        "owner-secret-0123456789",
        {
            "roles": ["owner"],
            "org_code": "91370100OWNER0001A",
            "org_name": "济南测试业主",
            "region": "370100",
            "name": "测试业主",
            "phone_number": "13811112222",
            "org_phone": "0531-86661234",
        },
    ),
    Client(
        "operator-client",
        "operator-secret-0123456789",
        {
            "roles": ["operator"],
            "org_code": "12370000OPER00001B",
            "org_name": "山东省公共资源交易中心",
            "region": "370000",
        },
    ),
    Client(
        "keycloak-style-client",
        "keycloak-secret-0123456789",
        {
            "realm_access": {"roles": ["zj-authority"]},
            "org_code": "11370100AUTH0001C",
            "region": "370100",
            "sector": "自然资源",
        },
    ),
    Client(
        "partner-opaque-client",
        "partner-secret-0123456789",
        {
            "roles": ["partner"],
            "org_code": "11370000PART0001D",
        },
    ),
]


def new_signing_key() -> RSAKey:
    key = RSAKey.generate_key(2048, parameters={"alg": "RS256", "use": "sig"}, private=True)
    key.ensure_kid()
    return key


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class IdentityProvider:
    folder: Path
    port: int = field(default_factory=free_port)
    key: RSAKey = field(default_factory=new_signing_key)
    process: subprocess.Popen[str] | None = None

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        (self.folder / "jwks.json").write_text(json.dumps({"keys": [self.key.as_dict(private=True)]}))
        (self.folder / "clients.json").write_text(
            json.dumps([c.__dict__ for c in CLIENTS], ensure_ascii=False)
        )
        env = {
            **os.environ,
            "PORT": str(self.port),
            "JWKS_FILE": str(self.folder / "jwks.json"),
            "CLIENTS_FILE": str(self.folder / "clients.json"),
            "AUDIENCE": AUDIENCE,
            "OPAQUE_CLIENTS": "partner-opaque-client",
        }
        self.process = subprocess.Popen(
            ["node", str(PROVIDER_DIR / "provider.mjs")],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"oidc-provider exited: {self.process.stdout.read() if self.process.stdout else ''}"
                )
            try:
                if httpx.get(f"{self.issuer}/.well-known/openid-configuration", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError("oidc-provider did not start in 30 s")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def rotate(self) -> None:
        """A new signing key; the old one is gone from the provider's JWKS."""
        self.stop()
        self.key = new_signing_key()
        self.start()

    def client_token(self, client_id: str) -> str:
        client = next(c for c in CLIENTS if c.client_id == client_id)
        response = httpx.post(
            f"{self.issuer}/token",
            data={"grant_type": "client_credentials", "scope": "results:read", "resource": AUDIENCE},
            auth=(client.client_id, client.client_secret),
            timeout=10,
        )
        response.raise_for_status()
        return response.json()["access_token"]


def start_provider(folder: Path) -> IdentityProvider:
    """The running provider, or a skip (a failure under CI) when Node or the package is missing."""
    require_node_package("oidc", "oidc-provider", "the OIDC provider")
    provider = IdentityProvider(folder)
    provider.start()
    return provider
