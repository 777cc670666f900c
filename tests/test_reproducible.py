"""A clean build gives the bytes `make test` published: the site, and the PDFs.

`make test` has just built _build/html and _build/pdf (with the last
commit's SOURCE_DATE_EPOCH, which the Makefile exports to pytest); each test
here builds again from nothing, in a fresh BUILDDIR, and compares with that
instead of building twice:

* the site: `make html` into a fresh BUILDDIR gives every file of the
  published site byte for byte (the PDFs in it are `make pdf`'s: below);
* the zh PDF (the source language, and the one with CJK fonts): `make
  pdf-zh` into a fresh BUILDDIR, every diagram printed afresh by Chromium,
  gives the published PDF byte for byte, so LaTeX, the diagram prints and
  xelatex/xdvipdfmx are each reproducible;
* the en PDF: its LaTeX sources and diagram prints, built afresh, are
  byte for byte what `make pdf` compiled (_build/staging/latex/en).  The
  compile step is the same latexrun + xdvipdfmx path the zh PDF takes, so it
  is not run a second time.

The PDF format forces dated or unique fields, and none needs normalising
here:

* /CreationDate (Info) and /ID (trailer): xdvipdfmx takes both from
  SOURCE_DATE_EPOCH when FORCE_SOURCE_DATE=1, which cakedoc.pdf.latexrun sets;
  /ModDate and the XMP dates and ids are given from SOURCE_DATE_EPOCH by
  cakedoc.pdf.latex (hyperxmp would read the clock);
* the diagram PDFs Chromium prints carry Skia's wall-clock /CreationDate
  and /ModDate: cakedoc.diagrams.renderer blanks them, so a diagram always
  prints to the same bytes (they never reached the book's own Info, only
  the diagram cache).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from cakedoc.dates import source_epoch
from conftest import LANGS, ROOT, SPHINX_LANGUAGE

CACHE = ROOT / "_build" / ".cache" / "diagrams"
PDF_DIR = ROOT / "_build" / "pdf"
#: Where `make pdf` wrote and compiled each language's LaTeX.
STAGED_LATEX = ROOT / "_build" / "staging" / "latex"


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*")) if p.is_file()
    }


def differing(first: dict[str, str], second: dict[str, str]) -> list[str]:
    return sorted(name for name in first.keys() | second.keys() if first.get(name) != second.get(name))


@dataclass(frozen=True)
class Rebuilds:
    root: Path
    #: name -> (exit status, output) of each clean build
    results: dict[str, tuple[int, str]]

    def ok(self, name: str) -> None:
        code, output = self.results[name]
        assert code == 0, output


@pytest.fixture(scope="module")
def rebuilds(tmp_path_factory: pytest.TempPathFactory) -> Rebuilds:
    """The three clean builds, started together (on two cores the LaTeX of
    one overlaps the other's xelatex), each in its own fresh folder, with
    the date `make test` built with (and its BASE_URL, inherited)."""
    root = tmp_path_factory.mktemp("rebuilds")
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(source_epoch())}
    commands = {
        "site": (["make", "--no-print-directory", "html", f"BUILDDIR={root / 'site'}"], {}),
        # Every diagram printed afresh by Chromium, then LaTeX and xelatex.
        "zh-pdf": (["make", "--no-print-directory", "pdf-zh", f"BUILDDIR={root / 'zh'}"],
                   {"CAKE_DIAGRAM_CACHE": str(root / "zh-diagrams")}),
        # The Makefile's Sphinx recipe (strict), for the LaTeX builder alone.
        "en-latex": ([sys.executable, "-m", "sphinx", "-q", "-b", "latex", "-c", ".",
                      "-d", str(root / "en-doctrees"), "-n", "-W", "--keep-going",
                      "-D", f"language={SPHINX_LANGUAGE['en']}", "docs/en", str(root / "en-latex")],
                     {"CAKE_DIAGRAM_CACHE": str(root / "en-diagrams")}),
    }
    running = {name: subprocess.Popen(command, cwd=ROOT, env={**env, **extra}, text=True,
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
               for name, (command, extra) in commands.items()}
    results = {}
    for name, process in running.items():
        output, _ = process.communicate(timeout=1200)
        results[name] = (process.returncode, output)
    return Rebuilds(root, results)


def test_a_clean_build_of_the_site_matches_the_published_one(site: Path, rebuilds: Rebuilds) -> None:
    rebuilds.ok("site")
    clean = tree_digest(rebuilds.root / "site" / "html")
    # pdf/ and epub/ are make pdf's and make epub's, compared below.
    # .buildinfo.bak is Sphinx's copy of the last build's stamp, left by an
    # incremental build after a configuration change: bookkeeping, not the
    # site (the offline bundle leaves out every .buildinfo file).
    published = {name: digest for name, digest in tree_digest(site).items()
                 if not name.startswith(("pdf/", "epub/")) and not name.endswith("/.buildinfo.bak")}
    assert len(clean) > 50
    assert differing(clean, published) == []


def printed_diagrams_match_the_cache(cache: Path) -> None:
    printed = sorted(cache.rglob("*.pdf"))
    assert printed, "no diagram was printed"
    for pdf in printed:
        assert b"/CreationDate" not in pdf.read_bytes(), pdf
        assert pdf.read_bytes() == (CACHE / pdf.relative_to(cache)).read_bytes(), pdf


def test_a_clean_build_of_the_zh_pdf_matches_the_published_one(rebuilds: Rebuilds) -> None:
    rebuilds.ok("zh-pdf")
    name = "five-layer-cake-zh.pdf"
    assert (rebuilds.root / "zh" / "pdf" / name).read_bytes() == (PDF_DIR / name).read_bytes(), name
    printed_diagrams_match_the_cache(rebuilds.root / "zh-diagrams")


def test_clean_en_latex_sources_match_what_make_pdf_compiled(rebuilds: Rebuilds) -> None:
    staged = STAGED_LATEX / "en"
    if not (staged / "five-layer-cake-en.tex").is_file():
        pytest.fail(f"{staged} holds no LaTeX: run `make pdf` (make test does)")
    rebuilds.ok("en-latex")
    clean = tree_digest(rebuilds.root / "en-latex")
    assert "five-layer-cake-en.tex" in clean and any(name.endswith(".pdf") for name in clean)
    compiled = {name: digest for name, digest in tree_digest(staged).items() if name in clean}
    assert differing(clean, compiled) == []
    printed_diagrams_match_the_cache(rebuilds.root / "en-diagrams")
def test_a_clean_epub_build_matches_the_published_epubs(tmp_path: Path) -> None:
    """A clean build of both books gives the same bytes as `make epub` did."""
    result = subprocess.run(
        ["make", "--no-print-directory", "epub", f"BUILDDIR={tmp_path / 'build'}"],
        cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": str(source_epoch())})
    assert result.returncode == 0, result.stdout + result.stderr
    for lang in LANGS:
        name = f"five-layer-cake-{lang}.epub"
        assert (tmp_path / "build" / "epub" / name).read_bytes() == \
            (ROOT / "_build" / "epub" / name).read_bytes(), name
