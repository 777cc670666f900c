"""The budgets, and the one function that decides whether each is met.

A budget names a figure, which statistic of it counts, a comparison and a
limit.  Timed budgets are ratios against a baseline measured in the same
run; the rest are counts, bytes and bytes of memory.  Why each limit is
what it is: bench/README.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cakedoc.languages import LANGUAGES

LANGS = tuple(LANGUAGES)
#: The most a page may move as it loads (the sum of its layout shifts).
#: Chrome calls under 0.1 good; 0.01 is a tenth of that, so a shift a
#: reader could notice fails, and a 2.5e-5 flicker of a busy machine does
#: not.  tests/test_slow_link.py holds the pages to the same limit.
LAYOUT_SHIFT = 0.01
OPERATORS = {"<=": lambda value, limit: value <= limit,
             ">=": lambda value, limit: value >= limit,
             "==": lambda value, limit: value == limit}


@dataclass(frozen=True)
class Budget:
    figure: str
    #: "median" or "max" of the runs, or "all": every run must pass.
    stat: str
    op: str
    limit: float

    def describe(self, unit: str) -> str:
        """E.g. "median <= 1.3×", "max <= 200 KB", "each == 0"."""
        which = {"median": "median", "max": "max", "all": "each"}[self.stat]
        limit = {"x": f"{self.limit:g}×", "count": f"{self.limit:g}", "score": f"{self.limit:g}",
                 "exp": f"{self.limit:g}", "": f"{self.limit:g}"}.get(unit, f"{self.limit:g} {unit}")
        return f"{which} {self.op} {limit}"


BUDGETS: tuple[Budget, ...] = (
    *(Budget(f"noop.{lang}.ratio", "median", "<=", 1.3) for lang in LANGS),
    *(Budget(f"noop.{lang}.read", "all", "==", 0) for lang in LANGS),
    *(Budget(f"edit.{lang}.read", "all", "==", 1) for lang in LANGS),
    *(Budget(f"edit.{lang}.ratio", "median", "<=", 2.0) for lang in LANGS),
    Budget("diagrams.speedup", "median", ">=", 10.0),
    Budget("diagrams.rebuild_browsers", "all", "==", 0),
    Budget("pages.bytes", "max", "<=", 200.0),  # KB
    Budget("pages.requests", "max", "<=", 15),
    Budget("pages.offsite", "all", "==", 0),
    Budget("render.layout_shift", "max", "<=", LAYOUT_SHIFT),
    # make search-eval's floors (bench/search), and the index at most twice Sphinx's.
    *(Budget(f"search.{lang}.ours.{origin}.recall@3", "all", ">=", 0.95)
      for lang in LANGS for origin in ("served", "file")),
    *(Budget(f"search.{lang}.ours.{origin}.mrr", "all", ">=", 0.85)
      for lang in LANGS for origin in ("served", "file")),
    *(Budget(f"search.{lang}.latency", "median", "<=", 100.0) for lang in LANGS),  # ms
    *(Budget(f"search.{lang}.index.{kind}_ratio", "max", "<=", 2.0)
      for lang in LANGS for kind in ("raw", "gzip")),
    *(Budget(f"pdf.{lang}.peak_memory", "max", "<=", 1000.0) for lang in LANGS),  # MB
    Budget("suite.seconds", "max", "<=", 6 * 60),  # issue #19: 6 min on a quiet machine
    Budget("suite.exit", "all", "==", 0),
)





@dataclass(frozen=True)
class Verdict:
    budget: Budget
    #: "met", "missed", "skipped" (the figure was switched off) or
    #: "absent" (the run did not produce it: a failure, not a pass).
    status: str
    value: float | None

    @property
    def failed(self) -> bool:
        return self.status in ("missed", "absent")


def judge(budget: Budget, figure: dict[str, Any] | None) -> Verdict:
    if figure is None:
        return Verdict(budget, "absent", None)
    if "skipped" in figure:
        return Verdict(budget, "skipped", None)
    compare = OPERATORS[budget.op]
    if budget.stat == "all":
        runs = figure["runs"]
        worst = next((value for value in runs if not compare(value, budget.limit)), None)
        if worst is None:
            return Verdict(budget, "met", runs[0] if len(set(runs)) == 1 else figure["max"])
        return Verdict(budget, "missed", worst)
    value = figure[budget.stat]
    return Verdict(budget, "met" if compare(value, budget.limit) else "missed", value)


def evaluate(figures: dict[str, dict[str, Any]],
             budgets: Iterable[Budget] = BUDGETS) -> list[Verdict]:
    """A verdict for every budget, in the order of *budgets*."""
    return [judge(budget, figures.get(budget.figure)) for budget in budgets]


def verdict_line(verdicts: list[Verdict]) -> str:
    """How many budgets were met, of all; which were skipped or missed.
    A skipped budget is not counted as met: it was not measured."""
    met = sum(verdict.status == "met" for verdict in verdicts)
    line = f"{met} of {len(verdicts)} budgets met"
    for label, chosen in (("skipped", [v for v in verdicts if v.status == "skipped"]),
                          ("missed", [v for v in verdicts if v.failed])):
        if chosen:
            line += f"; {label}: " + ", ".join(v.budget.figure for v in chosen)
    return line


def exit_status(verdicts: Iterable[Verdict]) -> int:
    """0 when no budget was missed or left unmeasured, else 1."""
    return 1 if any(verdict.failed for verdict in verdicts) else 0


def growth_budgets() -> tuple[Budget, ...]:
    """The budgets of the growth curves (issue #17), judged only when they ran:
    each curve's exponent (≤ 1.1: linear or better; ≤ 0.2 for the no-op and
    one-page-edit rebuilds), the heaviest page at every N, and the time to the
    first search result at the largest N."""
    from bench.growth.curves import LANGS as GROWTH_LANGS, curves

    return (*(Budget(f"growth.{curve.key}", "max", "<=", curve.limit)
              for curve in curves() if curve.limit is not None),
            Budget("growth.at_each_n.page.heaviest_kb", "all", "<=", 200.0),
            Budget("growth.at_each_n.page.max_requests", "all", "<=", 15),
            *(Budget(f"growth.search.{lang}.first_result_at_largest", "max", "<=", 1000.0)
              for lang in GROWTH_LANGS))


GROWTH_BUDGETS = growth_budgets()
