"""Results pushed to a third-party client: graphql-ws, the reference graphql-transport-ws implementation
(npm), subscribed anonymously to `projectResults`, gets a random-draw, an average-price, a bidding and a
best-merit result each within 2 s of its announcement; resumed after a cursor, it gets them again exactly
once and in order."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import text

from tests.commands import run_zhongjie
from tests.conformance.flows import METHODS_BY_NAME, Cell, Spec, drive, end_of_feed
from tests.node_packages import require_node_package
from zhongjie.models.database import Database

CLIENT_DIR = Path(__file__).resolve().parent.parent / "graphql_ws"
METHODS = ("RANDOM", "AVERAGE_PRICE", "BIDDING", "BEST_MERIT")
RESULTS = """subscription($filter: ProjectResultFilter, $after: String) {
  projectResults(filter: $filter, after: $after) {
    cursor outcome action selectionMethod resultNumber drawRecordUrl winner { creditCode } project { code } } }"""


class Subscriber:
    """The Node client as a subprocess: one JSON line per item on stdout."""

    def __init__(self, address: str, variables: dict, count: int) -> None:
        self.arguments = [
            "node",
            str(CLIENT_DIR / "subscribe.mjs"),
            f"ws://{address}/graphql",
            RESULTS,
            json.dumps(variables),
            str(count),
            "1500",
        ]

    async def __aenter__(self) -> Subscriber:
        self.process = await asyncio.create_subprocess_exec(
            *self.arguments, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
        connected = await asyncio.wait_for(self.process.stderr.readline(), 20)
        assert json.loads(connected) == {"connected": True}, connected
        await asyncio.sleep(0.5)  # the subscribe message follows the acknowledgement
        return self

    async def items(self) -> list[dict]:
        output, errors = await asyncio.wait_for(self.process.communicate(), 60)
        assert self.process.returncode == 0, errors.decode()
        lines = [json.loads(line) for line in output.decode().splitlines()]
        done = lines.pop()
        assert done == {"done": len(lines)}, done
        assert all(not line.get("errors") for line in lines), lines
        return lines

    async def __aexit__(self, *_exc: object) -> None:
        if self.process.returncode is None:
            self.process.kill()
            await self.process.wait()


@asynccontextmanager
async def unrelated_long_writes(database: Database, database_factory) -> AsyncIterator[None]:
    """On PostgreSQL, a write transaction that records no event held open in this database and one in
    another database of the same server (SQLite has one writer, so there it would block every write)."""
    if database.backend != "postgresql":
        yield
        return
    other = Database.from_url(await database_factory.create())
    connections = []
    try:
        for db in (database, other):
            connection = await db.engine.connect()
            await connection.execute(text("CREATE TEMPORARY TABLE long_import (n int)"))
            await connection.execute(text("INSERT INTO long_import VALUES (1)"))
            connections.append(connection)
        yield
    finally:
        for connection in connections:
            await connection.rollback()
            await connection.close()
        await other.dispose()


async def test_each_method_s_result_reaches_an_anonymous_third_party_subscriber(
    marketplace, database_factory, tmp_path
) -> None:
    """…while unrelated write transactions stay open the whole time, here and in another database."""
    require_node_package("graphql_ws", "graphql-ws", "the graphql-ws client")
    investment = f"2026-370126-70-02-{uuid.uuid4().int % 10**6:06d}"
    criteria = {"filter": {"investmentProjectCodes": [investment]}}
    before = await end_of_feed(marketplace)
    cells = []
    async with (
        unrelated_long_writes(marketplace.database, database_factory),
        Subscriber(marketplace.address, criteria, len(METHODS)) as live,
    ):
        for name in METHODS:
            cell = Cell(
                marketplace, Spec(METHODS_BY_NAME[name], "CHOOSE_ONE", "SOCIAL"), tmp_path, investment
            )
            await drive(cell, "announced")
            cells.append(cell)
        pushed = await live.items()

    assert [item["data"]["projectResults"]["project"]["code"] for item in pushed] == [
        cell.primary.code for cell in cells
    ]
    for item, cell in zip(pushed, cells, strict=True):
        result = item["data"]["projectResults"]
        assert result["outcome"] == "AWARDED" and result["resultNumber"] == 1
        assert result["selectionMethod"] == cell.spec.method.selection_method
        assert result["winner"]["creditCode"] == cell.primary.winner.credit_code
        assert (result["drawRecordUrl"] is not None) == (cell.spec.method.name == "RANDOM")
        assert item["at"] / 1000 - cell.announced_at[0] < 2.0, (cell.spec.id, item["at"], cell.announced_at)

    cursors = [item["data"]["projectResults"]["cursor"] for item in pushed]
    for after, expected in ((before, cursors), (cursors[1], cursors[2:])):
        async with Subscriber(marketplace.address, {**criteria, "after": after}, len(expected)) as resumed:
            replayed = await resumed.items()
        assert [item["data"]["projectResults"]["cursor"] for item in replayed] == expected


async def test_the_draw_record_a_result_points_to_verifies(marketplace, tmp_path) -> None:
    """The push's `drawRecordUrl` serves the published record, which `zhongjie verify-draw` re-computes."""
    cell = Cell(
        marketplace, Spec(METHODS_BY_NAME["RANDOM_CREDIT_WEIGHTED"], "CHOOSE_ONE", "FISCAL"), tmp_path
    )
    await drive(cell, "announced")
    _, listener = cell.listeners["public"]
    url = next(event["result"]["drawRecordUrl"] for event in listener.events if event["result"])
    base, _, path = url.partition("/draws/")  # absolute on ZHONGJIE_PUBLIC_URL; this server's is unset
    assert base == "http://127.0.0.1:8000"
    response = await marketplace.http.get(f"/draws/{path}")
    assert response.status_code == 200
    record = response.json()
    assert record["project"] == cell.primary.code and record["picked"] == [cell.primary.winner.credit_code]
    assert "weights" in record
    path = tmp_path / "draw.json"
    path.write_bytes(response.content)
    verified = await run_zhongjie("verify-draw", str(path))
    assert verified.returncode == 0, verified.stderr
    missing = await marketplace.http.get(f"/draws/{path}".replace(".json", "0.json"))
    assert missing.status_code == 404
