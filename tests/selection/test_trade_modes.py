"""Trade modes (交易模式) and the selection methods they allow."""

from __future__ import annotations

import pytest

from tests.apps import http, static_key_app
from tests.project_flow import application, new_owner, run

MERIT = [{"criterion": "PLAN", "weight": 60}, {"criterion": "EXPERIENCE", "weight": 40}]


@pytest.fixture
async def client(database, test_issuer):
    async with http(static_key_app(database, test_issuer)) as client:
        yield client


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"tradeMode": "DIRECT_PURCHASE", "selectionMethod": "RANDOM"}, "selectionMethod"),
        ({"tradeMode": "REWARD", "selectionMethod": "AVERAGE_PRICE"}, "selectionMethod"),
        (
            {
                "tradeMode": "REWARD",
                "selectionMethod": "BEST_MERIT",
                "meritCriteria": [{"criterion": "PRICE", "weight": 50}, {"criterion": "PLAN", "weight": 50}],
                "priceCeiling": "80000.00",
            },
            "meritCriteria",
        ),
        ({"tradeMode": "REWARD", "selectionMethod": "BEST_MERIT", "meritCriteria": MERIT}, "priceCeiling"),
    ],
    ids=[
        "direct purchase drawn",
        "reward by price",
        "reward with a price criterion",
        "reward without a fixed fee",
    ],
)
async def test_trade_modes_refuse_methods_that_do_not_fit(client, test_issuer, overrides, field) -> None:
    payload = await run(
        client,
        new_owner(test_issuer).token,
        "createProject",
        "CreateProjectInput",
        {"project": application(**overrides)},
    )
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("INVALID", ["input", field])]


async def test_a_reward_competes_on_merit_at_a_fixed_fee(client, test_issuer) -> None:
    fields = application(
        tradeMode="REWARD",
        selectionMethod="BEST_MERIT",
        meritCriteria=MERIT,
        budget="80000.00",
        priceCeiling="80000.00",
    )
    payload = await run(
        client, new_owner(test_issuer).token, "createProject", "CreateProjectInput", {"project": fields}
    )
    assert payload["errors"] == [] and payload["project"]["status"] == "DRAFT"
