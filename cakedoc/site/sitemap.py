"""Each language's sitemap.xml: every page, with its hreflang alternates.

Written at the end of every HTML build from the environment's full list of
documents, with ``<xhtml:link rel="alternate" hreflang=…>`` for each language
and ``x-default`` (the same URLs as the pages' own alternates, from
cakedoc.counterpart).  ``python -m cakedoc.site.root_files`` merges the languages
into the site root's sitemap.xml.

Why not sphinx-sitemap (2.9.0): it lists only the pages written in the current
run, so an incremental rebuild (our staging tree is incremental) drops every
unchanged page (jdillard/sphinx-sitemap#13); its URLs and alternates use
Sphinx's language code (``zh_CN/``) where our folders are ``zh/``, with no
``x-default``; and without a base URL it warns, which fails our ``-W`` builds.

Sitemap URLs must be absolute, so with no ``BASE_URL`` no sitemap is written
(and a stale one from an earlier deployed build is removed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from sphinx.application import Sphinx

from cakedoc.counterpart import alternates, page_url
from cakedoc.languages import language_of

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
FILENAME = "sitemap.xml"

ElementTree.register_namespace("", SITEMAP_NS)
ElementTree.register_namespace("xhtml", XHTML_NS)


def write(urlset: ElementTree.Element, path: Path) -> None:
    """Write a sitemap with its entries sorted by URL, so output is stable."""
    urlset[:] = sorted(urlset, key=lambda url: url.findtext(f"{{{SITEMAP_NS}}}loc") or "")
    ElementTree.indent(urlset)
    ElementTree.ElementTree(urlset).write(path, xml_declaration=True, encoding="utf-8")


def build_urlset(app: Sphinx) -> ElementTree.Element:
    urlset = ElementTree.Element(f"{{{SITEMAP_NS}}}urlset")
    this = language_of(app.config)
    for docname in sorted(app.env.found_docs):
        url = ElementTree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ElementTree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = page_url(app, docname, this)
        for alternate in alternates(app, docname):
            ElementTree.SubElement(url, f"{{{XHTML_NS}}}link", rel="alternate",
                                   hreflang=alternate["hreflang"], href=alternate["href"])
    return urlset


def write_sitemap(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    path = Path(app.outdir) / FILENAME
    if not app.config.cake_site_baseurl:
        path.unlink(missing_ok=True)
        return
    write(build_urlset(app), path)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("build-finished", write_sitemap)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
