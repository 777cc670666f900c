"""The one date the output may carry: ``SOURCE_DATE_EPOCH``, never the clock.

The Makefile exports it (the last commit's time); builds and tests started
another way fall back to the same rule, so both always agree.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The essay's publication date, for a checkout with no commit yet.
ESSAY_DATE_EPOCH = 1773100800  # 2026-03-10T00:00:00Z


def source_epoch() -> int:
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT,
                                capture_output=True, text=True, check=True)
        return int(result.stdout.strip())
    except (OSError, subprocess.CalledProcessError, ValueError):
        return ESSAY_DATE_EPOCH
