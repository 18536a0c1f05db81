"""HTTP endpoints of the demo identity provider (discovery, JWKS, token); mounted only in demo mode."""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route

from zhongjie.auth.demo_issuer import TOKEN_LIFETIME_SECONDS, DemoIssuer
from zhongjie.auth.principal import Role

ORGANISATION_CODE_LENGTH = 64
SECTOR_LENGTH = 64


def demo_identity_routes(issuer: DemoIssuer) -> Mount:
    async def discovery(request: Request) -> JSONResponse:
        return JSONResponse(
            {
                "issuer": issuer.issuer,
                "jwks_uri": f"{issuer.issuer}/jwks",
                "token_endpoint": f"{issuer.issuer}/token",
                "grant_types_supported": ["client_credentials"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "x-demo-only": True,
            }
        )

    async def jwks(request: Request) -> JSONResponse:
        return JSONResponse(issuer.jwks())

    async def token(request: Request) -> JSONResponse:
        form = {
            name: values[-1]
            for name, values in parse_qs((await request.body()).decode(errors="replace")).items()
        }
        role_name = str(form.get("role", ""))
        if role_name not in Role._value2member_map_:
            return _error(f"role must be one of: {', '.join(role.value for role in Role)}")
        organisation = str(form.get("org") or "") or None
        region = str(form.get("region") or "") or None
        sector = str(form.get("sector") or "") or None
        if organisation is not None and not (
            organisation.isalnum() and len(organisation) <= ORGANISATION_CODE_LENGTH
        ):
            return _error("org must be letters and digits")
        if region is not None and not (region.isdigit() and len(region) == 6):
            return _error("region must be a 6-digit division code")
        if sector is not None and len(sector) > SECTOR_LENGTH:
            return _error("sector is too long")
        access_token = issuer.mint(
            Role(role_name), organisation_code=organisation, region_code=region, sector=sector
        )
        return JSONResponse(
            {"access_token": access_token, "token_type": "Bearer", "expires_in": TOKEN_LIFETIME_SECONDS},
            headers={"cache-control": "no-store"},
        )

    return Mount(
        "/demo-oidc",
        routes=[
            Route("/.well-known/openid-configuration", discovery),
            Route("/jwks", jwks),
            Route("/token", token, methods=["POST"]),
        ],
    )


def _error(description: str) -> JSONResponse:
    return JSONResponse({"error": "invalid_request", "error_description": description}, status_code=400)
