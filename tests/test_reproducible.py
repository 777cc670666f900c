"""A clean build gives the bytes `make test` published: the site, the PDFs
and the EPUBs.

`make test` has just built _build/html, _build/pdf and _build/epub (with
the last commit's SOURCE_DATE_EPOCH, which the Makefile exports to pytest);
the tests here build again from nothing, in a fresh BUILDDIR, and compare
with that instead of building twice:

* the site: `make html` in a copy of the project, built from nothing (the
  fault matrix's, tests/builtcopy.py), gives every file of the published
  site byte for byte (the PDFs in it are `make pdf`'s: below);
* the EPUBs: `make epub` into a fresh BUILDDIR gives both books byte for byte;
* the PDFs, in two steps.  The LaTeX sources and diagram prints of each
  language, built afresh, are byte for byte what `make pdf` compiled
  (_build/staging/latex/<lang>).  The compile step (latexrun: latexmk,
  xelatex, xdvipdfmx) is shown to give the same bytes from the same sources
  on a small zh site, compiled twice a clock second apart: so neither book
  is compiled a second time.

A clean build is `make clean` and a build: the diagram cache outlives
`make clean` (cakedoc/diagrams/cache.py), so the clean builds start from a
copy of it and draw nothing.  That the drawing itself is reproducible is
shown apart: the largest diagram of every kind, per builder and language, drawn afresh
in every variant (light, dark, printed) gives the bytes the cache holds.

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
import json
import os
import pickle
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from builtcopy import Prepared
from cakedoc.dates import source_epoch
from cakedoc.diagrams import Noted, cache, render_one, renderer
from conftest import LANGS, ROOT, SPHINX_LANGUAGE
from smallsite import build, copy_root

# Long (clean builds of the site, both books' LaTeX and both EPUBs; about 90 s
# on a quiet machine): `make test` starts it first (tests/xdist_groups.py),
# on the worker of the fault matrix, whose built copy is the clean site.
pytestmark = pytest.mark.long(seconds=90)

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


def drew_nothing(diagram_cache: Path, *builds: str) -> None:
    """Each of *builds* ("html-en", "latex-zh_CN", …) found every drawing of
    its diagrams in *diagram_cache* (the stats cakedoc.diagrams writes)."""
    for name in builds:
        stats = json.loads((diagram_cache / "stats" / f"{name}.json").read_text())
        assert stats["diagrams"] > 0 and stats["rendered"] == 0, (name, stats)


def strict_latex(lang: str, root: Path) -> list[str]:
    """The Makefile's Sphinx recipe (strict), for the LaTeX builder alone."""
    return [sys.executable, "-m", "sphinx", "-q", "-b", "latex", "-c", ".",
            "-d", str(root / f"{lang}-doctrees"), "-n", "-W", "--keep-going",
            "-D", f"language={SPHINX_LANGUAGE[lang]}", f"docs/{lang}", str(root / f"{lang}-latex")]


@pytest.fixture(scope="module")
def rebuilds(tmp_path_factory: pytest.TempPathFactory) -> Rebuilds:
    """The clean builds of the books, started together, each in its own
    fresh folder, all from one copy of the diagram cache `make` filled (read
    only by them), with the date `make test` built with (and its BASE_URL,
    inherited).  The clean site is the built copy's (tests/builtcopy.py)."""
    root = tmp_path_factory.mktemp("rebuilds")
    shutil.copytree(CACHE, root / "diagrams", ignore=shutil.ignore_patterns("stats"))
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(source_epoch()),
           "CAKE_DIAGRAM_CACHE": str(root / "diagrams")}
    make = ["make", "--no-print-directory"]
    commands = {
        "epub": make + ["epub", f"BUILDDIR={root / 'books'}"],
        **{f"{lang}-latex": strict_latex(lang, root) for lang in LANGS},
    }
    running = {name: subprocess.Popen(command, cwd=ROOT, env=env, text=True,
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
               for name, command in commands.items()}
    results = {}
    for name, process in running.items():
        output, _ = process.communicate(timeout=1200)
        results[name] = (process.returncode, output)
    return Rebuilds(root, results)


def test_a_clean_build_of_the_site_matches_the_published_one(site: Path, built_copy: Prepared) -> None:
    """`make html` in a copy of the project, elsewhere on disk, from nothing."""
    drew_nothing(built_copy.pristine / "_build" / ".cache" / "diagrams",
                 *(f"html-{SPHINX_LANGUAGE[lang]}" for lang in LANGS))
    # .buildinfo is Sphinx's stamp of the build: a hash of the configuration,
    # whose template and static folders are absolute paths, so it names
    # where the project is checked out; .buildinfo.bak is its copy, left by
    # an incremental build after a configuration change.  Bookkeeping, not
    # the site: the offline bundle leaves out every .buildinfo file.
    # pdf/ and epub/ are make pdf's and make epub's (the copy took the
    # published ones), compared below.
    def the_site(tree: dict[str, str]) -> dict[str, str]:
        return {name: digest for name, digest in tree.items()
                if not name.endswith(("/.buildinfo", "/.buildinfo.bak"))
                and not name.startswith(("pdf/", "epub/"))}

    clean = the_site(tree_digest(built_copy.pristine / "_build" / "html"))
    published = the_site(tree_digest(site))
    assert len(clean) > 50
    assert differing(clean, published) == []


@pytest.mark.parametrize("lang", LANGS)
def test_clean_latex_sources_match_what_make_pdf_compiled(rebuilds: Rebuilds, lang: str) -> None:
    staged = STAGED_LATEX / lang
    book = f"five-layer-cake-{lang}.tex"
    if not (staged / book).is_file():
        pytest.fail(f"{staged} holds no LaTeX: run `make pdf` (make test does)")
    rebuilds.ok(f"{lang}-latex")
    drew_nothing(rebuilds.root / "diagrams", f"latex-{SPHINX_LANGUAGE[lang]}")
    clean = tree_digest(rebuilds.root / f"{lang}-latex")
    assert book in clean and any(name.endswith(".pdf") for name in clean)
    compiled = {name: digest for name, digest in tree_digest(staged).items() if name in clean}
    assert differing(clean, compiled) == []


def test_a_clean_epub_build_matches_the_published_epubs(rebuilds: Rebuilds) -> None:
    """A clean build of both books gives the same bytes as `make epub` did."""
    rebuilds.ok("epub")
    drew_nothing(rebuilds.root / "diagrams", *(f"epub-{SPHINX_LANGUAGE[lang]}" for lang in LANGS))
    for lang in LANGS:
        name = f"five-layer-cake-{lang}.epub"
        assert (rebuilds.root / "books" / "epub" / name).read_bytes() == \
            (ROOT / "_build" / "epub" / name).read_bytes(), name


def diagrams_of_every_kind() -> list[Noted]:
    """For `make html` and for `make pdf`, per language, the largest diagram
    of each kind (the first word of its source: flowchart, sequenceDiagram,
    …), from their build environments."""
    largest: dict[tuple[str, str, str], Noted] = {}
    for builder in ("html", "latex"):
        for lang in LANGS:
            environment = ROOT / "_build" / "doctrees" / f"{builder}-{lang}" / "environment.pickle"
            assert environment.is_file(), f"{environment}: run `make html pdf` (make test does)"
            noted = [note for notes in pickle.loads(environment.read_bytes()).cake_diagrams.values()
                     for note in notes]
            for note in noted:
                kind = (builder, lang, note.source.split(maxsplit=1)[0])
                if kind not in largest or len(note.source) > len(largest[kind].source):
                    largest[kind] = note
    return list({note.source: note for _, note in sorted(largest.items())}.values())


def test_every_kind_of_diagram_draws_to_the_same_bytes_again(browser: object, tmp_path: Path) -> None:
    """The drawing the clean builds above take from the cache: drawn again
    in a fresh cache, in every variant the cache holds it in, the same bytes
    (and a printed diagram carries no clock date)."""
    version = renderer.mermaid_version()
    made, fresh = cache.Store(CACHE), cache.Store(tmp_path)
    drawn = []
    with renderer.session_in(browser) as session:
        for note in diagrams_of_every_kind():
            for variant in cache.SUFFIX:
                digest = cache.key(note.source, variant, version)
                if made.has(digest, variant):
                    render_one(session, fresh, note, digest, variant)
                    drawn.append((note.docname, variant, fresh.path(digest, variant)))
                    assert fresh.path(digest, variant).read_bytes() == \
                        made.path(digest, variant).read_bytes(), (note.docname, note.line, variant)
    assert {variant for _, variant, _ in drawn} == set(cache.SUFFIX), drawn
    for _, variant, path in drawn:
        if variant == "pdf":
            assert b"/CreationDate" not in path.read_bytes(), path


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
