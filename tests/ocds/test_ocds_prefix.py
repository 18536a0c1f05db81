"""The OCID prefix is the deployment's, checked when configured, and fixed in each release when it is
published."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from tests.ocds.test_ocds_export import release_of
from tests.project_flow import new_owner, operator_token, published
from zhongjie.base.settings import Settings

PREFIX = "ocds-a1b2c3"


@pytest.fixture
def app_settings():
    return {"ocds_prefix": PREFIX}


def test_the_prefix_is_checked() -> None:
    with pytest.raises(ValidationError):
        Settings(ocds_prefix="ocds-toolong1")
    with pytest.raises(ValidationError):
        Settings(ocds_prefix="zhongjie")


async def test_a_release_carries_the_prefix_of_its_publication(client, test_issuer) -> None:
    project = await published(client, new_owner(test_issuer), operator_token(test_issuer))
    release = await release_of(client, project["code"])
    assert release["ocid"] == f"{PREFIX}-{project['code']}"
    served = (await client.get("/ocds/records", params={"ocid": release["ocid"]})).json()["records"]
    assert [record["releases"] for record in served] == [[release]]
