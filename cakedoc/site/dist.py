"""The offline bundle: the published site as one reproducible zip, with its checksum.

    python -m cakedoc.site dist BUILDDIR      (make dist)

Writes ``OUTDIR/five-layer-cake.zip``, every file of SITE (both languages,
the PDFs and EPUBs, the landing page) under one folder ``five-layer-cake/``, whose
``index.html`` opens from disk; and ``OUTDIR/SHA256SUMS`` for
``sha256sum -c``.  ``make dist`` runs it on ``_build/html`` after html, pdf and epub.

Reproducible: entries sorted by path, every timestamp ``SOURCE_DATE_EPOCH``,
fixed permissions and compression, so the same site gives the same bytes.

Nothing machine-specific goes in: Sphinx's ``.buildinfo`` files and their
``.bak`` copies (a config hash for incremental rebuilds, of no use to a
reader) are left out; build
logs never reach the site (latexmk's stay in the staging tree); and a site
with a file that contains the project's absolute path is refused, naming it.
"""

from __future__ import annotations

import hashlib
import os
import time
import zipfile
from pathlib import Path

from cakedoc.dates import ROOT
from cakedoc.languages import LANGUAGES
from cakedoc.epub import EPUB_DIR, epub_name
from cakedoc.pdf.latex import PDF_DIR, pdf_name

NAME = "five-layer-cake"
ZIP_NAME = f"{NAME}.zip"
SUMS_NAME = "SHA256SUMS"
#: Left out of the bundle: bookkeeping and logs, not reading matter.
EXCLUDED_PREFIXES = (".buildinfo",)
EXCLUDED_SUFFIXES = (".log",)
#: Zip timestamps start in 1980.
ZIP_EPOCH_MIN = (1980, 1, 1, 0, 0, 0)


class DistError(Exception):
    """The bundle cannot be made; the message names the file and the fix."""


def site_files(site: Path) -> list[Path]:
    """Every file of the site that goes into the bundle, sorted by path."""
    files = [path for path in site.rglob("*") if path.is_file()
             and not path.name.startswith(EXCLUDED_PREFIXES)
             and not path.name.endswith(EXCLUDED_SUFFIXES)]
    return sorted(files, key=lambda path: path.relative_to(site).as_posix())


def check_complete(site: Path) -> None:
    required = [site / "index.html"]
    required += [site / lang.code / "index.html" for lang in LANGUAGES.values()]
    for path in required:
        if not path.is_file():
            raise DistError(f"{path}: missing; run `make html` first")
    for lang in LANGUAGES.values():
        path = site / PDF_DIR / pdf_name(lang)
        if not path.is_file():
            raise DistError(f"{path}: missing; run `make pdf` first (make dist does)")
        path = site / EPUB_DIR / epub_name(lang)
        if not path.is_file():
            raise DistError(f"{path}: missing; run `make epub` first (make dist does)")


def check_nothing_machine_specific(site: Path, files: list[Path]) -> None:
    """A reader's copy must not carry where it was built."""
    local = {os.fsencode(ROOT), os.fsencode(site.resolve())}
    for path in files:
        data = path.read_bytes()
        for marker in local:
            if marker in data:
                line = data[:data.index(marker)].count(b"\n") + 1
                raise DistError(f"{path}:{line}: contains the build machine's path "
                                f"{os.fsdecode(marker)}")


def zip_time(epoch: int) -> tuple[int, int, int, int, int, int]:
    """*epoch* as a zip entry's date: UTC, seconds rounded down to even (zip
    stores two-second steps), never before 1980."""
    year, month, day, hour, minute, second = time.gmtime(epoch)[:6]
    return max((year, month, day, hour, minute, second - second % 2), ZIP_EPOCH_MIN)


def write_zip(site: Path, target: Path, epoch: int) -> None:
    files = site_files(site)
    check_nothing_machine_specific(site, files)
    stamp = zip_time(epoch)
    partial = target.with_name(target.name + ".part")
    with zipfile.ZipFile(partial, "w") as bundle:
        for path in files:
            add_entry(bundle, f"{NAME}/{path.relative_to(site).as_posix()}", path.read_bytes(), stamp)
    partial.replace(target)


def add_entry(bundle: zipfile.ZipFile, name: str, data: bytes,
              stamp: tuple[int, int, int, int, int, int], *, stored: bool = False) -> None:
    """One entry whose bytes depend on nothing but *name*, *data* and *stamp*
    (also used for the EPUBs, cakedoc.epub.package)."""
    entry = zipfile.ZipInfo(name, stamp)
    entry.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    entry.create_system = 3  # Unix, so the permission bits below are honoured
    entry.external_attr = 0o644 << 16
    bundle.writestr(entry, data, compresslevel=None if stored else 9)


def sha256(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def make_dist(site: Path, outdir: Path, epoch: int) -> Path:
    check_complete(site)
    outdir.mkdir(parents=True, exist_ok=True)
    bundle = outdir / ZIP_NAME
    write_zip(site, bundle, epoch)
    (outdir / SUMS_NAME).write_text(f"{sha256(bundle)}  {ZIP_NAME}\n", encoding="utf-8")
    return bundle
