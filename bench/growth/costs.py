"""What one grown copy costs: every figure of the growth curves at one N.

Enters: a copy written by :mod:`bench.growth.corpus` (its root) and N.
Leaves: ``{figure: value}`` — seconds, MB (peak memory of the process tree),
KB, counts, milliseconds — also written to ``<copy>/growth-costs.json`` as
each figure is measured, so a run stopped half-way keeps what it measured.

Every build is the Makefile's, run in the copy (``make html``, ``make
review``, ``make pdf-<lang>``) with the worktree's venv, or the step its
recipe prints (``make -n stage-html-<lang>``: the up-to-date check of
cakedoc/build/unchanged.py around Sphinx, without ``-q`` so Sphinx says
what it read) for the no-op and one-page-edit rebuilds; Sphinx alone with
nothing changed is measured too, without a budget.  Each is
measured once: the growth curves span 40× in size, far more than the
machine's noise; the exponent is fitted over all N.  But the no-op and the
edit, whose budget is to stay flat, are the median of REPEATS runs: one run
of an edit varied by up to 30% (bench/README.md §9); once every N is
measured, they are measured again side by side (rebuilds_side_by_side).
"""

from __future__ import annotations

import gzip
import json
import subprocess
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

from bench import project
from bench.growth import corpus
from bench.measure import Run, run

VENV = project.ROOT / ".venv"
MB = 1000 * 1000
KB = 1000
EDITED_PAGE = "chips"
EDIT_TEXT = {"zh": "\n\n基准测试的一次修改。\n", "en": "\n\nA benchmark edit.\n"}
#: The no-op and the edit cost about the same at every N, so the machine's
#: noise is as large as what grows: each is the median of this many runs.
REPEATS = 3
#: Pages whose weight is measured: the heaviest few on disk per language
#: (the page weight is its HTML plus what it loads, and the HTML dominates).
HEAVIEST_ON_DISK = 4


class Copy:
    """A grown copy and the commands that build it."""

    def __init__(self, root: Path, n: int) -> None:
        self.root, self.n = root, n
        self.build = root / "_build"
        # Beside the copy, not in it: a copy written again keeps its cache.
        self.cache = root.parent / f"diagram-cache-{root.name}"
        self.results_file = root / "growth-costs.json"
        self.figures: dict[str, Any] = {"N": n, "pages_per_language": len(corpus.copyable(
            root / "docs" / "zh")) + 2, "terms": len([
                p for p in (root / "glossary").glob("*.md") if p.name != "README.md"])}

    def env(self, **extra: str) -> dict[str, str]:
        return project.environment(self.cache, **extra)

    def make(self, target: str, **variables: str) -> list[str]:
        """``make TARGET`` in the copy, with the worktree's venv (``-o``: never
        reinstall it, which would point its editable install at the copy)."""
        return ["make", "--no-print-directory", "-o", f"{VENV}/.installed", target,
                f"VENVDIR={VENV}", *(f"{name}={value}" for name, value in variables.items())]

    def run(self, command: list[str], what: str, **env: str) -> Run:
        result = run(command, env=self.env(**env), cwd=self.root, sample_memory=True)
        if result.returncode != 0:
            raise RuntimeError(f"N={self.n}: {what} failed (exit {result.returncode}):\n"
                               f"{result.output[-3000:]}")
        return result

    def record(self, key: str, value: Any) -> None:
        self.figures[key] = value
        self.results_file.write_text(json.dumps(self.figures, indent=1, ensure_ascii=False) + "\n",
                                     encoding="utf-8")

    def timed(self, key: str, result: Run) -> None:
        self.record(f"{key}.seconds", round(result.wall, 3))
        self.record(f"{key}.cpu", round(result.cpu, 3))
        self.record(f"{key}.peak_mb", round(result.peak_rss / MB, 1))

    def step_command(self, lang: str) -> list[str]:
        printed = subprocess.run(self.make(f"stage-html-{lang}") + ["-n"], cwd=self.root,
                                 capture_output=True, text=True, check=True, env=self.env()).stdout
        return project.step_command(printed)

    def rendered(self, builder: str, lang: str) -> int:
        path = project.stats_path(self.cache, builder, lang)
        return int(json.loads(path.read_text(encoding="utf-8"))["rendered"])

    def browsers(self, builder: str, lang: str) -> int:
        return project.browsers_started(self.cache, builder, lang)


def cold_html(copy: Copy) -> None:
    """Cold ``make html`` (empty build folder and diagram cache), then a no-op one."""
    project.reset(copy.build, copy.cache)
    copy.timed("html.cold", copy.run(copy.make("html"), "cold make html"))
    copy.record("diagrams.rendered", sum(copy.rendered("html", lang) for lang in project.LANGUAGES))
    copy.timed("html.noop", copy.run(copy.make("html"), "no-op make html"))


def warm_html(copy: Copy, jobs: str = "1") -> None:
    """``make html`` into an empty build folder, the diagram cache full; it
    replaces the build the figures before it used."""
    project.reset(copy.build / "html", copy.build / "staging", copy.build / "doctrees")
    key = "html.warm" if jobs == "1" else "html.warm.jobs_auto"
    copy.timed(key, copy.run(copy.make("html", JOBS=jobs), f"warm make html JOBS={jobs}"))


def median_run(runs: list[Run]) -> Run:
    """The run of median CPU time (of an odd number)."""
    return sorted(runs, key=lambda result: result.cpu)[len(runs) // 2]


def reopen(root: Path, n: int) -> Copy:
    """A copy measured before, with its figures (to add to them)."""
    copy = Copy(root, n)
    if copy.results_file.is_file():
        copy.figures.update(json.loads(copy.results_file.read_text(encoding="utf-8")))
    return copy


def noop_step(copy: Copy, lang: str) -> Run:
    """The Makefile's step with nothing changed, which must say so."""
    noop = copy.run(copy.step_command(lang), f"no-op rebuild {lang}")
    if "nothing changed since its last successful build" not in noop.output:
        raise RuntimeError(f"N={copy.n}: the no-op step of {lang} ran:\n{noop.output[-3000:]}")
    return noop


def edited_step(copy: Copy, lang: str, repeat: int) -> Run:
    """The step with the page ``chips`` edited: its *repeat*-th edit, so
    each run's text differs from the last run's."""
    page = copy.root / "docs" / lang / f"{EDITED_PAGE}.md"
    original = page.read_text(encoding="utf-8")
    try:
        page.write_text(original + EDIT_TEXT[lang] * repeat, encoding="utf-8")
        return copy.run(copy.step_command(lang), f"one-page edit {lang}")
    finally:
        page.write_text(original, encoding="utf-8")


def record_rebuilds(copy: Copy, lang: str, noops: list[Run], edits: list[Run]) -> None:
    """The medians of the no-op and edit runs, and every run's CPU time."""
    copy.timed(f"noop.{lang}", median_run(noops))
    copy.record(f"noop.{lang}.cpu_runs", [round(noop.cpu, 3) for noop in noops])
    copy.timed(f"edit.{lang}", median_run(edits))
    copy.record(f"edit.{lang}.cpu_runs", [round(run.cpu, 3) for run in edits])
    read = [project.docs_read(run.output) for run in edits]
    copy.record(f"edit.{lang}.read", max(count for count, _ in read))
    copy.record(f"edit.{lang}.read_names", sorted({name for _, names in read for name in names}))


def rebuilds(copy: Copy) -> None:
    """Per language: the Makefile's step (the up-to-date check, then Sphinx
    if an input changed) with nothing changed, then with one page edited;
    and, without a budget, Sphinx alone with nothing changed.  The step's
    figures are each the median of REPEATS runs (all of them recorded)."""
    for lang in project.LANGUAGES:
        command = copy.step_command(lang)
        # Without -q the command line differs from make's, which the
        # check counts as a change: one run first, untimed.
        copy.run(command, f"the step's first run {lang}")
        noops = [noop_step(copy, lang) for _ in range(REPEATS)]
        copy.record(f"noop.{lang}.read", 0)
        sphinx_noop = copy.run(project.sphinx_only(command), f"no-op Sphinx {lang}")
        copy.timed(f"noop_sphinx.{lang}", sphinx_noop)
        copy.record(f"noop_sphinx.{lang}.read", project.docs_read(sphinx_noop.output)[0])
        copy.record(f"noop.{lang}.browsers", copy.browsers("html", lang))
        edits = [edited_step(copy, lang, repeat) for repeat in range(1, REPEATS + 1)]
        record_rebuilds(copy, lang, noops, edits)
        # Put the page back in the build too, untimed: the site stays the
        # copy's own for the page weights and the search.
        copy.run(command, f"rebuild after the edit {lang}")


def rebuilds_side_by_side(copies: list[Copy]) -> None:
    """The no-op and the edit of every copy again, in rounds that take each
    N in turn, once all are measured.  Their budget compares N=40 with N=1,
    which the pass above measures up to an hour apart, and on this machine
    a figure drifts by a third from one hour to the next (bench/README.md
    §9); a round measures every N within a minute or two, so a drift moves
    them all alike.  These medians are the figures; the pass above's stay
    as ``<figure>.alone``."""
    runs: dict[tuple[int, str], tuple[list[Run], list[Run]]] = {
        (copy.n, lang): ([], []) for copy in copies for lang in project.LANGUAGES}
    for repeat in range(1, REPEATS + 1):
        for lang in project.LANGUAGES:
            for copy in copies:
                noops, edits = runs[copy.n, lang]
                # Untimed, as in rebuilds: the other language's builds of
                # this copy ran since (they share its diagram cache).
                copy.run(copy.step_command(lang), f"the step's first run {lang}")
                noops.append(noop_step(copy, lang))
                edits.append(edited_step(copy, lang, repeat))
                copy.run(copy.step_command(lang), f"rebuild after the edit {lang}")
    for copy in copies:
        for lang in project.LANGUAGES:
            for kind in ("noop", "edit"):
                for field in ("seconds", "cpu", "peak_mb", "cpu_runs"):
                    key = f"{kind}.{lang}.{field}"
                    if key in copy.figures:
                        copy.record(f"{kind}.{lang}.alone.{field}", copy.figures[key])
            record_rebuilds(copy, lang, *runs[copy.n, lang])


def pdfs(copy: Copy) -> None:
    for lang in project.LANGUAGES:
        copy.timed(f"pdf.{lang}", copy.run(copy.make(f"pdf-{lang}"), f"make pdf-{lang}"))
        pdf = copy.build / "pdf" / f"five-layer-cake-{lang}.pdf"
        copy.record(f"pdf.{lang}.mb", round(pdf.stat().st_size / MB, 2))


def search_index(copy: Copy) -> None:
    """The index the search page loads, raw and gzip, per language."""
    for lang in project.LANGUAGES:
        data = (copy.build / "html" / lang / "searchstats.js").read_bytes()
        copy.record(f"search.{lang}.index_raw_kb", round(len(data) / KB, 1))
        copy.record(f"search.{lang}.index_gzip_kb",
                    round(len(gzip.compress(data, 9, mtime=0)) / KB, 1))


SUMMARY = ('() => /\\S/.test(document.querySelector("#search-results .search-summary")'
           '?.innerText || "")')
FIRST_RESULT = '() => document.querySelectorAll("#search-results ul.search li > a").length > 0'
PAINT = """() => {
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  return paint ? paint.startTime : null;
}"""


INDEX_LOADED = """() => {
  const entry = performance.getEntriesByType("resource").find(e => e.name.includes("searchstats"));
  return entry ? Math.round(entry.responseEnd) : null;
}"""


def first_result(browser: Any, base: str, lang: str) -> dict[str, float]:
    """What a reader waits for after pressing Enter in the search box with the
    first reader query (bench/search): milliseconds from the start of the
    search page's navigation (``search.html?q=…``, where the box sends them)
    to its first result link, and that page's first contentful paint, which
    must not wait for the index."""
    query = yaml.safe_load((project.ROOT / "bench" / "search" / f"queries-{lang}.yaml")
                           .read_text(encoding="utf-8"))[0]["q"]
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{base}{lang}/search.html?q={quote(query)}", wait_until="commit")
        page.wait_for_function(FIRST_RESULT, timeout=120_000, polling="raf")
        elapsed = page.evaluate("() => performance.now()")
        page.wait_for_load_state("load")
        paint = page.evaluate(PAINT)
        index = page.evaluate(INDEX_LOADED)
    finally:
        context.close()
    # When the index had arrived tells the download from the ranking.
    return {"first_result_ms": round(elapsed, 1), "search_page_fcp_ms": paint,
            "index_loaded_ms": index}


def heaviest_pages(site: Path) -> list[str]:
    picked = []
    for lang in project.LANGUAGES:
        files = sorted((site / lang).rglob("*.html"), key=lambda path: -path.stat().st_size)
        picked += [path.relative_to(site).as_posix() for path in files[:HEAVIEST_ON_DISK]]
    return picked


def browser_figures(copy: Copy) -> None:
    from bench.pages import chromium, load, serve

    site = copy.build / "html"
    search_index(copy)
    candidates = heaviest_pages(site)
    with chromium() as browser, serve(site) as base:
        for lang in project.LANGUAGES:
            for key, value in first_result(browser, base, lang).items():
                copy.record(f"search.{lang}.{key}", value)
        weights = {rel: load(browser, base + rel) for rel in candidates}
    heaviest = max(weights, key=lambda rel: weights[rel]["bytes"])
    copy.record("page.heaviest", heaviest)
    copy.record("page.heaviest_kb", round(weights[heaviest]["bytes"] / KB, 1))
    copy.record("page.max_requests", max(weight["requests"] for weight in weights.values()))
    copy.record("page.offsite", sum(weight["offsite"] for weight in weights.values()))
    copy.record("page.weights_kb", {rel: round(w["bytes"] / KB, 1) for rel, w in weights.items()})


def measure(root: Path, n: int, *, jobs_variants: bool, pdf: bool = True) -> dict[str, Any]:
    """Every figure at this N, in an order where each step reuses the build before it."""
    copy = Copy(root, n)
    copy.record("started", time.strftime("%H:%M:%S"))
    # The most telling figures first: at N = 40 a run takes hours, and what
    # it measured is kept if it is stopped.
    cold_html(copy)
    rebuilds(copy)
    browser_figures(copy)
    copy.timed("review", copy.run(copy.make("review"), "make review"))
    warm_html(copy)
    if jobs_variants:
        warm_html(copy, "auto")
    if pdf:
        pdfs(copy)
    copy.record("finished", time.strftime("%H:%M:%S"))
    return copy.figures
