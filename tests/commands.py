"""Running the installed `zhongjie` command as a user would."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path


def zhongjie_command(*arguments: str) -> list[str]:
    beside_python = Path(sys.executable).with_name("zhongjie")
    executable = str(beside_python) if beside_python.exists() else shutil.which("zhongjie")
    assert executable, "the zhongjie console script is not installed"
    return [executable, *arguments]
