"""Rebuild both languages and the landing page, and keep the problems found.

In: a :class:`Project` (where conf.py, the pages, the glossary and the build
folder are).  Out, under ``<builddir>/serve/``: ``zh/`` and ``en/`` (Sphinx's
html builder, strict as ``make html``), ``index.html`` (the landing page) and
``_serve/status.json``, the last build's problems, each with its file and
line, which the browser overlay (overlay.js) reads.  The problems are also
printed in the terminal.

Both languages are rebuilt on every change (a glossary entry, a template or
conf.py concerns both), at the same time, in processes of their own, each
incrementally: Sphinx re-reads only the pages a change touched (the
glossary page notes every entry as a dependency), and the diagram cache
re-renders only changed diagrams.  After a failed build cakedoc.build.recovery
makes the next one re-read every page, so a problem cannot hide.

:class:`Rebuild` is what sphinx-autobuild's RebuildServer calls, in a worker
process of its own: it must pickle, so it holds only paths and options.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cakedoc.languages import LANGUAGES
from cakedoc.site import landing

#: A Sphinx problem line: ``/abs/docs/zh/chips.md:12: WARNING: text [type]``
#: (the line may be missing; so may the whole location).
PROBLEM = re.compile(r"^(?:(?P<file>[^\s:][^:]*?)(?::(?P<line>\d+))?: )?"
                     r"(?P<level>WARNING|ERROR|CRITICAL|SEVERE): (?P<message>.*)$")
#: Terminal colour codes.  Sphinx colours its problem lines when its output
#: is a terminal or FORCE_COLOR is set (CI sets it); the terminal keeps them,
#: the parser must not see them.
COLOUR = re.compile(r"\x1b\[[0-9;]*m")
STATUS = Path("_serve") / "status.json"


@dataclass(frozen=True)
class Project:
    root: Path          #: conf.py's folder
    docs: Path          #: holds zh/ and en/
    glossary: Path      #: glossary/*.md
    builddir: Path
    sphinxopts: tuple[str, ...] = field(default=())

    @property
    def site(self) -> Path:
        return self.builddir / "serve"

    def command(self, code: str) -> list[str]:
        lang = LANGUAGES[code]
        return [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-c", str(self.root),
                "-d", str(self.builddir / "doctrees" / f"serve-{code}"),
                "-n", "-W", "--keep-going", *self.sphinxopts,
                "-D", f"language={lang.sphinx}",
                "-D", f"cake_glossary_dir={self.glossary}",
                str(self.docs / code), str(self.site / code)]

    def shown(self, path: str) -> str:
        """*path* relative to the project, as an author names it."""
        try:
            return Path(path).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            try:
                return Path(path).resolve().relative_to(self.docs.resolve().parent).as_posix()
            except ValueError:
                return path


def problems(project: Project, code: str, stderr: str, status: int) -> list[dict[str, object]]:
    """The problems in what Sphinx printed, as ``{language, location, message}``;
    a failure that names no file (a broken conf.py) is one problem with the
    end of what was printed."""
    found = []
    plain = COLOUR.sub("", stderr)
    for line in plain.splitlines():
        match = PROBLEM.match(line.strip())
        if not match:
            continue
        location = project.shown(match["file"]) if match["file"] else f"docs/{code}"
        if match["line"]:
            location += f":{match['line']}"
        problem = {"language": code, "location": location,
                   "message": f"{match['level']}: {match['message']}"}
        if problem not in found:  # Sphinx repeats its warnings at the end
            found.append(problem)
    if status != 0 and not found:
        tail = "\n".join(plain.strip().splitlines()[-12:]) or f"sphinx-build exited with {status}"
        found.append({"language": code, "location": f"docs/{code}", "message": tail})
    return found


def write_status(site: Path, found: list[dict[str, object]]) -> None:
    path = site / STATUS
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"ok": not found, "problems": found}, ensure_ascii=False,
                                    indent=1), encoding="utf-8")
    temporary.replace(path)


@dataclass(frozen=True)
class Rebuild:
    project: Project

    def __call__(self, *, changed_paths: Sequence[Path] = ()) -> list[dict[str, object]]:
        project = self.project
        if changed_paths:
            names = ", ".join(sorted({project.shown(str(path)) for path in changed_paths})[:5])
            print(f"serve: changed {names}; rebuilding both languages", flush=True)
        env = {**os.environ, "BUILDDIR": str(project.builddir)}
        running = {code: subprocess.Popen(project.command(code), stdout=subprocess.PIPE,
                                          stderr=subprocess.PIPE, text=True, env=env)
                   for code in LANGUAGES}
        found: list[dict[str, object]] = []
        for code, process in running.items():
            stdout, stderr = process.communicate()
            sys.stdout.write(stdout)
            sys.stderr.write(stderr)
            found += problems(project, code, stderr, process.returncode)
        if not found:
            try:
                landing.write(project.site)
            except landing.LandingError as error:
                found.append({"language": "", "location": str(project.site), "message": str(error)})
        write_status(project.site, found)
        if found:
            print(f"serve: the build failed ({len(found)} problem(s)); the browser shows them:",
                  file=sys.stderr)
            for problem in found:
                print(f"  {problem['location']}: {problem['message']}", file=sys.stderr)
        else:
            print("serve: built both languages", flush=True)
        sys.stdout.flush()
        sys.stderr.flush()
        return found
