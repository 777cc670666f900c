"""Run the benchmark: ``python -m bench [--runs N] [--only FAMILY ...]``.

Writes _build/bench/results.json (after every family, so a failure keeps
what was measured), prints the table, and exits 1 when a budget is missed
or a figure a budget needs could not be measured.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import time
import traceback

from bench import budgets, project
from bench.report import Figures, progress, table

#: In the order they run: the test suite last, since it rebuilds _build/.
#: "growth" (issue #17, hours at N = 40) runs only when asked for:
#: BENCH_GROWTH=1 or --only growth.
FAMILIES = ("builds", "diagrams", "pages", "search", "pdf", "epub", "growth", "suite")
OPT_IN = {"growth": "BENCH_GROWTH"}
RESULTS = project.BENCH / "results.json"


def write(figures: Figures, started: float, runs: int,
          chosen: tuple[budgets.Budget, ...] = budgets.BUDGETS) -> list[budgets.Verdict]:
    verdicts = budgets.evaluate(figures.figures, chosen)
    results = {
        "runs": runs,
        "seconds": round(time.time() - started, 1),
        "machine": {"cpus": os.cpu_count(), "loadavg": os.getloadavg(),
                    "python": platform.python_version()},
        "figures": figures.figures,
        "budgets": [{"figure": v.budget.figure, "stat": v.budget.stat, "op": v.budget.op,
                     "limit": v.budget.limit, "value": v.value, "status": v.status}
                    for v in verdicts],
        "notes": figures.notes,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return verdicts


def default_families(environ: dict[str, str] | os._Environ[str]) -> list[str]:
    """Every family but the opt-in ones whose variable is unset, empty or 0."""
    return [name for name in FAMILIES
            if name not in OPT_IN or environ.get(OPT_IN[name], "0") not in ("", "0")]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "3")),
                        help="runs per timed figure (default: $BENCH_RUNS or 3)")
    parser.add_argument("--only", nargs="+", choices=FAMILIES, default=default_families(os.environ),
                        help="measure only these families (growth: only when named or BENCH_GROWTH=1)")
    args = parser.parse_args(argv)
    chosen = budgets.BUDGETS + (budgets.GROWTH_BUDGETS if "growth" in args.only else ())
    started = time.time()
    figures = Figures()
    for name in FAMILIES:
        if name not in args.only:
            continue
        progress(f"{name}: start")
        try:
            importlib.import_module(f"bench.{name}").measure(figures, args.runs)
        except Exception:  # one broken family must not hide the others' figures
            figures.note(f"{name}: failed, its figures are absent:\n{traceback.format_exc()}")
        verdicts = write(figures, started, args.runs, chosen)
    # Budgets of families not asked for are not failures.
    if set(args.only) - set(OPT_IN) != set(FAMILIES) - set(OPT_IN):
        verdicts = [v for v in verdicts if v.budget.figure in figures.figures]
    print(table(figures.figures, verdicts))
    for note in figures.notes:
        print(f"note: {note}")
    print(f"\n{budgets.verdict_line(verdicts)}. "
          f"Results: {RESULTS.relative_to(project.ROOT)} ({time.time() - started:.0f} s)")
    return budgets.exit_status(verdicts)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
