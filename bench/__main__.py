"""Province-scale benchmarks: `python -m bench [--scale 1] [--requests 200] [--keep]`.

Creates a PostgreSQL database on the server of `ZHONGJIE_BENCH_DATABASE_URL` (default: the local
`postgresql://postgres@127.0.0.1:5432/postgres`), migrates it, fills it with the province-scale data set
(`bench.generate`, COPY), then measures against `zhongjie serve --workers 2`, each operation beside its
floor (`bench.floor`, hand-written SQL on asyncpg under `uvicorn --workers 2`):

- Q1 a catalog page (100 items with matters and requirements), Q2 a project search (50 public projects of
  a city with owner, item, winner and its credit level), Q3 an agency profile (qualifications, services,
  20 credit records, 20 evaluations), each asked three ways: `computed` (anonymous, kept public answers
  off), `signed-in` (an operator's token) and `kept` (anonymous, kept answers on, the default); M1
  sign-ups of eligible agencies, several on each project at once: SQL statements per request (in process,
  at the full page and at a tenth of it), latency p50/p95/p99 and throughput at concurrency 1, 16 and 64;
- F1 the cost of one resolved field: 100 items with 200 fields each beside the same page with one field;
- S1 one event fanned out to 1,000 subscribers: delivery latency and statements per event;
- W1 webhook dispatch: deliveries per second and statements per delivery.

Prints the table and writes `bench/results/latest.json`. `--database NAME --keep` keeps (or reuses) a
generated database across runs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from sqlalchemy import event
from sqlalchemy.engine import make_url

from bench import load, operations, pushes, servers
from bench.generate import ISSUER, Generated, Scale, generate, rebuild
from zhongjie.base.global_ids import encode_global_id
from zhongjie.base.settings import Settings
from zhongjie.models.database import Database
from zhongjie.server.app import create_app
from zhongjie.server.database_setup import prepare_database

RESULTS = Path(__file__).resolve().parent / "results"
CONCURRENCY = (1, 16, 64)
HEADER = (
    f"{'operation':<30}{'stmts':>6}{'@10%':>6}{'conc':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'req/s':>8}"
    f"{'floor st':>9}{'p50 ms':>8}{'p99 ms':>8}{'req/s':>8}{'p50 x':>7}{'tput x':>7}"
)


def server_settings(secret: str) -> dict[str, str]:
    """The API's configuration under test: production defaults, the benchmark's identity provider, and
    limits that never throttle the load generator."""
    return {
        "ZHONGJIE_OIDC_ISSUER": ISSUER,
        "ZHONGJIE_OIDC_HMAC_SECRET": secret,
        "ZHONGJIE_RATE_CAPACITY": "1e12",
        "ZHONGJIE_RATE_REFILL_PER_SECOND": "1e12",
        "ZHONGJIE_WS_MAX_SUBSCRIPTIONS": "20",
        "ZHONGJIE_WS_MAX_CONNECTIONS_PER_CALLER": "100000",  # every subscriber comes from loopback
        "ZHONGJIE_WEBHOOK_ALLOWED_TARGETS": '["127.0.0.1"]',
        "ZHONGJIE_MAX_ALIASES": "1000",  # the synthetic wide response (F1)
    }


async def create_database(server: str, name: str) -> bool:
    """Creates `name` unless it exists; True when it was created."""
    connection = await asyncpg.connect(server)
    try:
        if await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            return False
        await connection.execute(f'CREATE DATABASE "{name}"')
        return True
    finally:
        await connection.close()


async def drop_database(server: str, name: str) -> None:
    connection = await asyncpg.connect(server)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


# --- statements, in process ----------------------------------------------------------------------


async def count_statements(
    app_database: Database, send: Callable[[httpx.AsyncClient], Awaitable[Any]], app
) -> int:
    statements = 0

    def record(*_args: Any) -> None:
        nonlocal statements
        statements += 1

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        await send(client)  # warm: the first request of a caller provisions it
        event.listen(app_database.engine.sync_engine, "before_cursor_execute", record)
        try:
            await send(client)
        finally:
            event.remove(app_database.engine.sync_engine, "before_cursor_execute", record)
    return statements


def _smaller(request: dict[str, Any]) -> dict[str, Any]:
    """The same request at a tenth of its page size."""
    variables = {
        key: max(1, value // 10) if key == "first" else value for key, value in request["variables"].items()
    }
    query = request["query"].replace("first: 20", "first: 2")
    return {"query": query, "variables": variables}


def _poster(request: dict[str, Any]) -> Callable[[httpx.AsyncClient], Awaitable[Any]]:
    return lambda client: client.post("/graphql", json=request)


async def statement_counts(
    url: str, reads: list[operations.Operation], secret: str, signup: Callable
) -> dict:
    database = Database.from_url(url)
    settings = Settings(database_url=url, oidc_issuer=ISSUER, oidc_hmac_secret=secret, webhook_dispatch=False)
    app = create_app(settings, database)
    counts: dict[str, tuple[int, int | None]] = {}
    try:
        for operation in reads:
            full = await count_statements(database, _poster(operation.sample), app)
            small = await count_statements(database, _poster(_smaller(operation.sample)), app)
            counts[operation.name] = (full, small)
        counts["M1 sign-up"] = (await count_statements(database, signup, app), None)
    finally:
        await database.dispose()
    return counts


# --- the run -------------------------------------------------------------------------------------


async def measure(
    base_url: str, send: load.Request | Callable, concurrency: int, requests: int
) -> load.Figures:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=120) as client:
        return await load.run(lambda n: send(client, n), concurrency, requests)


# how Q1–Q3 are asked: anonymously with kept public answers off, with an operator's token, anonymously
# with kept answers on (the default)
WAYS = ("computed", "signed-in", "kept")
WIDE_ALIASES = 186  # 200 fields an item in the synthetic wide response


async def measure_reads(
    apis: dict[str, str], floor: str, reads: dict[str, list[operations.Operation]], requests: int
) -> list[dict]:
    """Each operation each way at each concurrency, beside the floor measured once per concurrency."""
    rows = []
    for index, path in enumerate(("/q1", "/q2", "/q3")):
        reference = reads["kept"][index]
        for way in WAYS:  # warm every server and path
            await measure(apis[way], reads[way][index].graphql, 4, 40)
        await measure(floor, reference.floor, 4, 40)
        async with httpx.AsyncClient(base_url=floor) as client:
            probe = await client.get(path, params=reference.sample["variables"])
        floor_statements = int(probe.headers["x-statements"])
        for concurrency in CONCURRENCY:
            count = requests * {1: 1, 16: 4, 64: 8}[concurrency]
            baseline = await measure(floor, reference.floor, concurrency, count)
            for way in WAYS:
                figures = await measure(apis[way], reads[way][index].graphql, concurrency, count)
                rows.append(
                    {
                        "operation": f"{reference.name} {way}",
                        "base": reference.name,
                        "api": figures.as_dict(),
                        "floor": baseline.as_dict(),
                        "floor_statements": floor_statements,
                    }
                )
                print(
                    f"  {reference.name} {way} at {concurrency}: {figures.p50_ms} ms,"
                    f" {figures.throughput_rps} req/s; floor {baseline.p50_ms} ms,"
                    f" {baseline.throughput_rps} req/s",
                    flush=True,
                )
    return rows


async def measure_per_field(api: str, requests: int) -> dict:
    """The cost of one resolved field: a page of 100 items with 200 fields each beside the same page
    with one, at concurrency 1 (kept answers off)."""
    wide, per_item = operations.wide_page(WIDE_ALIASES)
    narrow_send, wide_send = operations.page_sender(operations.NARROW_PAGE), operations.page_sender(wide)
    await measure(api, narrow_send, 1, 20)
    await measure(api, wide_send, 1, 20)
    narrow = await measure(api, narrow_send, 1, requests)
    broad = await measure(api, wide_send, 1, requests)
    fields = 100 * (per_item - 1)
    per_field = (broad.p50_ms - narrow.p50_ms) * 1000 / fields
    print(f"  F1 per resolved field: {per_field:.3f} µs ({fields} fields more)", flush=True)
    return {
        "operation": "F1 wide page (100 × 200 fields)",
        "api": broad.as_dict(),
        "floor": narrow.as_dict(),
        "per_field_us": round(per_field, 3),
        "fields": fields,
    }


async def measure_signups(
    api: str, floor: str, data: Generated, secret: str, requests: int, dsn: str
) -> list[dict]:
    counts = [requests * {1: 1, 16: 4, 64: 8}[c] for c in CONCURRENCY]
    pairs = operations.signup_pairs(data)
    needed = 2 * sum(counts) + 1
    if len(pairs) < needed:
        raise RuntimeError(f"only {len(pairs)} eligible sign-ups, {needed} needed: use a larger --scale")
    pairs = pairs[1:needed]  # the first is the in-process statement count's
    graphql, floor_send, tokens = operations.sign_up_requests(
        pairs, secret, lambda key: encode_global_id("Project", key)
    )
    async with httpx.AsyncClient(base_url=api, timeout=60) as client:  # provision the callers first
        await load.run(
            lambda n: client.post(
                "/graphql",
                json={"query": "{ viewer { roles } }"},
                headers={"authorization": f"Bearer {tokens[pairs[n].credit_code]}"},
            ),
            16,
            len(pairs) // 2,
        )
    rows, offset = [], 0
    for concurrency, count in zip(CONCURRENCY, counts, strict=True):
        api_figures = await measure(api, lambda c, n, o=offset: graphql(c, n + o), concurrency, count)
        offset += count
        floor_figures = await measure(floor, lambda c, n, o=offset: floor_send(c, n + o), concurrency, count)
        offset += count
        rows.append(
            {
                "operation": "M1 sign-up",
                "api": api_figures.as_dict(),
                "floor": floor_figures.as_dict(),
                "floor_statements": 4,
            }
        )
        print(f"  M1 at {concurrency}: {api_figures.p50_ms} ms vs {floor_figures.p50_ms} ms", flush=True)
    connection = await asyncpg.connect(dsn)
    try:  # every accepted sign-up is there once: nothing lost, nothing doubled
        stored = await connection.fetchval(
            "SELECT count(*) FROM project_signups s JOIN unnest($1::int[], $2::int[]) AS p(project, agency) "
            "ON s.project_id = p.project AND s.agency_id = p.agency",
            [p.project_id for p in pairs],
            [p.agency_id for p in pairs],
        )
    finally:
        await connection.close()
    if stored != len(pairs):
        raise RuntimeError(f"{len(pairs)} sign-ups accepted, {stored} stored")
    return rows


async def measure_fan_out(
    api: str, floor: str, dsn: str, operator: str, arguments: argparse.Namespace
) -> dict:
    figures, statements = await pushes.fan_out(api, operator, arguments.subscribers, arguments.rounds)
    baseline = await pushes.floor_fan_out(floor, dsn, arguments.subscribers, arguments.rounds)
    return {
        "operation": f"S1 fan-out to {arguments.subscribers}",
        "api": figures.as_dict(),
        "floor": baseline.as_dict(),
        "statements": round(statements, 1),
    }


async def measure_dispatch(api: str, dsn: str, operator: str, deliveries: int) -> dict:
    figures, statements = await pushes.dispatch(api, dsn, operator, deliveries)
    baseline = await pushes.floor_dispatch(deliveries, 16)
    return {
        "operation": "W1 webhook dispatch",
        "api": figures.as_dict(),
        "floor": baseline.as_dict(),
        "statements": round(statements, 1),
    }


async def run(arguments: argparse.Namespace) -> list[dict]:
    server = arguments.server
    name = arguments.database or f"zhongjie_bench_{secrets.token_hex(4)}"
    created = await create_database(server, name)
    url = make_url(server).set(database=name)
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    api_url = url.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)
    secret = secrets.token_urlsafe(32)
    try:
        if created:
            database = Database.from_url(api_url)
            await prepare_database(database)
            await database.dispose()
            data = await generate(dsn, Scale.times(arguments.scale))
        else:
            data = await rebuild(dsn)
        operator = operations.token(secret, "user-BENCH-OPERATOR", "BENCH-OPERATOR", ["operator"], "370000")
        reads = {
            "computed": operations.reads(data),
            "signed-in": operations.reads(data, bearer=operator),
            "kept": operations.reads(data),
        }
        first = operations.signup_pairs(data)[0]
        _, _, tokens = operations.sign_up_requests(
            [first], secret, lambda key: encode_global_id("Project", key)
        )

        async def one_signup(client: httpx.AsyncClient) -> None:
            await client.post(
                "/graphql",
                json={
                    "query": operations.SIGN_UP,
                    "variables": {"input": {"projectId": encode_global_id("Project", first.project_id)}},
                },
                headers={"authorization": f"Bearer {tokens[first.credit_code]}"},
            )

        counts = await statement_counts(api_url, reads["computed"], secret, one_signup)
        results: list[dict] = []
        with tempfile.TemporaryDirectory() as metrics_dir, tempfile.TemporaryDirectory() as computed_dir:
            settings = {**server_settings(secret), "PROMETHEUS_MULTIPROC_DIR": metrics_dir}
            computing = {
                **settings,
                "PROMETHEUS_MULTIPROC_DIR": computed_dir,
                "ZHONGJIE_PUBLIC_CACHE_SECONDS": "0",
            }
            with (
                servers.zhongjie(api_url, arguments.workers, settings) as api,
                servers.zhongjie(api_url, arguments.workers, computing) as computed_api,
                servers.floor(dsn, arguments.workers) as floor,
            ):
                print(f"API {api} (kept answers off: {computed_api}), floor {floor}", flush=True)
                only = arguments.only
                if "Q" in only:
                    apis = {"computed": computed_api, "signed-in": api, "kept": api}
                    results += await measure_reads(apis, floor, reads, arguments.requests)
                if "F1" in only:
                    results.append(await measure_per_field(computed_api, arguments.requests))
                if "M1" in only:
                    results += await measure_signups(api, floor, data, secret, arguments.requests, dsn)
                if "S1" in only:
                    results.append(await measure_fan_out(api, floor, dsn, operator, arguments))
                if "W1" in only:
                    results.append(await measure_dispatch(api, dsn, operator, arguments.deliveries))
        for row in results:
            full, small = counts.get(row.get("base", row["operation"]), (row.get("statements"), None))
            row.setdefault("statements", full)
            row["statements_small_page"] = small
        return [{"scale": arguments.scale, "workers": arguments.workers, "generated": data.counts}, *results]
    finally:
        if not arguments.keep:
            await drop_database(server, name)


def print_table(results: list[dict]) -> None:
    meta, rows = results[0], results[1:]
    print(f"\nscale {meta['scale']}, {meta['workers']} workers; generated: {meta['generated']}")
    print(HEADER)
    print("-" * len(HEADER))
    for row in rows:
        api, floor = row["api"], row["floor"]
        ratio = api["p50_ms"] / floor["p50_ms"] if floor["p50_ms"] else 0
        throughput = api["throughput_rps"] / floor["throughput_rps"] if floor["throughput_rps"] else 0
        small = row.get("statements_small_page")
        print(
            f"{row['operation']:<30}{row['statements'] or '-':>6}{small if small is not None else '-':>6}"
            f"{api['concurrency']:>6}{api['p50_ms']:>9.1f}{api['p95_ms']:>9.1f}{api['p99_ms']:>9.1f}"
            f"{api['throughput_rps']:>8.1f}{row.get('floor_statements', '-'):>9}{floor['p50_ms']:>8.1f}"
            f"{floor['p99_ms']:>8.1f}{floor['throughput_rps']:>8.1f}{ratio:>7.2f}{throughput:>7.2f}"
        )
    for row in rows:
        if "per_field_us" in row:
            print(
                f"{row['operation']}: {row['per_field_us']} µs per resolved field over {row['fields']} fields"
            )
    retried = [(row["operation"], row["api"]["concurrency"], row["api"].get("retries", 0)) for row in rows]
    for operation, concurrency, retries in retried:
        if retries:
            print(f"{operation} at {concurrency}: {retries} requests sent again on a fresh connection")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--server", default=None, help="PostgreSQL server URL (default $ZHONGJIE_BENCH_DATABASE_URL)"
    )
    parser.add_argument("--database", default=None, help="database name to create or reuse")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--scale", type=float, default=1.0, help="data set size, 1 = province scale")
    parser.add_argument(
        "--requests", type=int, default=200, help="requests at concurrency 1 (×4 at 16, ×8 at 64)"
    )
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--subscribers", type=int, default=1000, help="S1 subscribers")
    parser.add_argument("--rounds", type=int, default=5, help="S1 events")
    parser.add_argument("--deliveries", type=int, default=2000, help="W1 deliveries")
    parser.add_argument(
        "--only",
        default="Q,F1,M1,S1,W1",
        help="comma-separated subset of Q (Q1-Q3), F1 (per-field cost), M1, S1, W1 to measure",
    )
    arguments = parser.parse_args()
    arguments.only = set(arguments.only.split(","))
    arguments.server = arguments.server or os.environ.get(
        "ZHONGJIE_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
    )
    started = time.perf_counter()
    results = asyncio.run(run(arguments))
    print_table(results)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\n{time.perf_counter() - started:.0f} s; results in {RESULTS / 'latest.json'}")


if __name__ == "__main__":
    main()
