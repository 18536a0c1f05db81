"""A closed-loop load generator: `concurrency` clients, each sending its next request when the last one
answered, and the figures of a run (latency percentiles, throughput).

A request whose keep-alive connection the server had just closed (the load generator, saturated at high
concurrency, left it idle past the server's keep-alive timeout) is sent once more on a new connection,
as browsers do; such retries are counted and reported, never hidden.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass

import httpx

Request = Callable[[int], Awaitable[None]]  # sends request number n; raises if the answer is wrong


@dataclass(frozen=True)
class Figures:
    requests: int
    concurrency: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    throughput_rps: float
    retries: int = 0

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


def percentile(samples: list[float], fraction: float) -> float:
    """The nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def summarise(latencies: list[float], concurrency: int, elapsed: float, retries: int = 0) -> Figures:
    return Figures(
        requests=len(latencies),
        concurrency=concurrency,
        p50_ms=round(percentile(latencies, 0.50) * 1000, 2),
        p95_ms=round(percentile(latencies, 0.95) * 1000, 2),
        p99_ms=round(percentile(latencies, 0.99) * 1000, 2),
        throughput_rps=round(len(latencies) / elapsed, 1),
        retries=retries,
    )


async def run(request: Request, concurrency: int, requests: int) -> Figures:
    """`requests` requests from `concurrency` clients at once."""
    numbers = iter(range(requests))
    latencies: list[float] = []
    retries = 0

    async def client() -> None:
        nonlocal retries
        for number in numbers:
            started = time.perf_counter()
            try:
                await request(number)
            except (httpx.ReadError, httpx.RemoteProtocolError):
                retries += 1
                await request(number)
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    return summarise(latencies, concurrency, time.perf_counter() - started, retries)
