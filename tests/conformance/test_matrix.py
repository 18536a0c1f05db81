"""The conformance matrix (一致性矩阵): every selection method in every trade mode it admits, with fiscal and
social funds, driven over real HTTP and WebSocket from the application to COMPLETED, and each method along
the failure paths. After every step each caller class — the public, a partner, the operator, the owner,
every agency taking part (the winner and the losers, consortium members, one that withdrew) — must have
been pushed exactly what it may know, and the audit entry, the statistics and the OCDS release must show
the step (see `flows`)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conformance.audiences import PROJECT_EVENT_TYPES
from tests.conformance.flows import METHODS, METHODS_BY_NAME, Cell, Spec, drive
from tests.conformance.world import world
from zhongjie.domain.outbox.types import EVENT_TYPES
from zhongjie.domain.projects.lifecycle import TRANSITIONS
from zhongjie.domain.projects.vocabulary import ProjectStatus, SelectionMethod, TradeMode
from zhongjie.models.database import Database
from zhongjie.server.database_setup import prepare_database
from zhongjie.server.demo import load_demo_data

FUNDS = ("FISCAL", "SOCIAL")
CELLS = [Spec(method, mode, funds) for method in METHODS for mode in method.trade_modes for funds in FUNDS]
FAILURE_PATHS = ("no sign-ups", "withdraw", "complaint", "disqualify", "nobody left")
FAILURES = [
    (Spec(METHODS_BY_NAME[name], "CHOOSE_ONE", "SOCIAL"), path)
    for name in ("DIRECT", "RANDOM", "AVERAGE_PRICE", "BIDDING", "BEST_MERIT")
    for path in FAILURE_PATHS
]


YEAR_AHEAD = [Spec(METHODS_BY_NAME[name], "CHOOSE_ONE", "FISCAL") for name in METHODS_BY_NAME]


@pytest.fixture(scope="module")
async def a_year_ahead(database_factory, test_issuer):
    """A marketplace of its own whose clock runs a year ahead (its timed jobs then expire what the shared
    database's other tests still need)."""
    database = Database.from_url(await database_factory.create())
    await prepare_database(database)
    await load_demo_data(database)  # the catalog
    async with world(database, test_issuer, offset=timedelta(days=365)) as live:
        yield live
    await database.dispose()


@pytest.mark.parametrize("spec", CELLS, ids=lambda spec: spec.id)
async def test_a_project_from_application_to_completed(marketplace, spec, tmp_path) -> None:
    await drive(Cell(marketplace, spec, tmp_path), "completed")


@pytest.mark.parametrize("spec", YEAR_AHEAD, ids=lambda spec: spec.id)
async def test_a_project_a_year_ahead(a_year_ahead, spec, tmp_path) -> None:
    """The time-dependent flows with the server's clock a year ahead: deadlines, publicity, service."""
    await drive(Cell(a_year_ahead, spec, tmp_path), "completed")


@pytest.mark.parametrize(
    ("spec", "path"), FAILURES, ids=lambda item: item.id if isinstance(item, Spec) else item
)
async def test_a_failure_path(marketplace, spec, path, tmp_path) -> None:
    await drive(Cell(marketplace, spec, tmp_path), path)


def test_the_matrix_covers_every_method_trade_mode_and_event_type() -> None:
    """A new selection method, trade mode or event type fails here until the matrix and its audience table
    know it; every way the lifecycle reaches a result is among the event types they decide."""
    assert {method.selection_method for method in METHODS} == {method.value for method in SelectionMethod}
    assert {spec.trade_mode for spec in CELLS} == {mode.value for mode in TradeMode}
    assert {name for name in EVENT_TYPES if name.startswith("project.")} == PROJECT_EVENT_TYPES
    to_result = {
        action for (_, action), (target, _) in TRANSITIONS.items() if target is ProjectStatus.RESULT_ANNOUNCED
    }
    assert to_result, "the lifecycle announces results"
