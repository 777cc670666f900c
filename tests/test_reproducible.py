"""A clean build gives the bytes `make test` published: the site, the PDFs
and the EPUBs.

`make test` has just built _build/html, _build/pdf and _build/epub (with
the last commit's SOURCE_DATE_EPOCH, which the Makefile exports to pytest);
each test here builds again from nothing, in a fresh BUILDDIR, and compares
with that instead of building twice:

* the site: `make html` into a fresh BUILDDIR gives every file of the
  published site byte for byte (the PDFs in it are `make pdf`'s: below);
* the PDFs, in two steps.  The LaTeX sources and diagram prints of each
  language, built afresh (every diagram printed again by Chromium), are
  byte for byte what `make pdf` compiled (_build/staging/latex/<lang>).
  The compile step (latexrun: latexmk, xelatex, xdvipdfmx) is shown to
  give the same bytes from the same sources on a small zh site, compiled
  twice a clock second apart: so neither book is compiled a second time.

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
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from cakedoc.dates import source_epoch
from conftest import LANGS, ROOT, SPHINX_LANGUAGE
from smallsite import build, copy_root

# Long (clean builds of the site and of both books' LaTeX; about 150 s on a quiet
# machine): `make test` starts it first (tests/xdist_groups.py).
pytestmark = pytest.mark.long(seconds=150)

CACHE = ROOT / "_build" / ".cache" / "diagrams"
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


def strict_latex(lang: str, root: Path) -> list[str]:
    """The Makefile's Sphinx recipe (strict), for the LaTeX builder alone."""
    return [sys.executable, "-m", "sphinx", "-q", "-b", "latex", "-c", ".",
            "-d", str(root / f"{lang}-doctrees"), "-n", "-W", "--keep-going",
            "-D", f"language={SPHINX_LANGUAGE[lang]}", f"docs/{lang}", str(root / f"{lang}-latex")]


@pytest.fixture(scope="module")
def rebuilds(tmp_path_factory: pytest.TempPathFactory) -> Rebuilds:
    """The clean builds, started together (on two cores one's Chromium
    overlaps another's Sphinx), each in its own fresh folder and diagram
    cache, with the date `make test` built with (and its BASE_URL, inherited)."""
    root = tmp_path_factory.mktemp("rebuilds")
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(source_epoch())}
    commands = {
        "site": (["make", "--no-print-directory", "html", f"BUILDDIR={root / 'site'}"], {}),
        **{f"{lang}-latex": (strict_latex(lang, root),
                             {"CAKE_DIAGRAM_CACHE": str(root / f"{lang}-diagrams")})
           for lang in LANGS},
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


@pytest.mark.parametrize("lang", LANGS)
def test_clean_latex_sources_match_what_make_pdf_compiled(rebuilds: Rebuilds, lang: str) -> None:
    staged = STAGED_LATEX / lang
    book = f"five-layer-cake-{lang}.tex"
    if not (staged / book).is_file():
        pytest.fail(f"{staged} holds no LaTeX: run `make pdf` (make test does)")
    rebuilds.ok(f"{lang}-latex")
    clean = tree_digest(rebuilds.root / f"{lang}-latex")
    assert book in clean and any(name.endswith(".pdf") for name in clean)
    compiled = {name: digest for name, digest in tree_digest(staged).items() if name in clean}
    assert differing(clean, compiled) == []
    printed_diagrams_match_the_cache(rebuilds.root / f"{lang}-diagrams")


def test_the_compile_step_gives_the_same_pdf_a_second_later(make_app, tmp_path: Path) -> None:
    """The LaTeX of a small zh site (the CJK fonts, the book's preamble),
    compiled twice by latexrun as `make pdf` runs it, a clock second apart:
    the same bytes, dated by SOURCE_DATE_EPOCH and not by the clock."""
    project = copy_root(tmp_path)
    built = build(make_app, project, "zh", builder="latex")
    assert built.statuscode == 0, built.warnings
    epoch = source_epoch()
    pdfs = []
    for attempt in ("first", "second"):
        latexdir = tmp_path / attempt
        shutil.copytree(built.outdir, latexdir)
        pdf = tmp_path / f"{attempt}.pdf"
        result = subprocess.run([sys.executable, "-m", "cakedoc.pdf.latexrun", str(latexdir), str(pdf)],
                                cwd=ROOT, capture_output=True, text=True, timeout=600,
                                env={**os.environ, "SOURCE_DATE_EPOCH": str(epoch)})
        assert result.returncode == 0, result.stdout + result.stderr
        pdfs.append(pdf.read_bytes())
        time.sleep(1.1)  # PDF dates count seconds: a clock date would differ
    assert len(pdfs[0]) > 1000 and pdfs[0] == pdfs[1]
    created = PdfReader(tmp_path / "first.pdf").metadata["/CreationDate"]
    assert created.startswith("D:" + time.strftime("%Y%m%d%H%M%S", time.gmtime(epoch))), created


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
