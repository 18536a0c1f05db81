"""Verifiable random draws (公平抽取): anyone can re-compute who was drawn, and no one could choose it.

Algorithm `zhongjie-draw-v1`, documented so that anyone can re-compute a draw:

1. Before the draw the platform picks a secret 32-byte seed and publishes `commitment = SHA-256(seed)` (hex).
2. When the candidate list is closed it is published in its fixed order, with `candidates_hash =
   SHA-256(UTF-8 JSON of the list, no spaces)`. A witness (or a public beacon round) then supplies a value.
3. `key = SHA-256(seed ‖ UTF-8(candidates_hash) ‖ UTF-8(witness))`.
4. A pick of `k` of `n` items for a `label` is a partial Fisher–Yates shuffle: for i = 0..k-1, draw an
   integer uniformly in [0, n-i) and swap it into place i. Integers come from the stream
   `SHA-256(key ‖ UTF-8(label) ‖ counter as 8-byte big-endian)`, 8 bytes at a time read as big-endian;
   a value at or above the largest multiple of the range is rejected and the next taken (no modulo bias).
5. After the draw the seed is revealed and the whole record is published; `verify_record` re-computes it.
   A project's selection record also carries `key_digest = SHA-256(key)`, binding seed, candidates and
   witness together: with few candidates a changed witness could otherwise pick the same winner.
6. A credit-weighted selection publishes a positive weight per candidate with the commitment; the list
   hashed is `[[candidate, weight], …]` and the pick is one uniform integer below the total weight,
   falling into the candidate whose cumulative range holds it.

Python's `random` is never used for anything that decides.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

ALGORITHM = "zhongjie-draw-v1"
MAX_VALUE = 1 << 64


def new_seed() -> bytes:
    return secrets.token_bytes(32)


def commitment(seed: bytes) -> str:
    return hashlib.sha256(seed).hexdigest()


def candidates_hash(candidates: Sequence[str], weights: Sequence[int] | None = None) -> str:
    """SHA-256 of the candidate list; of `[[candidate, weight], …]` for a weighted draw."""
    listed: list[Any] = (
        list(candidates)
        if weights is None
        else [list(pair) for pair in zip(candidates, weights, strict=True)]
    )
    return hashlib.sha256(json.dumps(listed, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()


def draw_key(seed: bytes, candidate_digest: str, witness: str) -> bytes:
    return hashlib.sha256(seed + candidate_digest.encode() + witness.encode()).digest()


def key_digest(key: bytes) -> str:
    """Published with a selection record, so a changed witness fails even when the pick happens to agree."""
    return hashlib.sha256(key).hexdigest()


def _integers(key: bytes, label: str) -> Iterator[int]:
    counter = 0
    while True:
        block = hashlib.sha256(key + label.encode() + counter.to_bytes(8, "big")).digest()
        counter += 1
        for offset in range(0, 32, 8):
            yield int.from_bytes(block[offset : offset + 8], "big")


def uniform_below(stream: Iterator[int], bound: int) -> int:
    """A uniform integer in [0, bound) by rejection sampling."""
    if bound <= 0:
        raise ValueError("bound must be positive")
    limit = MAX_VALUE - MAX_VALUE % bound
    for value in stream:
        if value < limit:
            return value % bound
    raise AssertionError("unreachable")


def pick(key: bytes, label: str, items: Sequence[str], count: int) -> list[str]:
    """`count` distinct items of `items` (all when fewer), in drawn order."""
    pool = list(items)
    count = min(count, len(pool))
    stream = _integers(key, label)
    for index in range(count):
        chosen = index + uniform_below(stream, len(pool) - index)
        pool[index], pool[chosen] = pool[chosen], pool[index]
    return pool[:count]


def weighted_pick(key: bytes, label: str, items: Sequence[str], weights: Sequence[int]) -> str:
    """One item, each with probability weight / total: a uniform integer below the total (rejection
    sampling, as above) falls into the item whose cumulative weight range holds it."""
    if len(items) != len(weights) or not items or any(weight <= 0 for weight in weights):
        raise ValueError("one positive weight per item")
    point = uniform_below(_integers(key, label), sum(weights))
    for item, weight in zip(items, weights, strict=True):
        if point < weight:
            return item
        point -= weight
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class Mismatch:
    where: str
    expected: Any
    found: Any


def verify_record(record: dict[str, Any]) -> list[Mismatch]:
    """Re-compute a published draw record (an inspection plan's, or a project's random selection);
    the mismatches, none when it is sound."""
    if record.get("algorithm") != ALGORITHM:
        return [Mismatch("algorithm", ALGORITHM, record.get("algorithm"))]
    if record.get("kind") == "project-selection":
        return _verify_selection(record)
    return _verify_inspection(record)


def _verify_selection(record: dict[str, Any]) -> list[Mismatch]:
    problems: list[Mismatch] = []
    seed = bytes.fromhex(record["seed"])
    if commitment(seed) != record["commitment"]:
        problems.append(Mismatch("commitment", commitment(seed), record["commitment"]))
    weights = record.get("weights")
    digest = candidates_hash(record["candidates"], weights)
    if digest != record["candidates_hash"]:
        problems.append(Mismatch("candidates_hash", digest, record["candidates_hash"]))
    key = draw_key(seed, record["candidates_hash"], record["witness"])
    if key_digest(key) != record["key_digest"]:
        problems.append(Mismatch("key_digest", key_digest(key), record["key_digest"]))
    if weights is None:
        expected = pick(key, record["label"], record["candidates"], len(record["picked"]))
    else:
        expected = [weighted_pick(key, record["label"], record["candidates"], weights)]
    if expected != record["picked"]:
        problems.append(Mismatch("picked", expected, record["picked"]))
    return problems


def _verify_inspection(record: dict[str, Any]) -> list[Mismatch]:
    problems: list[Mismatch] = []
    seed = bytes.fromhex(record["seed"])
    if commitment(seed) != record["commitment"]:
        problems.append(Mismatch("commitment", commitment(seed), record["commitment"]))
    all_candidates = [code for stratum in record["strata"] for code in stratum["candidates"]]
    digest = candidates_hash(all_candidates)
    if digest != record["candidates_hash"]:
        problems.append(Mismatch("candidates_hash", digest, record["candidates_hash"]))
    key = draw_key(seed, record["candidates_hash"], record["witness"])
    for stratum in record["strata"]:
        expected = pick(key, f"targets:{stratum['name']}", stratum["candidates"], stratum["sample_size"])
        if expected != stratum["picked"]:
            problems.append(Mismatch(f"strata.{stratum['name']}.picked", expected, stratum["picked"]))
    pool = record["inspector_pool"]
    for target, chosen in record["inspectors"].items():
        allowed = [inspector["code"] for inspector in pool if target not in inspector.get("linked", [])]
        expected = pick(key, f"inspectors:{target}", allowed, record["inspectors_per_target"])
        if expected != chosen:
            problems.append(Mismatch(f"inspectors.{target}", expected, chosen))
    return problems
