"""Real `zhongjie serve` processes for end-to-end tests."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.commands import zhongjie_command
from tests.identity_provider import free_port


@contextmanager
def running_server(folder: Path, *arguments: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """`zhongjie serve ARGUMENTS` on a free loopback port, in `folder`; yields its base URL once ready."""
    port = free_port()
    environment = {key: value for key, value in os.environ.items() if not key.startswith("ZHONGJIE_")}
    environment.update(env or {})
    # its output to a file, not to a pipe nobody reads: once a pipe's buffer is full, the server blocks
    log = (folder / f"server-{port}.log").open("w")
    process = subprocess.Popen(
        zhongjie_command("serve", *arguments, "--port", str(port)),
        cwd=folder,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"the server exited: {Path(log.name).read_text()[-4000:]}")
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            pytest.fail("the server did not become ready in 60 s")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
