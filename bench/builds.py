"""Build speed: cold and warm ``make html``, no-op rebuilds, one page edited.

* cold: ``make html`` into an empty build folder with an empty diagram cache;
* warm: the same with the diagram cache full, for each way of using the two
  cores (languages side by side or one after the other, ``JOBS=1`` or
  ``auto``), run round-robin so the machine's drift hits every variant alike;
* no-op: the Makefile's Sphinx command again with nothing changed, against
  the same command with the baseline configuration (bench/floor), in wall
  and CPU time;
* edit: one page changed, then rebuilt; Sphinx must say it read that page
  only, and the time is compared with a no-op rebuild of the same round.

Rebuilds also report how many browsers cakedoc started (its stats file).
"""

from __future__ import annotations

import statistics
from pathlib import Path

from bench import project
from bench.measure import Run, alternating, ratios, run, summary
from bench.report import Figures

#: Ways `make html` can use two cores: (languages at once, sphinx -j).
VARIANTS = {
    "concurrent.j1": {"LANGJOBS": "2", "JOBS": "1"},
    "sequential.j1": {"LANGJOBS": "1", "JOBS": "1"},
    "concurrent.jauto": {"LANGJOBS": "2", "JOBS": "auto"},
    "sequential.jauto": {"LANGJOBS": "1", "JOBS": "auto"},
}
#: The page the edit measurement changes, and what it appends.
EDITED_PAGE = "chips"
EDIT_TEXT = {"zh": "\n\n基准测试第 {n} 次修改。\n", "en": "\n\nBenchmark edit number {n}.\n"}


def checked(result: Run, what: str) -> Run:
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed (exit {result.returncode}):\n{result.output[-3000:]}")
    return result


def make_html(builddir_name: str, cache: Path, **variables: str) -> Run:
    builddir = project.BENCH / builddir_name
    project.reset(builddir)
    return checked(run(project.make("html", BUILDDIR=str(builddir), **variables),
                       env=project.environment(cache), cwd=project.ROOT),
                   f"make html {variables}")


def site() -> Path:
    """The site as `make html` publishes it from a clean checkout, built with
    the benchmark's own diagram cache (which this fills), plus Sphinx's own
    searchindex.js (SPHINX_SEARCH_INDEX=1), the search family's baseline: no
    page loads it, so the pages weigh what they weigh without it.  Always
    from an empty build folder, so the page weights do not depend on what
    was built before."""
    make_html("site", project.WARM_CACHE, SPHINX_SEARCH_INDEX="1")
    return project.BENCH / "site" / "html"


def default_variant() -> str:
    """The variant the Makefile uses when given no variables."""
    text = (project.ROOT / "Makefile").read_text(encoding="utf-8")
    values = {name: value for name, value in
              (line.split("=", 1) for line in text.splitlines()
               if line.startswith(("JOBS ", "LANGJOBS ")) and "=" in line)}
    found = {name.strip(): value.strip() for name, value in values.items()}
    for name, variables in VARIANTS.items():
        if variables == found:
            return name
    raise RuntimeError(f"the Makefile's defaults {found} are none of {sorted(VARIANTS)}")


def measure_make_html(figures: Figures, runs: int) -> None:
    cold_cache = project.BENCH / "cold-diagram-cache"
    cold = []
    for _ in range(runs):
        project.reset(cold_cache)
        cold.append(make_html("cold", cold_cache).wall)
    default = default_variant()
    figures.add("build.cold", "cold make html, zh+en (empty output and diagram cache)",
                "s", summary(cold))
    # Warm the benchmark's own cache once; the variants then differ only in
    # how the two cores are used.
    site()
    warm: dict[str, list[float]] = {name: [] for name in VARIANTS}
    names = list(VARIANTS)
    for index in range(runs):
        # Rotate the order each round: no variant always runs first.
        for name in names[index % len(names):] + names[:index % len(names)]:
            warm[name].append(make_html(f"warm-{name}", project.WARM_CACHE,
                                        **VARIANTS[name]).wall)
    for name in names:
        label = "warm make html, " + ", ".join(f"{k}={v}" for k, v in VARIANTS[name].items())
        if name == default:
            label += " (default)"
        figures.add(f"build.warm.{name}", label, "s", summary(warm[name]))
    against = {name: ratios(warm[name], warm[default]) for name in names if name != default}
    for name, values in against.items():
        figures.add(f"build.warm.{name}.vs_default", f"  {name} / default, same round",
                    "x", summary(values))
    best = faster_variant(against)
    if best:
        figures.note(f"make html: {best} ({VARIANTS[best]}) beat the default {default} in every "
                     f"round (median {statistics.median(against[best]):.2f}x): make it the default")
    else:
        figures.note(f"make html: no variant beat the default {default} ({VARIANTS[default]}) "
                     "by 5% in every round; the default stands")


def faster_variant(against_default: dict[str, list[float]]) -> str | None:
    """The variant to make the default, from its per-round ratios to it.

    Faster means faster in every round and by 5% at the median: on a shared
    machine a smaller difference is the neighbours, not the variant.
    """
    faster = {name: statistics.median(values) for name, values in against_default.items()
              if values and max(values) < 1 and statistics.median(values) <= 0.95}
    return min(faster, key=faster.__getitem__) if faster else None


def rebuild(command: list[str]) -> tuple[Run, int, list[str]]:
    result = checked(run(command, env=project.environment(), cwd=project.ROOT),
                     " ".join(command[:4]))
    count, names = project.docs_read(result.output)
    return result, count, names


def rebuild_ours(command: list[str], lang: str, browsers: list[int]) -> tuple[Run, int, list[str]]:
    """A rebuild with cakedoc; notes the browsers it started, from a stats
    file removed first, so a build that failed to write one cannot pass."""
    project.stats_path(project.WARM_CACHE, "html", lang).unlink(missing_ok=True)
    built = rebuild(command)
    browsers.append(project.browsers_started(project.WARM_CACHE, "html", lang))
    return built


def measure_noop(figures: Figures, lang: str, rounds: int, browsers: list[int]) -> list[str]:
    """No-op rebuilds against the floor's; returns our command for the edits."""
    ours = project.sphinx_command(lang, project.BENCH / "rebuild-ours")
    floor = project.floor_command(project.sphinx_command(lang, project.BENCH / "rebuild-floor"))
    project.reset(project.BENCH / "rebuild-ours", project.BENCH / "rebuild-floor")
    rebuild(ours)  # first builds: not timed
    rebuild(floor)
    times: dict[str, list[Run]] = {"ours": [], "floor": []}
    read_counts: list[int] = []
    for ours_first in alternating(rounds):
        for side in (("ours", "floor") if ours_first else ("floor", "ours")):
            if side == "ours":
                result, count, _ = rebuild_ours(ours, lang, browsers)
                read_counts.append(count)
            else:
                result = rebuild(floor)[0]
            times[side].append(result)
    wall = {side: [result.wall for result in results] for side, results in times.items()}
    cpu = {side: [result.cpu for result in results] for side, results in times.items()}
    figures.add(f"noop.{lang}.ours", f"no-op rebuild, {lang}", "s", summary(wall["ours"]))
    figures.add(f"noop.{lang}.floor", f"  floor: plain Sphinx, same pages, {lang}", "s",
                summary(wall["floor"]))
    figures.add(f"noop.{lang}.ratio", f"  no-op / floor, {lang}", "x",
                summary(ratios(wall["ours"], wall["floor"])))
    # CPU time barely feels the other users of the machine: the same
    # comparison, less noisy (no budget: waiting counts for authors too).
    figures.add(f"noop.{lang}.cpu_ratio", f"  no-op / floor in CPU time, {lang}", "x",
                summary(ratios(cpu["ours"], cpu["floor"])))
    figures.add(f"noop.{lang}.read", f"  pages a no-op reads, {lang}", "count",
                summary(read_counts))
    return ours


def measure_edit(figures: Figures, lang: str, ours: list[str], rounds: int,
                 browsers: list[int]) -> None:
    """A sentence appended to one page, rebuilt, then a no-op of the same round."""
    page = project.WORK_DOCS / lang / f"{EDITED_PAGE}.md"
    original = page.read_text(encoding="utf-8")
    edit_times, noop_times, edit_counts = [], [], []
    try:
        for number in range(rounds):
            page.write_text(original + EDIT_TEXT[lang].format(n=number + 1), encoding="utf-8")
            result, count, names = rebuild_ours(ours, lang, browsers)
            if names != [EDITED_PAGE]:
                figures.note(f"edit {lang}: Sphinx read {names}, expected [{EDITED_PAGE!r}]")
            edit_times.append(result.wall)
            edit_counts.append(count)
            noop_times.append(rebuild_ours(ours, lang, browsers)[0].wall)
    finally:
        page.write_text(original, encoding="utf-8")
    figures.add(f"edit.{lang}.seconds", f"one page edited ({EDITED_PAGE}), {lang}", "s",
                summary(edit_times))
    figures.add(f"edit.{lang}.read", f"  pages the edit rebuild reads, {lang}", "count",
                summary(edit_counts))
    figures.add(f"edit.{lang}.ratio", f"  edit / no-op rebuild, {lang}", "x",
                summary(ratios(edit_times, noop_times)))


def measure_rebuilds(figures: Figures, runs: int) -> None:
    project.fresh_work_docs()
    # A rebuild takes a second or two: more rounds than elsewhere, since the
    # machine's noise is large next to that.
    rounds = 2 * runs + 1
    browsers: list[int] = []
    for lang in project.LANGUAGES:
        ours = measure_noop(figures, lang, rounds, browsers)
        measure_edit(figures, lang, ours, rounds, browsers)
    figures.add("diagrams.rebuild_browsers",
                "browsers started by rebuilds with no diagram changed", "count", summary(browsers))


def measure(figures: Figures, runs: int) -> None:
    measure_make_html(figures, runs)
    measure_rebuilds(figures, runs)
