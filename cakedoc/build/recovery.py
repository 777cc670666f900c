"""After a failed or interrupted build, the next build re-reads every page.

Sphinx rebuilds incrementally: a page is re-read only when its source is
newer than the last read, and re-written only when its output is older than
its source.  So after a strict build fails (``-W``), running it again with
nothing fixed re-reads nothing, repeats none of the warnings and succeeds —
and ``make html`` would publish the very pages that just failed.  A build
killed half-way leaves the same trap, plus possibly a truncated output file.

Hence a marker in the doctree directory: made when a build starts, removed
only when it ends with no warning and no exception.  A build that finds the
marker still there re-reads (and so re-checks and re-writes) every page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)

MARKER = "cake-build-incomplete"


def marker(app: Sphinx) -> Path:
    return Path(app.doctreedir) / MARKER


def start(app: Sphinx) -> None:
    path = marker(app)
    app.cake_recheck_all = path.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()


def outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
             removed: set[str]) -> list[str]:
    if not getattr(app, "cake_recheck_all", False):
        return []
    logger.info("the last build failed or was interrupted: re-reading every page")
    return sorted(env.found_docs)


def finish(app: Sphinx, exception: Exception | None) -> None:
    # Sphinx's own count of warnings and errors, the one that sets -W's exit
    # status.  Should it ever disappear, the marker stays: a slower next
    # build, never a wrong one.
    if exception is None and getattr(app, "_warncount", 1) == 0:
        marker(app).unlink(missing_ok=True)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", start)
    app.connect("env-get-outdated", outdated)
    app.connect("build-finished", finish)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
