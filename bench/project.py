"""The project as the benchmark drives it: paths, environment, the Makefile's commands.

Builds go through the Makefile (``make html``, ``make pdf-zh``) or through
the exact Sphinx command its recipe prints (``make -n``), so the benchmark
times what authors run, not a copy of it.  Everything it writes is under
``_build/bench/``: ``_build/html`` and the real diagram cache stay untouched.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

from cakedoc.languages import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "_build" / "bench"
#: The benchmark's own diagram cache, filled by its first build ("warm").
WARM_CACHE = BENCH / "diagram-cache"
#: A copy of docs/ that the edit measurement may change.
WORK_DOCS = BENCH / "work" / "docs"
#: The baseline configuration: Sphinx, the same pages and theme, none of cakedoc.
FLOOR_CONF = Path(__file__).resolve().parent / "floor"


def environment(diagram_cache: Path | None = WARM_CACHE, **extra: str) -> dict[str, str]:
    """The environment of every build: the Makefile's date rule and the given
    diagram cache (None: the project's own, as `make` alone would use)."""
    env = dict(os.environ)
    env.pop("MAKEFLAGS", None)  # `make bench` must not pass its flags to inner makes
    env.pop("MFLAGS", None)
    env.pop("CAKE_DIAGRAM_CACHE", None)
    env.setdefault("SOURCE_DATE_EPOCH", source_date_epoch())
    if diagram_cache is not None:
        env["CAKE_DIAGRAM_CACHE"] = str(diagram_cache)
    env.update(extra)
    return env


def source_date_epoch() -> str:
    result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT,
                            capture_output=True, text=True)
    return result.stdout.strip() or "1773100800"


def make(target: str, **variables: str) -> list[str]:
    """``make TARGET VAR=value …`` in the project root."""
    return ["make", "--no-print-directory", target,
            *(f"{name}={value}" for name, value in variables.items())]


def step_command(printed: str) -> list[str]:
    """The Makefile's step for one language's HTML, from what ``make -n
    stage-html-<lang>`` printed, minus ``-q``: the benchmark reads Sphinx's
    progress lines.  It is the up-to-date check (cakedoc/build/unchanged.py)
    with the Sphinx command after its ``--``."""
    line = next(line for line in printed.splitlines() if "sphinx-build" in line)
    return [arg for arg in shlex.split(line) if arg != "-q"]


def sphinx_only(step: list[str]) -> list[str]:
    """The Sphinx command of a step, without the up-to-date check around it."""
    return step[step.index("--") + 1:] if "--" in step else step


def sphinx_command(lang: str, builddir: Path, sourcedir: Path = WORK_DOCS) -> list[str]:
    """The Makefile's Sphinx command for *lang*'s HTML, minus ``-q``: the
    builds here compare Sphinx with Sphinx (ours and the floor's)."""
    printed = subprocess.run(
        make(f"stage-html-{lang}", BUILDDIR=str(builddir), SOURCEDIR=str(sourcedir)) + ["-n"],
        cwd=ROOT, capture_output=True, text=True, check=True, env=environment()).stdout
    return sphinx_only(step_command(printed))


def floor_command(ours: list[str]) -> list[str]:
    """The same build with the baseline configuration, not strict: cakedoc's
    glossary is absent there, so its term links cannot resolve."""
    command = [arg for arg in ours if arg not in ("-W", "--keep-going")]
    command[command.index("-c") + 1] = str(FLOOR_CONF)
    return command


def fresh_work_docs() -> Path:
    """A clean copy of docs/ (both languages: the build checks counterparts)."""
    if WORK_DOCS.exists():
        shutil.rmtree(WORK_DOCS)
    shutil.copytree(ROOT / "docs", WORK_DOCS)
    return WORK_DOCS


def sphinx_language(lang: str) -> str:
    return LANGUAGES[lang].sphinx


# Sphinx's own account of what it read, e.g.
#   updating environment: 0 added, 1 changed, 0 removed
#   reading sources... [100%] chips
UPDATING = re.compile(r"updating environment: (?:\[[^\]]*\] )?(\d+) added, (\d+) changed, (\d+) removed")
READING = re.compile(r"^reading sources\.\.\. \[\s*\d+%\] (.+?)\s*$", re.M)


def docs_read(output: str) -> tuple[int, list[str]]:
    """How many documents Sphinx says it (re)read, and their names.

    The count is Sphinx's "N added, M changed" (removed pages are not read);
    the names come from its "reading sources..." lines.
    """
    match = UPDATING.search(output)
    if not match:
        raise ValueError("no 'updating environment' line in the Sphinx output")
    names: list[str] = []
    for item in READING.findall(output):
        # A parallel read reports chunks, printed as Python lists.
        names += ast.literal_eval(item) if item.startswith("[") else [item]
    return int(match.group(1)) + int(match.group(2)), names


def stats_path(cache: Path, builder: str, lang: str) -> Path:
    """Where cakedoc.diagrams says what the last *builder* build of *lang* did."""
    return cache / "stats" / f"{builder}-{sphinx_language(lang)}.json"


def browsers_started(cache: Path, builder: str, lang: str) -> int:
    """Chromium sessions the last *builder* build of *lang* started."""
    path = stats_path(cache, builder, lang)
    return int(json.loads(path.read_text(encoding="utf-8"))["browsers"])


def reset(*paths: Path) -> None:
    """Remove build output so the next build starts from nothing."""
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
