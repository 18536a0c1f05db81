"""Claim mapping: configuration decides where facts are; odd values are dropped, not stored."""

from __future__ import annotations

import pytest

from zhongjie.auth.claims import ClaimMapping
from zhongjie.auth.principal import Principal, Role


def test_default_mapping() -> None:
    identity = ClaimMapping().identity(
        {
            "iss": "https://idp",
            "sub": "u1",
            "roles": ["owner", "operator", "superuser"],
            "org_code": "91370100MA0000001X",
            "region": "370100",
            "scope": "results:read events:read",
            "exp": 2_000_000_000,
        }
    )
    assert identity.roles == {Role.OWNER, Role.OPERATOR}
    assert identity.scopes == {"results:read", "events:read"}
    assert identity.region_code == "370100"
    assert identity.expires_at is not None


def test_keycloak_style_mapping_with_aliases() -> None:
    mapping = ClaimMapping(roles="realm_access.roles", role_aliases={"zj-agency-admin": "agency_admin"})
    identity = mapping.identity(
        {"sub": "u", "realm_access": {"roles": ["zj-agency-admin", "offline_access"]}}
    )
    assert identity.roles == {Role.AGENCY_ADMIN}


@pytest.mark.parametrize(
    ("claims", "field", "expected"),
    [
        ({"region": "37010"}, "region_code", None),
        ({"region": 370100}, "region_code", "370100"),
        ({"org_code": "bad code; drop table"}, "organisation_code", None),
        ({"name": "x" * 500}, "name", "x" * 100),
        ({"name": True}, "name", None),
        ({"roles": "owner agency"}, "roles", {Role.OWNER, Role.AGENCY}),
        ({"roles": 7}, "roles", set()),
    ],
)
def test_odd_claim_values(claims: dict, field: str, expected: object) -> None:
    assert getattr(ClaimMapping().identity({"sub": "u", **claims}), field) == expected


def test_a_token_without_subject_is_refused() -> None:
    with pytest.raises(ValueError):
        ClaimMapping().identity({"iss": "x"})


def test_region_scope_covers_the_regions_below() -> None:
    city_operator = Principal(user_id=1, roles=frozenset({Role.OPERATOR}), region_code="440700")
    assert city_operator.covers_region("440705")
    assert city_operator.covers_region("440700")
    assert not city_operator.covers_region("440000")
    assert not city_operator.covers_region("370100")
