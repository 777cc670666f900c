"""Build a small site in-process with Sphinx's test harness (``sphinx.testing``).

The site is ``tests/roots/test-pages/``: two languages, ``en/`` and ``zh/``,
each with a ``conf.py`` that takes the project's own ``conf.py`` as it is
(so every cakedoc module, every setting, the real glossary), and a few
pages.  A test copies it to ``<tmp>/docs/``, writes the page it needs and
builds one language, the way the Makefile does, in about a second.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from sphinx.util.console import strip_escape_sequences

ROOTS = Path(__file__).resolve().parent / "roots"


@dataclass
class Built:
    project: Path  #: <tmp>/docs: the copy, with en/ and zh/
    outdir: Path
    warnings: str  #: what Sphinx said on stderr, colours stripped
    statuscode: int
    app: Any  #: the SphinxTestApp, for its environment and doctrees (None: built apart)

    def page(self, name: str) -> str:
        return (self.outdir / f"{name}.html").read_text(encoding="utf-8")


def copy_root(tmp_path: Path, name: str = "pages") -> Path:
    project = tmp_path / "docs"
    shutil.copytree(ROOTS / f"test-{name}", project)
    return project


def write(project: Path, page: str, lines: list[str]) -> None:
    """Write *page* (``en/chips.md``) with one list item per line, so a
    test's line numbers are the list's indices plus one."""
    path = project / page
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def line_of(lines: list[str], text: str) -> int:
    """The 1-based number of the first line that starts with *text*."""
    return next(number for number, line in enumerate(lines, 1) if line.startswith(text))


def in_own_thread(work: Callable[[], Any]) -> None:
    """Run *work* in a thread of its own and wait, re-raising what it raised.

    The diagram renderer drives Chromium with Playwright's sync API, which
    refuses to run in a thread where an asyncio loop is running — and the
    session's browser fixture (tests/conftest.py) keeps one running in the
    main thread.  A new thread has none."""
    failure: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as error:  # noqa: BLE001  (re-raised below)
            failure.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


def build(make_app: Callable[..., Any], project: Path, lang: str = "en",
          builder: str = "html", **overrides: Any) -> Built:
    """Build *lang* of *project*, strict as the Makefile is (``-n`` is in
    conf.py; ``-W`` is: any warning makes the status non-zero).  The app's
    global registrations are undone afterwards, so a test may build again
    (its environment and doctrees stay readable)."""
    overrides.setdefault("cake_diagram_cache", str(project.parent / "diagram-cache"))
    app = make_app(builder, srcdir=project / lang, builddir=project.parent / f"_build-{lang}",
                   confoverrides=overrides)
    in_own_thread(app.build)
    app.cleanup()
    warnings = strip_escape_sequences(app.warning.getvalue())
    return Built(project, Path(app.outdir), warnings, 1 if warnings else app.statuscode, app)


def diagram_stats(project: Path, lang: str = "en") -> dict[str, int]:
    """What cakedoc.diagrams did in the last html build of *lang*: browsers
    started, diagrams rendered and failed, diagrams on the pages."""
    language = {"zh": "zh_CN", "en": "en"}[lang]
    path = project.parent / "diagram-cache" / "stats" / f"html-{language}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def sphinx_build(project: Path, lang: str = "en",
                 env: dict[str, str] | None = None) -> Built:
    """Build *lang* of *project* in a process of its own, strict, the way the
    Makefile runs sphinx-build, into the same folders as :func:`build`: for
    what only a fresh process shows (which modules a build imports)."""
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-n", "-W", "--keep-going",
               "-D", f"cake_diagram_cache={project.parent / 'diagram-cache'}",
               "-d", str(project.parent / f"_build-{lang}" / "doctrees"),
               str(project / lang), str(project.parent / f"_build-{lang}" / "html")]
    pythonpath = os.pathsep.join(filter(None, [str(ROOTS.parent.parent),
                                               os.environ.get("PYTHONPATH")]))
    result = subprocess.run(command, capture_output=True, text=True, timeout=600,
                            env={**os.environ, "PYTHONPATH": pythonpath, **(env or {})})
    return Built(project, project.parent / f"_build-{lang}" / "html",
                 strip_escape_sequences(result.stderr), result.returncode, None)
