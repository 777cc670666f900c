"""PDF builds: time and peak memory of each language, diagram cache warm.

Each run is ``make pdf-<lang>`` (the Makefile's LaTeX build plus xelatex
through latexmk) into an empty build folder.  The diagram cache is warmed
by one untimed build per language first, so the figure is TeX and Sphinx,
not Chromium.  Memory is the peak RSS of the whole process tree
(:func:`bench.measure.run` with sampling).
"""

from __future__ import annotations

from typing import Any, Callable

from bench import project
from bench.builds import checked
from bench.measure import alternating, run, summary
from bench.report import Figures, progress

MB = 1000 * 1000


def build(lang: str) -> object:
    builddir = project.BENCH / f"pdf-{lang}"
    project.reset(builddir)
    return checked(run(project.make(f"pdf-{lang}", BUILDDIR=str(builddir)),
                       env=project.environment(), cwd=project.ROOT, sample_memory=True),
                   f"make pdf-{lang}")


def per_language_rounds(name: str, build: Callable[[str], Any], runs: int) -> dict[str, list]:
    """*runs* builds of each language, the order alternating between rounds,
    after one untimed build per language that warms the diagram cache
    (also used by bench.epub)."""
    for lang in project.LANGUAGES:
        progress(f"{name}: warming the diagram cache for {lang}")
        build(lang)
    results: dict[str, list] = {lang: [] for lang in project.LANGUAGES}
    for number, in_order in enumerate(alternating(runs)):
        progress(f"{name}: round {number + 1}/{runs}")
        for lang in (tuple(project.LANGUAGES) if in_order else tuple(reversed(project.LANGUAGES))):
            results[lang].append(build(lang))
    return results


def measure(figures: Figures, runs: int) -> None:
    results = per_language_rounds("pdf", build, runs)
    for lang in project.LANGUAGES:
        figures.add(f"pdf.{lang}.seconds", f"PDF build, {lang} (warm diagram cache)", "s",
                    summary([result.wall for result in results[lang]]))
        figures.add(f"pdf.{lang}.peak_memory", f"  peak memory, process tree, {lang}", "MB",
                    summary([result.peak_rss / MB for result in results[lang]]))
