"""The processes under test: `zhongjie serve --workers N` and the floor, each on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up in {seconds} s")


LOGS = ROOT / "bench" / "results"


@contextmanager
def _running(command: list[str], environment: dict[str, str], ready: str, name: str) -> Iterator[None]:
    """`command` running until the block ends, its output in `bench/results/<name>.log`."""
    LOGS.mkdir(parents=True, exist_ok=True)
    log = (LOGS / f"{name}.log").open("wb")
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **environment}, stdout=log, stderr=log)
    try:
        _wait(ready, process)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@contextmanager
def zhongjie(database_url: str, workers: int, settings: dict[str, str]) -> Iterator[str]:
    """`zhongjie serve --workers N` on the database; yields its base URL."""
    port = free_port()
    environment = {
        "ZHONGJIE_DATABASE_URL": database_url,
        "ZHONGJIE_PUBLIC_URL": f"http://127.0.0.1:{port}",
        **settings,
    }
    command = [
        sys.executable,
        "-c",
        "from zhongjie.server.cli import main; main()",
        "serve",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    with _running(command, environment, f"http://127.0.0.1:{port}/healthz", "zhongjie"):
        yield f"http://127.0.0.1:{port}"


@contextmanager
def floor(dsn: str, workers: int) -> Iterator[str]:
    """The floor app (`bench.floor`) under uvicorn; yields its base URL."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "bench.floor:app",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    with _running(command, {"ZHONGJIE_BENCH_FLOOR_DSN": dsn}, f"http://127.0.0.1:{port}/q1?first=1", "floor"):
        yield f"http://127.0.0.1:{port}"
