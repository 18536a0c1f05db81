"""Users and organisations are provisioned on first valid use, once, even under concurrency."""

from __future__ import annotations

import asyncio
import uuid

from sqlalchemy import func, select

from tests.apps import http, post, static_key_app, users_with_subject
from tests.auth.signing import TestIssuer
from zhongjie.models import Organisation, User
from zhongjie.models.database import Database


async def test_concurrent_first_requests_provision_one_user_and_one_organisation(
    database: Database, test_issuer: TestIssuer
) -> None:
    subject, organisation = f"first-{uuid.uuid4().hex[:8]}", f"ORG{uuid.uuid4().hex[:8].upper()}"
    token = test_issuer.token(sub=subject, org_code=organisation, org_name="并发测试单位")
    apps = [static_key_app(database, test_issuer) for _ in range(3)]  # separate caches, as in several workers
    clients = [http(app) for app in apps]
    try:
        responses = await asyncio.gather(
            *(post(clients[n % 3], "{ viewer { user { id } } }", token) for n in range(12))
        )
    finally:
        for client in clients:
            await client.aclose()
    assert {response.status_code for response in responses} == {200}
    assert len({response.json()["data"]["viewer"]["user"]["id"] for response in responses}) == 1
    assert await users_with_subject(database, subject) == 1
    async with database.session() as session:
        assert await session.scalar(select(func.count()).where(Organisation.code == organisation)) == 1


async def test_later_tokens_update_what_they_state(database: Database, test_issuer: TestIssuer) -> None:
    subject = f"changer-{uuid.uuid4().hex[:8]}"
    app = static_key_app(database, test_issuer)
    async with http(app) as client:
        await post(
            client, "{ viewer { roles } }", test_issuer.token(sub=subject, name="旧名", email="a@b.cn")
        )
        await post(client, "{ viewer { roles } }", test_issuer.token(sub=subject, name="新名"))
    async with database.session() as session:
        user = await session.scalar(select(User).where(User.subject == subject))
    assert (user.name, user.email) == ("新名", "a@b.cn")
