"""The test suite's wall time: ``make test`` once, as CI runs it.

One run, not a median: the suite takes minutes and rebuilds the real
``_build/`` (that is what ``make test`` does), so the benchmark runs it
last.  ``BENCH_TEST_SUITE=0`` skips it; the figure then says so.
"""

from __future__ import annotations

import os

from bench import project
from bench.measure import run, summary
from bench.report import Figures, progress

LOG = project.BENCH / "test-suite.log"


def enabled() -> bool:
    return os.environ.get("BENCH_TEST_SUITE", "1") != "0"


def measure(figures: Figures, runs: int) -> None:
    label = "make test, wall time (one run)"
    if not enabled():
        figures.skip("suite.seconds", label, "s", "BENCH_TEST_SUITE=0")
        figures.skip("suite.exit", "  make test exit status", "count", "BENCH_TEST_SUITE=0")
        return
    progress(f"suite: make test (log: {LOG.relative_to(project.ROOT)})")
    # The project's own diagram cache, as `make test` alone would use.
    result = run(project.make("test"), env=project.environment(None), cwd=project.ROOT)
    LOG.parent.mkdir(parents=True, exist_ok=True)
    LOG.write_text(result.output, encoding="utf-8")
    figures.add("suite.seconds", label, "s", summary([result.wall]))
    figures.add("suite.exit", "  make test exit status", "count", summary([result.returncode]))
    if result.returncode != 0:
        figures.note(f"make test failed (exit {result.returncode}); see {LOG}")
