"""The demo identity provider: only in demo mode, and its tokens are accepted by the demo app."""

from __future__ import annotations

import pytest

from tests.apps import http
from zhongjie.auth.demo_issuer import DemoIssuer, DemoModeRequired
from zhongjie.base.settings import Settings
from zhongjie.models.database import Database
from zhongjie.server.app import create_app


async def test_demo_tokens_work_for_every_role(database: Database, tmp_path) -> None:
    app = create_app(Settings(database_url="unused://", demo=True, data_dir=tmp_path), database)
    async with http(app) as client:
        discovery = (await client.get("/demo-oidc/.well-known/openid-configuration")).json()
        assert discovery["issuer"].endswith("/demo-oidc")
        assert (await client.get("/demo-oidc/jwks")).json()["keys"][0]["kty"] == "RSA"
        for role in ("owner", "agency", "agency_admin", "authority", "operator", "partner"):
            token = (await client.post("/demo-oidc/token", data={"role": role})).json()["access_token"]
            viewer = (
                await client.post(
                    "/graphql",
                    json={"query": "{ viewer { roles organisation { code } } }"},
                    headers={"authorization": f"Bearer {token}"},
                )
            ).json()["data"]["viewer"]
            assert viewer["roles"] == [role.upper()]
            assert viewer["organisation"]["code"]
        custom = await client.post(
            "/demo-oidc/token", data={"role": "authority", "region": "440705", "sector": "气象"}
        )
        assert custom.status_code == 200
        assert (await client.post("/demo-oidc/token", data={"role": "root"})).status_code == 400
        assert (
            await client.post("/demo-oidc/token", data={"role": "owner", "region": "44"})
        ).status_code == 400


async def test_outside_demo_mode_there_is_no_demo_issuer(database: Database, tmp_path) -> None:
    settings = Settings(database_url="unused://", demo=False, data_dir=tmp_path)
    with pytest.raises(DemoModeRequired):
        DemoIssuer(settings)
    async with http(create_app(settings, database)) as client:
        assert (await client.post("/demo-oidc/token", data={"role": "owner"})).status_code == 404
        assert (await client.get("/demo-oidc/jwks")).status_code == 404


async def test_a_demo_token_is_refused_by_a_production_app(database: Database, tmp_path) -> None:
    demo_app = create_app(Settings(database_url="unused://", demo=True, data_dir=tmp_path), database)
    async with http(demo_app) as client:
        token = (await client.post("/demo-oidc/token", data={"role": "operator"})).json()["access_token"]
    production = create_app(Settings(database_url="unused://", demo=False), database)
    async with http(production) as client:
        response = await client.post(
            "/graphql", json={"query": "{ viewer { roles } }"}, headers={"authorization": f"Bearer {token}"}
        )
    assert response.status_code == 401
