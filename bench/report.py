"""The benchmark's results: figures collected by the measurements, and the table.

A figure is a dict ``{"label", "unit", "median", "min", "max", "runs"}``
(plus anything a measurement adds, such as per-page values), or
``{"label", "unit", "skipped": reason}``.  :func:`table` prints them with
the verdicts of :mod:`bench.budgets`; nothing here measures anything.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from bench.budgets import Verdict

UNITS = {"s": "{:.2f} s", "ms": "{:.0f} ms", "x": "{:.2f}×", "KB": "{:.1f} KB",
         "MB": "{:.0f} MB", "count": "{:g}", "score": "{:.4f}",
         "exp": "{:.2f}"}
STARTED = time.monotonic()


class Figures:
    """What one benchmark run measured, in the order it was measured."""

    def __init__(self) -> None:
        self.figures: dict[str, dict[str, Any]] = {}
        self.notes: list[str] = []

    def add(self, key: str, label: str, unit: str, stats: dict[str, Any], **extra: Any) -> None:
        if unit not in UNITS:
            raise ValueError(f"unknown unit {unit!r}")
        self.figures[key] = {"label": label, "unit": unit, **stats, **extra}

    def skip(self, key: str, label: str, unit: str, reason: str) -> None:
        self.figures[key] = {"label": label, "unit": unit, "skipped": reason}

    def note(self, text: str) -> None:
        progress(text)
        self.notes.append(text)


def progress(text: str) -> None:
    """A line on stderr, so a ten-minute run shows where it is."""
    print(f"bench [{time.monotonic() - STARTED:6.0f} s] {text}", file=sys.stderr, flush=True)


def fmt(value: float, unit: str) -> str:
    return UNITS[unit].format(value)


def table(figures: dict[str, dict[str, Any]], verdicts: list[Verdict]) -> str:
    """The figures as a fixed-width table, each with its budget and verdict."""
    by_figure: dict[str, list[Verdict]] = {}
    for verdict in verdicts:
        by_figure.setdefault(verdict.budget.figure, []).append(verdict)
    rows = [("figure", "median", "min", "max", "budget", "")]
    for key, figure in figures.items():
        unit = figure["unit"]
        if "skipped" in figure:
            cells = ("skipped", "", "")
        else:
            cells = tuple(fmt(figure[stat], unit) for stat in ("median", "min", "max"))
        checks = by_figure.pop(key, [])
        budget = "; ".join(v.budget.describe(unit) for v in checks)
        status = ", ".join(v.status for v in checks)
        rows.append((figure["label"], *cells, budget, status))
    for key, checks in by_figure.items():  # budgets whose figure is missing
        rows.append((key, "absent", "", "", "; ".join(v.budget.describe("") for v in checks),
                     ", ".join(v.status for v in checks)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for index, row in enumerate(rows):
        label = row[0].ljust(widths[0])
        numbers = "  ".join(cell.rjust(width) for cell, width in zip(row[1:4], widths[1:4]))
        lines.append(f"{label}  {numbers}  {row[4].ljust(widths[4])}  {row[5]}".rstrip())
        if index == 0:
            lines.append("-" * len(lines[0]))
    return "\n".join(lines)
