"""The growth curves (issue #17): what each cost does as the guide grows N×.

``make bench BENCH_GROWTH=1`` (or ``python -m bench --only growth``, or
``python -m bench.growth [N ...] [--report]``).  For each N of
``BENCH_GROWTH_N`` (default 1 4 10 40): :mod:`.corpus` writes the grown copy
to ``_build/bench/growth/N<n>/``, :mod:`.costs` measures it (JOBS=auto
against JOBS=1 from N = 10), :mod:`.curves` fits each cost's growth exponent
and plots it.  Enters: the project; leaves: bench figures ``growth.*`` (the
budgets: :data:`bench.budgets.GROWTH_BUDGETS`), notes, and the SVG plots.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

# bench.report imports bench.budgets, whose growth budgets import this
# package: import report's names when they are used, not at import.
if TYPE_CHECKING:
    from bench.report import Figures

DEFAULT_N = (1, 4, 10, 40)
#: From this N on, warm make html is also timed with JOBS=auto.
JOBS_FROM = 10


def sizes(variable: str = "BENCH_GROWTH_N") -> list[int]:
    """The N to measure (BENCH_GROWTH_N), or to build the PDFs at (BENCH_GROWTH_PDF_N;
    both default to 1 4 10 40)."""
    return [int(n) for n in os.environ.get(variable, " ".join(map(str, DEFAULT_N))).split()]


def folder() -> Path:
    from bench.growth.corpus import GROWTH

    return GROWTH


def measure_sizes(ns: list[int]) -> None:
    from bench.growth import corpus, costs
    from bench.report import progress

    roots = {}
    for n in ns:
        progress(f"growth: writing the N={n} copy")
        roots[n] = corpus.grow(n)
        progress(f"growth: measuring N={n}")
        costs.measure(roots[n], n, jobs_variants=n >= JOBS_FROM,
                      pdf=n in sizes("BENCH_GROWTH_PDF_N"))
    if len(ns) > 1:
        progress(f"growth: the no-op and edit rebuilds of N={', '.join(map(str, ns))} side by side")
        costs.rebuilds_side_by_side([costs.reopen(roots[n], n) for n in ns])


def saved() -> dict[int, dict[str, Any]]:
    """The figures of every N measured so far (each copy's growth-costs.json)."""
    per_n = {}
    for path in sorted(folder().glob("N*/growth-costs.json")):
        found = json.loads(path.read_text(encoding="utf-8"))
        per_n[int(found["N"])] = found
    return per_n


def report(figures: Figures, ns: list[int] | None = None) -> None:
    """Exponents, per-N figures and notes from the saved measurements; the plots."""
    from bench.growth import curves

    per_n = saved()
    if ns is not None:
        per_n = {n: found for n, found in per_n.items() if n in ns}
    for key, label, unit, stats in curves.figures(per_n):
        figures.add(key, label, unit, stats)
    for note in curves.jobs_notes(per_n):
        figures.note(note)
    for n, found in sorted(per_n.items()):
        figures.note(f"growth N={n}: {found['pages_per_language']} pages per language, "
                     f"{found['terms']} terms; heaviest page {found.get('page.heaviest')} "
                     f"{found.get('page.heaviest_kb')} KB"
                     + ("" if "finished" in found else " (run did not finish: some figures absent)"))
        for lang in ("zh", "en"):
            if found.get(f"edit.{lang}.read", 1) != 1:
                figures.note(f"growth N={n}: the {lang} edit rebuild read "
                             f"{found.get(f'edit.{lang}.read_names')}")
    plots = curves.plot(per_n, folder())
    figures.note(f"growth: {len(plots)} plots and per-n.json (every figure at every N) in {folder()}")
    (folder() / "per-n.json").write_text(json.dumps(per_n, indent=1, ensure_ascii=False) + "\n",
                                         encoding="utf-8")


def measure(figures: Figures, runs: int) -> None:
    """The bench family (runs is unused: each N is built once, see costs.py)."""
    ns = sizes()
    measure_sizes(ns)
    report(figures, ns)
