"""Zip what Sphinx's epub builder wrote into a valid, reproducible EPUB 3.

    python -m cakedoc.epub.package BOOKDIR OUTPUT.epub

BOOKDIR is the epub builder's output folder.  The book holds exactly what
its package document (``content.opf``) lists, in its order, after the
``mimetype`` entry (stored, first, as OCF requires); every entry is dated
``SOURCE_DATE_EPOCH`` with fixed permissions, so the same sources give the
same bytes.  OUTPUT is replaced only when the new book is complete: a
failure leaves the last good one.

On the way it mends what Sphinx 9.0.4's epub builder leaves short of the
standard — each fix is checked by EPUBCheck in tests/test_epub.py
(test_epubcheck_finds_nothing) and would be reported there if Sphinx
changed its output:

- pages get ``lang`` and ``xml:lang`` (Sphinx's epub theme writes neither);
- footnote references and footnotes become EPUB notes (``epub:type``
  ``noteref`` / ``footnote``), so reading apps show a note in a pop-up;
- pages with inline SVG get ``properties="svg"`` in the manifest (OPF-014),
  and the cover image ``properties="cover-image"`` (EPUB 3's way to name
  it; Sphinx writes only EPUB 2's ``<meta name="cover">``, which stays);
- SVG ``<rect>`` elements without ``width``/``height`` (Mermaid writes
  some for empty label backgrounds) get zero ones, which SVG 1.1 requires;
- ``toc.ncx`` names the book by its identifier, not by the identifier's
  XML id (NCX-001).
"""

from __future__ import annotations

import os
import re
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from cakedoc.dates import source_epoch
from cakedoc.site.dist import add_entry, zip_time

OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
#: Written first and in this order; then the manifest's files.
HEAD = ("META-INF/container.xml", "content.opf", "toc.ncx")


class PackageError(Exception):
    """The book cannot be made; the message names the file."""


def manifest(bookdir: Path) -> tuple[list[str], str, str]:
    """The files the package document lists, its identifier and its language."""
    opf = bookdir / "content.opf"
    if not opf.is_file():
        raise PackageError(f"{opf}: missing; the epub builder did not finish")
    root = ET.parse(opf).getroot()
    hrefs = [item.get("href") for item in root.iter(f"{{{OPF}}}item")]
    identifier = root.findtext(f".//{{{DC}}}identifier") or ""
    language = root.findtext(f".//{{{DC}}}language") or ""
    for href in hrefs:
        if not (bookdir / href).is_file():
            raise PackageError(f"{opf}: lists {href}, which is not in {bookdir}")
    return hrefs, identifier, language


HTML_TAG = re.compile(r"<html\b[^>]*>")
RECT = re.compile(r"<rect\b(?![^>]*\bwidth=)([^>]*?)(/?)>")


def mend_page(text: str, language: str) -> str:
    """One XHTML page: its language, its notes and its SVG rects."""
    tag = HTML_TAG.search(text)
    if tag and "xml:lang=" not in tag.group(0):
        opened = tag.group(0)[:-1] + f' lang="{language}" xml:lang="{language}">'
        text = text[:tag.start()] + opened + text[tag.end():]
    text = text.replace('role="doc-noteref"', 'role="doc-noteref" epub:type="noteref"')
    text = text.replace('role="doc-footnote"', 'role="doc-footnote" epub:type="footnote"')
    return RECT.sub(lambda m: f'<rect width="0" height="0"{m.group(1)}{m.group(2)}>', text)


def mend_opf(text: str, svg_pages: set[str]) -> str:
    cover = re.search(r'<meta name="cover" content="([^"]+)"', text)
    cover_id = cover.group(1) if cover else None

    def add_properties(match: re.Match[str]) -> str:
        item = match.group(0)
        href = re.search(r'href="([^"]+)"', item).group(1)
        ident = re.search(r'id="([^"]+)"', item).group(1)
        if "properties=" in item:
            return item
        if href in svg_pages:
            item = item.replace("<item ", '<item properties="svg" ', 1)
        elif ident == cover_id:
            item = item.replace("<item ", '<item properties="cover-image" ', 1)
        return item
    return re.sub(r"<item\b[^>]*>", add_properties, text)


def mend_ncx(text: str, identifier: str) -> str:
    return re.sub(r'(<meta name="dtb:uid" content=")[^"]*(")', rf"\g<1>{identifier}\g<2>", text)


def contents(bookdir: Path) -> list[tuple[str, bytes]]:
    """Every entry of the book after ``mimetype``, mended, in order."""
    hrefs, identifier, language = manifest(bookdir)
    pages: dict[str, str] = {}
    for href in hrefs:
        if href.endswith(".xhtml"):
            pages[href] = mend_page((bookdir / href).read_text(encoding="utf-8"), language)
    svg_pages = {href for href, text in pages.items() if "<svg" in text}
    entries = []
    for name in HEAD:
        text = (bookdir / name).read_text(encoding="utf-8")
        if name == "content.opf":
            text = mend_opf(text, svg_pages)
        elif name == "toc.ncx":
            text = mend_ncx(text, identifier)
        entries.append((name, text.encode("utf-8")))
    for href in hrefs:
        if href in HEAD:
            continue
        data = pages[href].encode("utf-8") if href in pages else (bookdir / href).read_bytes()
        entries.append((href, data))
    return entries


def package(bookdir: Path, output: Path, epoch: int) -> None:
    entries = contents(bookdir)
    stamp = zip_time(epoch)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".part")
    with zipfile.ZipFile(partial, "w") as book:
        add_entry(book, "mimetype", b"application/epub+zip", stamp, stored=True)
        for name, data in entries:
            add_entry(book, name, data, stamp)
    os.replace(partial, output)


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: python -m cakedoc.epub.package BOOKDIR OUTPUT.epub", file=sys.stderr)
        return 2
    try:
        package(Path(argv[1]), Path(argv[2]), source_epoch())
    except (PackageError, ET.ParseError, OSError) as error:
        print(f"make epub: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
