"""Running the installed `zhongjie` command as a user would."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
from pathlib import Path


def zhongjie_command(*arguments: str) -> list[str]:
    beside_python = Path(sys.executable).with_name("zhongjie")
    executable = str(beside_python) if beside_python.exists() else shutil.which("zhongjie")
    assert executable, "the zhongjie console script is not installed"
    return [executable, *arguments]


async def run_zhongjie(
    *arguments: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`zhongjie ARGUMENTS` in a thread, so the test's event loop (and its servers) keep running."""
    return await asyncio.to_thread(
        subprocess.run, zhongjie_command(*arguments), capture_output=True, text=True, timeout=120, env=env
    )
