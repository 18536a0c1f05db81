"""Running the installed `zhongjie` command as a user would."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from pathlib import Path

from zhongjie.models.database import Database


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


def database_environment(database: Database) -> dict[str, str]:
    """This process's environment with `database`'s URL as the only `ZHONGJIE_` setting."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("ZHONGJIE_")}
    environment["ZHONGJIE_DATABASE_URL"] = database.engine.url.render_as_string(hide_password=False)
    return environment
