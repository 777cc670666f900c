"""The EPUB edition: one EPUB 3 per language, for phones and e-readers.

``make epub`` runs Sphinx's own ``epub`` builder with all of cakedoc, then
:mod:`cakedoc.epub.package` zips what it wrote into a reproducible
``_build/epub/five-layer-cake-<lang>.epub``.  This module gives conf.py what
differs per language (:func:`settings`: title, author, ``dc:language`` as
BCP 47, identifier; the cover is the social card, in every build's
``_static/``) and keeps out of the book what only a web site has: the
language switch and download links, hreflang alternates.

The settings common to both languages are in ``conf.py`` ("Options for EPUB
output"); diagrams come out in their light scheme only (cakedoc.diagrams),
footnotes as EPUB notes (:mod:`.package`), the layer marker as on the site.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from sphinx.application import Sphinx

from cakedoc.dates import source_epoch
from cakedoc.languages import Language, language_of
from cakedoc.messages import _
from cakedoc.site.siteurl import site_root

EPUB_DIR = "epub"  #: where the EPUBs sit in the published site, beside pdf/
#: The navigation document's heading and the cover's name, translated (the
#: catalog); Sphinx 9.0.4's epub builder has them in English only
#: (``EpubBuilder.guide_titles``, an undocumented class attribute; checked by
#: tests/test_epub.py::test_package_document_names_the_book_in_its_language).
GUIDE_TITLES = {"toc": "Contents", "cover": "Cover"}


def epub_name(language: Language) -> str:
    return f"five-layer-cake-{language.code}.epub"


def identifier(language: Language) -> str:
    """The book's identifier: the same for every edition of one language."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'five-layer-cake/epub/{language.code}')}"


def settings(language: Language) -> dict[str, Any]:
    """The EPUB settings that differ between the languages (read by conf.py)."""
    return {
        "epub_basename": f"five-layer-cake-{language.code}",
        "epub_title": language.title,
        "epub_author": language.author,
        "epub_publisher": language.author,
        "epub_contributor": language.author,  # Sphinx warns when it is empty
        "epub_description": language.subtitle,
        "epub_copyright": f"%Y, {language.author}",
        # dc:language and the pages' xml:lang: BCP 47 ("zh-CN"), not Sphinx's "zh_CN".
        "epub_language": language.bcp47,
        "epub_scheme": "uuid",
        "epub_identifier": identifier(language),
    }


def book_settings(app: Sphinx) -> None:
    """What only the epub builder gets: a version (EPUB 3 wants one; the
    site and the PDF have none): the edition's date; and the navigation's
    words in the reader's language."""
    if app.builder.name != "epub":
        return
    app.config.version = time.strftime("%Y.%m.%d", time.gmtime(source_epoch()))
    app.config.release = app.config.version
    app.builder.guide_titles = {key: str(_(title)) for key, title in GUIDE_TITLES.items()}


def add_download_link(app: Sphinx, pagename: str, templatename: str,
                      context: dict[str, Any], doctree: Any) -> None:
    """On the site, every page offers its language's EPUB beside the PDF.  In
    the book itself no page links out to the site: this handler, the PDF's
    and the language links' all leave the book alone (they would be
    missing resources)."""
    if app.builder.name == "epub":
        return
    language = language_of(app.config)
    context["cake_epub"] = {"href": f"{site_root(app, pagename)}{EPUB_DIR}/{epub_name(language)}",
                            "label": _("Download EPUB")}


def setup(app: Sphinx) -> dict[str, Any]:
    # Before Sphinx checks the EPUB settings (its own handler, priority 500).
    app.connect("builder-inited", book_settings, priority=400)
    app.connect("html-page-context", add_download_link)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
