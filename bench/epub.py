"""EPUB builds: time of each language's book, diagram cache warm, and its size.

Each run is ``make epub-<lang>`` (Sphinx's epub builder with cakedoc, then
cakedoc.epub.package) into an empty build folder.  The diagram cache is
warmed by one untimed build per language first, so the figure is Sphinx
and the zip, not Chromium.  The size is the finished book's bytes, what a
reader downloads.
"""

from __future__ import annotations

from bench import project
from bench.builds import checked
from bench.measure import run, summary
from bench.pdf import per_language_rounds
from bench.report import Figures

KB = 1000


def build(lang: str) -> object:
    builddir = project.BENCH / f"epub-{lang}"
    project.reset(builddir)
    return checked(run(project.make(f"epub-{lang}", BUILDDIR=str(builddir)),
                       env=project.environment(), cwd=project.ROOT),
                   f"make epub-{lang}")


def measure(figures: Figures, runs: int) -> None:
    results = per_language_rounds("epub", build, runs)
    for lang in project.LANGUAGES:
        book = project.BENCH / f"epub-{lang}" / "epub" / f"five-layer-cake-{lang}.epub"
        figures.add(f"epub.{lang}.seconds", f"EPUB build, {lang} (warm diagram cache)", "s",
                    summary([result.wall for result in results[lang]]))
        figures.add(f"epub.{lang}.size", f"  EPUB size, {lang}", "KB",
                    summary([book.stat().st_size / KB]))
