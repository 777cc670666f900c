"""The project copied and built from nothing, once per worker (the
``built_copy`` session fixture in conftest.py).

The fault matrix (tests/test_faults.py) breaks copies of it, always
restored to the same path, because Sphinx's environment remembers absolute
paths and re-reads everything when they move; the reproducibility check
(tests/test_reproducible.py) compares its site, a clean build, with the
one `make test` published; the publishing checks (tests/test_publishing.py)
build it again with BASE_URL, which rewrites every page and reads none.
The files share a worker (tests/xdist_groups.py), so the build is made once.

A copy takes the sources, the diagram cache (as `make clean` keeps it, so
nothing is drawn unless a case adds a diagram) and the last good PDFs; it
builds with the real venv.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cakedoc.dates import source_epoch
from conftest import ROOT

VENV = ROOT / ".venv"
#: Never copied, wherever they are.
ANYWHERE = shutil.ignore_patterns(".git", ".venv", "node_modules", "__pycache__", "*.egg-info")
#: What a copy builds afresh: everything under _build/ but the diagram cache
#: (so only a diagram a case adds is rendered) and the last good PDFs.
BUILT = {"html", "staging", "doctrees", "doctest", "test-artifacts", "linkcheck", "serve",
         "dist", "review", "review-pdf", "bench", "search-eval", "xliff", "epub"}


def ignored(directory: str, names: list[str]) -> set[str]:
    """shutil.copytree's ignore: BUILT only directly under _build/ (a
    pattern would also drop cakedoc/serve/ and cakedoc/review/, and with
    them change the code's digest, cakedoc.build.codeversion)."""
    skipped = set(ANYWHERE(directory, names))
    if Path(directory) == ROOT / "_build":
        skipped |= BUILT & set(names)
    return skipped
PUBLISHED = ("_build/html", "_build/pdf")


def make_command(target: str) -> list[str]:
    """``make TARGET`` as an author runs it, with the real venv.  ``-o`` keeps
    make from ever reinstalling into that venv (it would point its editable
    install at this copy)."""
    return ["make", "--no-print-directory", "-o", f"{VENV}/.installed", target, f"VENVDIR={VENV}"]


def make_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": str(source_epoch()), **(extra or {})}


def make(project: Path, target: str,
         env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(make_command(target), cwd=project, capture_output=True, text=True,
                          timeout=600, env=make_env(env))


def published(project: Path) -> dict[str, str]:
    """A hash of every published file, by path."""
    return {
        path.relative_to(project).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for top in PUBLISHED for path in sorted((project / top).rglob("*")) if path.is_file()
    }


@dataclass(frozen=True)
class Prepared:
    project: Path  #: where every case runs
    pristine: Path  #: the built tree each case starts from
    site: dict[str, str]  #: hashes of what the good build published


def build_copy(base: Path) -> Prepared:
    """Copy the project under *base* and `make html` there; kept as the pristine tree."""
    project, pristine = base / "project", base / "pristine"
    shutil.copytree(ROOT, project, ignore=ignored, symlinks=True)
    (project / "tools" / "npm" / "node_modules").symlink_to(ROOT / "tools" / "npm" / "node_modules")
    result = make(project, "html")
    assert result.returncode == 0, result.stdout + result.stderr
    shutil.copytree(project, pristine, symlinks=True)
    return Prepared(project, pristine, published(project))


def restore(prepared: Prepared) -> Path:
    """The built tree, fresh; copy2 keeps mtimes, so nothing looks changed."""
    shutil.rmtree(prepared.project)
    shutil.copytree(prepared.pristine, prepared.project, symlinks=True)
    return prepared.project
