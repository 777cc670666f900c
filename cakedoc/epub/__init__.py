"""The EPUB edition: one EPUB 3 per language, for phones and e-readers.

``make epub`` runs Sphinx's own ``epub`` builder with all of cakedoc, then
:mod:`cakedoc.epub.package` zips what it wrote into a reproducible
``_build/epub/five-layer-cake-<lang>.epub``.  This module sets what differs
per language (title, author, ``dc:language`` as BCP 47, identifier, the
cover from the social-card artwork) and keeps out of the book what only a
web site has: the language switch and download links, hreflang alternates.

The settings common to both languages are in ``conf.py`` ("Options for EPUB
output"); diagrams come out in their light scheme only (cakedoc.diagrams),
footnotes as EPUB notes (:mod:`.package`), the layer marker as on the site.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from cakedoc.dates import source_epoch
from cakedoc.languages import Language, language_of
from cakedoc.site import siteurl

CARDS = Path(__file__).resolve().parent.parent / "site" / "cards"
EPUB_DIR = "epub"  #: where the EPUBs sit in the published site, beside pdf/
DOWNLOAD_LABEL = {"zh": "下载 EPUB", "en": "Download EPUB"}
#: The navigation document's heading and the cover's name in the reader's
#: language; Sphinx 9.0.4's epub builder has them in English only
#: (``EpubBuilder.guide_titles``, a class attribute; checked by
#: tests/test_epub.py::test_package_document_names_the_book_in_its_language).
GUIDE_TITLES = {"zh": {"toc": "目录", "cover": "封面"},
                "en": {"toc": "Contents", "cover": "Cover"}}


def epub_name(language: Language) -> str:
    return f"five-layer-cake-{language.code}.epub"


def identifier(language: Language) -> str:
    """The book's identifier: the same for every edition of one language."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'five-layer-cake/epub/{language.code}')}"


def apply_epub_settings(app: Sphinx, config: Config) -> None:
    language = language_of(config)
    config.epub_basename = f"five-layer-cake-{language.code}"
    config.epub_title = language.title
    config.epub_author = language.author
    config.epub_publisher = language.author
    config.epub_contributor = language.author  # Sphinx warns when it is empty
    config.epub_description = language.subtitle
    config.epub_copyright = config.copyright
    # dc:language and the pages' xml:lang: BCP 47 ("zh-CN"), not Sphinx's "zh_CN".
    config.epub_language = language.bcp47
    config.epub_scheme = "uuid"
    config.epub_identifier = identifier(language)


def book_settings(app: Sphinx) -> None:
    """What only the epub builder gets: the social-card artwork of the
    language, copied into _static/ as the cover; a version (EPUB 3 wants
    one; the site and the PDF have none): the edition's date; and the
    navigation's words in the reader's language."""
    if app.builder.name != "epub":
        return
    app.config.html_static_path = [*app.config.html_static_path,
                                   str(CARDS / language_of(app.config).code)]
    app.config.version = time.strftime("%Y.%m.%d", time.gmtime(source_epoch()))
    app.config.release = app.config.version
    app.builder.guide_titles = GUIDE_TITLES[language_of(app.config).code]


def add_download_link(app: Sphinx, pagename: str, templatename: str,
                      context: dict[str, Any], doctree: Any) -> None:
    """On the site, every page offers its language's EPUB beside the PDF; in
    the book itself, no page links out to the site (no language switch, no
    downloads, no hreflang alternates: they would be missing resources)."""
    language = language_of(app.config)
    if app.builder.name == "epub":
        context["cake_counterpart_links"] = []
        context["cake_alternates"] = []
        context["cake_pdf"] = None
        context["cake_epub"] = None
        return
    if pagename == app.config.notfound_pagename:
        # Served at any URL: absolute, like its other links (cakedoc.site.notfound_page).
        up = siteurl.path_prefix(app.config.cake_site_baseurl)
    else:
        up = "../" * (pagename.count("/") + 1)
    context["cake_epub"] = {"href": f"{up}{EPUB_DIR}/{epub_name(language)}",
                            "label": DOWNLOAD_LABEL[language.code]}


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", apply_epub_settings)
    # Before Sphinx checks the EPUB settings (its own handler, priority 500).
    app.connect("builder-inited", book_settings, priority=400)
    # After cakedoc.counterpart, cakedoc.pdf.latex and cakedoc.site.notfound_page (600).
    app.connect("html-page-context", add_download_link, priority=700)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
