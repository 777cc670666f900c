"""Two clean builds give byte-identical output: the site, the PDFs, the EPUBs.

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
from pathlib import Path

from cakedoc.dates import source_epoch
from conftest import LANGS, ROOT

CACHE = ROOT / "_build" / ".cache" / "diagrams"


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_two_clean_builds_are_identical(tmp_path: Path) -> None:
    digests = []
    for run in ("a", "b"):
        builddir = tmp_path / run
        subprocess.run(
            ["make", "--no-print-directory", "html", f"BUILDDIR={builddir}"],
            cwd=ROOT, check=True, capture_output=True, text=True,
            env={**os.environ, "SOURCE_DATE_EPOCH": "1773100800"},
        )
        digests.append(tree_digest(builddir / "html"))
    assert digests[0].keys() == digests[1].keys()
    differing = [name for name in digests[0] if digests[0][name] != digests[1][name]]
    assert differing == []


def test_a_clean_pdf_build_matches_the_published_pdfs(tmp_path: Path) -> None:
    """A clean build, every diagram printed afresh by Chromium, gives the same
    bytes as `make pdf` did (make test runs it first)."""
    cache = tmp_path / "diagrams"
    result = subprocess.run(
        ["make", "--no-print-directory", "pdf", f"BUILDDIR={tmp_path / 'build'}"],
        cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": str(source_epoch()),
             "CAKE_DIAGRAM_CACHE": str(cache)})
    assert result.returncode == 0, result.stdout + result.stderr
    for lang in LANGS:
        name = f"five-layer-cake-{lang}.pdf"
        assert (tmp_path / "build" / "pdf" / name).read_bytes() == \
            (ROOT / "_build" / "pdf" / name).read_bytes(), name
    printed = sorted(cache.rglob("*.pdf"))
    assert printed, "no diagram was printed"
    for pdf in printed:
        assert b"/CreationDate" not in pdf.read_bytes(), pdf
        assert pdf.read_bytes() == (CACHE / pdf.relative_to(cache)).read_bytes(), pdf


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
