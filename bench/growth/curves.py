"""Growth exponents, their budgets, and the plots of each cost against N.

Enters: the per-N figures of :mod:`bench.growth.costs` (``{N: {figure: value}}``).
Leaves: the growth exponent of each curve — the least-squares slope of
log(cost) against log(N) — as bench figures (``growth.<curve>``, unit
"exp", with the points behind it), the per-N figures the page and search
budgets need, and one SVG per curve in ``_build/bench/growth/`` (matplotlib,
the project's pinned plotting library, imported only when plotting).
Nothing here measures anything; :func:`exponent` is tested on made-up
figures (tests/test_bench.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LANGS = ("zh", "en")


@dataclass(frozen=True)
class Curve:
    key: str  #: the figure of costs.py, per N
    label: str
    unit: str
    limit: float | None  #: the budget on the exponent (None: reported only)


def curves() -> list[Curve]:
    """Every curve, with its budget.  Time budgets are on CPU time (user +
    system of the process tree): during one growth run the machine's load
    went from 9 to 26, which stretched wall times 2-5× at random, while the
    work a build does is what grows with N.  Wall time is reported beside it."""
    linear, flat = 1.1, 0.2
    found = []

    def timed(key: str, label: str, limit: float | None, memory: bool = True) -> None:
        found.extend([Curve(f"{key}.cpu", f"{label}: CPU time", "s", limit),
                      Curve(f"{key}.seconds", "  wall time (reported)", "s", None)])
        if memory:
            found.append(Curve(f"{key}.peak_mb", "  peak memory", "MB", linear))

    timed("html.cold", "cold make html (empty diagram cache), zh+en", linear)
    timed("html.warm", "warm make html, zh+en", linear)
    timed("html.noop", "no-op make html (both languages, then publishing)", None, memory=False)
    timed("review", "make review", linear)
    found.append(Curve("diagrams.rendered", "diagrams a cold build renders", "count", None))
    for lang in LANGS:
        timed(f"noop.{lang}", f"no-op rebuild (the Makefile's step), {lang}", flat)
        timed(f"noop_sphinx.{lang}", "  Sphinx alone, nothing changed (reported)", None)
        timed(f"edit.{lang}", f"one page edited, {lang}", flat)
        timed(f"pdf.{lang}", f"make pdf-{lang}", linear)
        found += [
            Curve(f"search.{lang}.index_raw_kb", f"search index {lang} (searchstats.js), raw", "KB", linear),
            Curve(f"search.{lang}.index_gzip_kb", "  gzip", "KB", linear),
            Curve(f"search.{lang}.first_result_ms", f"  search page to first result, {lang}", "ms", None),
        ]
    found += [
        Curve("page.heaviest_kb", "heaviest page weight", "KB", None),
        Curve("page.max_requests", "  most requests of a page", "count", None),
    ]
    return found


def exponent(points: dict[int, float]) -> float:
    """The least-squares slope of log(value) against log(N).

    >>> round(exponent({1: 2.0, 4: 8.0, 10: 20.0, 40: 80.0}), 6)
    1.0
    >>> round(exponent({1: 3.0, 4: 3.0, 40: 3.0}), 6)
    0.0
    """
    usable = [(math.log(n), math.log(value)) for n, value in points.items() if value and value > 0]
    if len(usable) < 2:
        raise ValueError("an exponent needs the figure at two N at least")
    mean_x = sum(x for x, _ in usable) / len(usable)
    mean_y = sum(y for _, y in usable) / len(usable)
    spread = sum((x - mean_x) ** 2 for x, _ in usable)
    if spread == 0:
        raise ValueError("an exponent needs two different N")
    return sum((x - mean_x) * (y - mean_y) for x, y in usable) / spread


def points_of(per_n: dict[int, dict[str, Any]], key: str) -> dict[int, float]:
    return {n: float(figures[key]) for n, figures in sorted(per_n.items())
            if isinstance(figures.get(key), (int, float))}


def figures(per_n: dict[int, dict[str, Any]]) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(key, label, unit, stats) of every bench figure the curves give:
    one exponent per curve, and the per-N figures the page budgets judge."""
    out = []
    for curve in curves():
        points = points_of(per_n, curve.key)
        if len(points) < 2:
            continue
        slope = exponent(points)
        out.append((f"growth.{curve.key}", f"{curve.label}: exponent", "exp",
                    {"median": slope, "min": slope, "max": slope, "runs": [slope],
                     "points": points, "unit_of_points": curve.unit, "limit": curve.limit}))
    # At every N: the heaviest page and its requests ("all" budgets).
    for key, label, unit in (("page.heaviest_kb", "heaviest page at each N", "KB"),
                             ("page.max_requests", "  most requests at each N", "count")):
        points = points_of(per_n, key)
        if points:
            values = list(points.values())
            out.append((f"growth.at_each_n.{key}", label, unit,
                        {"median": max(values), "min": min(values), "max": max(values),
                         "runs": values, "points": points}))
    # The search at the largest N measured.
    largest = max(per_n) if per_n else None
    for lang in LANGS:
        value = per_n.get(largest, {}).get(f"search.{lang}.first_result_ms") if largest else None
        if isinstance(value, (int, float)):
            out.append((f"growth.search.{lang}.first_result_at_largest",
                        f"search page to first result at N={largest}, {lang}", "ms",
                        {"median": value, "min": value, "max": value, "runs": [value], "N": largest}))
    return out


def jobs_notes(per_n: dict[int, dict[str, Any]]) -> list[str]:
    """Which of JOBS=1 and JOBS=auto won a warm make html, at each N where both ran."""
    notes = []
    for n, found in sorted(per_n.items()):
        auto = found.get("html.warm.jobs_auto.seconds")
        one = found.get("html.warm.seconds")
        if auto is None or one is None:
            continue
        winner = "JOBS=auto" if auto < one else "JOBS=1"
        notes.append(f"growth N={n}: warm make html JOBS=1 {one:.0f} s, JOBS=auto {auto:.0f} s "
                     f"({auto / one:.2f}x; one run each): {winner} wins")
    return notes


def plot(per_n: dict[int, dict[str, Any]], folder: Path) -> list[Path]:
    """One SVG per curve with two N at least: cost against N, log-log, with
    the fitted line and, where there is a budget, the line of that exponent."""
    import matplotlib

    matplotlib.use("svg")
    from matplotlib import pyplot

    matplotlib.rcParams["svg.hashsalt"] = "growth"
    matplotlib.rcParams["svg.fonttype"] = "none"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for curve in curves():
        points = points_of(per_n, curve.key)
        if len(points) < 2:
            continue
        slope = exponent(points)
        ns = sorted(points)
        figure, axes = pyplot.subplots(figsize=(5, 3.4))
        axes.loglog(ns, [points[n] for n in ns], "o-", label=f"measured (exponent {slope:.2f})")
        if curve.limit is not None:
            anchor = points[ns[0]]
            axes.loglog(ns, [anchor * (n / ns[0]) ** curve.limit for n in ns], "--",
                        label=f"budget: exponent {curve.limit:g}")
        axes.set_xlabel("N (× the guide's pages and terms)")
        axes.set_ylabel(curve.unit)
        axes.set_title(curve.key, fontsize=9)
        axes.legend(fontsize=8)
        figure.tight_layout()
        path = folder / f"{curve.key}.svg"
        figure.savefig(path, metadata={"Date": None})
        pyplot.close(figure)
        written.append(path)
    return written
