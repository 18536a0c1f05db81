"""Read benchmarks: `python -m bench [--items N] [--requests N]`.

Fills a fresh database (SQLite in a temporary folder, or the PostgreSQL server named by
ZHONGJIE_BENCH_DATABASE_URL, in a database it creates) with the demo data plus N generated catalog
items, then measures the reference reads through the ASGI app in process — Q1 a catalog page, Q2 a
project search, Q3 an agency profile — as SQL statements per request, latency p50/p95/p99 and
throughput at concurrency 1 and 16. Prints a table and writes bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from sqlalchemy import event
from sqlalchemy.engine import make_url

from zhongjie.domain.catalog.importer import ChangeAuthor, import_catalog_rows
from zhongjie.models.database import Database
from zhongjie.server.app import create_app
from zhongjie.server.database_setup import prepare_database
from zhongjie.server.demo import demo_credit_code, load_demo_data
from zhongjie.server.settings import Settings

CATALOG_PAGE = """query($first: Int!) { serviceItems(first: $first) { totalCount edges { node {
  code name legalBasis timeLimitDays region { name } administrativeMatters { code name powerType }
  qualificationRequirements { qualificationType { code name } minLevel } } } } }"""
PROJECT_SEARCH = """query($first: Int!) { projects(first: $first, filter: {regionCode: "370000"}) { totalCount
  edges { node { code title status budget owner { name } serviceItem { code name }
    result { agency { name creditProfile { level } } } } } } }"""
AGENCY_PROFILE = """query($code: String!) { agency(creditCode: $code) {
  name status businessPhone region { name }
  qualifications { level verificationState qualificationType { name } }
  services { priceQuote serviceItem { name } }
  branches { name serviceRegions { name } }
  creditProfile { score level restriction records(first: 20) { edges { node { category status } } } } } }"""
RESULTS = Path(__file__).resolve().parent / "results"


def generated_rows(count: int) -> list[tuple[int, dict[str, Any]]]:
    return [
        (
            n + 2,
            {
                "code": f"BENCH-{n:05d}",
                "name": f"基准测试事项 {n}",
                "service_type": "评估",
                "legal_basis": "《基准测试条例》",
                "fee_standard": "按合同约定",
                "fee_basis": "市场调节",
                "pricing_type": "市场调节价",
                "time_limit_days": 1 + n % 60,
                "qualification_requirements": "SURVEYING:乙级;INSPECTION_TESTING",
                "department": "测试部门",
                "region_code": "370000",
                "administrative_matters": f"BENCH-M-{n % 200:03d}|基准事项 {n % 200}|行政许可|测试部门",
            },
        )
        for n in range(count)
    ]


async def create_database() -> tuple[str, str | None]:
    server = os.environ.get("ZHONGJIE_BENCH_DATABASE_URL")
    if not server:
        folder = tempfile.mkdtemp(prefix="zhongjie-bench-")
        return f"sqlite+aiosqlite:///{folder}/bench.sqlite3", None
    name = f"zhongjie_bench_{uuid.uuid4().hex[:8]}"
    dsn = make_url(server).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn)
    await connection.execute(f'CREATE DATABASE "{name}"')
    await connection.close()
    return make_url(server).set(database=name).render_as_string(hide_password=False), name


async def drop_database(name: str | None) -> None:
    if name is None:
        return
    server = os.environ["ZHONGJIE_BENCH_DATABASE_URL"]
    dsn = make_url(server).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn)
    await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await connection.close()


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def measure(
    client: httpx.AsyncClient, request: dict[str, Any], concurrency: int, requests: int
) -> dict[str, float]:
    latencies: list[float] = []
    queue = iter(range(requests))
    body = json.dumps(request)
    headers = {"content-type": "application/json"}

    async def worker() -> None:
        for _ in queue:
            started = time.perf_counter()
            response = await client.post("/graphql", content=body, headers=headers)
            latencies.append(time.perf_counter() - started)
            if response.status_code != 200 or "errors" in response.json():
                raise RuntimeError(response.text[:500])

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    return {
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p95_ms": percentile(latencies, 0.95) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "mean_ms": statistics.fmean(latencies) * 1000,
        "throughput_rps": requests / elapsed,
    }


async def statements_per_request(
    client: httpx.AsyncClient, database: Database, request: dict[str, Any]
) -> int:
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith(("PRAGMA", "BEGIN", "COMMIT", "ROLLBACK")):
            statements.append(statement)

    event.listen(database.engine.sync_engine, "before_cursor_execute", record)
    try:
        await client.post("/graphql", json=request)
    finally:
        event.remove(database.engine.sync_engine, "before_cursor_execute", record)
    return len(statements)


async def run(items: int, requests: int) -> list[dict[str, Any]]:
    url, created = await create_database()
    database = Database.from_url(url)
    try:
        await prepare_database(database)
        await load_demo_data(database)
        await import_catalog_rows(database, generated_rows(items), ChangeAuthor("bench", "benchmark data"))
        app = create_app(Settings(database_url=url, rate_capacity=1e12, max_cost=10**9), database)
        transport = httpx.ASGITransport(app=app)
        results = []
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            operations = {
                "Q1 catalog page 100": {"query": CATALOG_PAGE, "variables": {"first": 100}},
                "Q2 project search 50": {"query": PROJECT_SEARCH, "variables": {"first": 50}},
                "Q3 agency profile": {
                    "query": AGENCY_PROFILE,
                    "variables": {"code": demo_credit_code(0, "370100")},
                },
            }
            for request in operations.values():
                await measure(client, request, 1, 5)  # warm-up
            for operation, request in operations.items():
                statements = await statements_per_request(client, database, request)
                for concurrency in (1, 16):
                    figures = await measure(client, request, concurrency, requests)
                    results.append(
                        {
                            "operation": operation,
                            "backend": database.backend,
                            "concurrency": concurrency,
                            "statements": statements,
                            **figures,
                        }
                    )
        return results
    finally:
        await database.dispose()
        await drop_database(created)


def print_table(results: list[dict[str, Any]]) -> None:
    header = (
        f"{'operation':<26}{'backend':<12}{'conc':>5}{'stmts':>7}"
        f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'req/s':>9}"
    )
    print(header)
    print("-" * len(header))
    for row in results:
        print(
            f"{row['operation']:<26}{row['backend']:<12}{row['concurrency']:>5}{row['statements']:>7}"
            f"{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}{row['p99_ms']:>9.1f}{row['throughput_rps']:>9.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--items", type=int, default=1000, help="generated catalog items besides the shipped ones"
    )
    parser.add_argument("--requests", type=int, default=200, help="requests per measurement")
    arguments = parser.parse_args()
    results = asyncio.run(run(arguments.items, arguments.requests))
    print_table(results)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
