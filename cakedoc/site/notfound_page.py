"""A 404 page per language, styled like the site, whose links work from any depth.

sphinx-notfound-page writes ``<lang>/404.html`` with furo's page template and
makes its theme links absolute paths (``/<lang>/_static/…``), because a host
serves that page at whatever URL was missing.  This module

* gives conf.py its settings per language (:func:`settings`): its text in
  the page's language, and its URL prefix from ``BASE_URL``'s path
  (``/cake/zh/``; ``/zh/`` with no base, which assumes the site is served
  from the root of its host);
* marks the page ``noindex`` with no canonical link: a 404 is no page to index.

Our own links on that page (the language switch, which leads to the other
language's home page, and the PDF download) are absolute paths too: they
are built from :func:`cakedoc.site.siteurl.site_root`, which knows the 404
page, by the modules that make them.

The site root's 404 page, offering both languages, is written by
cakedoc.site.root_files from the same texts.
"""

from __future__ import annotations

import html
from typing import Any

from sphinx.application import Sphinx

from cakedoc.site import siteurl
from cakedoc.languages import Language
from cakedoc.messages import gettext

#: What a reader who followed a dead link is told (cakedoc.po has the Chinese).
MESSAGES = {
    "title": "Page not found",
    "lead": "The page you were looking for does not exist; it may have been renamed or moved.",
    "home": "Go to the home page",
    "glossary": "Browse the glossary",
    "search": "Or use the search box.",
}
NOINDEX = '<meta name="robots" content="noindex">\n'


def texts(language: Language) -> dict[str, str]:
    """MESSAGES in *language*.  Explicitly, not with ``_``: conf.py and the
    root 404 page need every language's, not the build's."""
    return {key: gettext(message, language.sphinx) for key, message in MESSAGES.items()}


def body(language: Language, prefix: str) -> str:
    """The page's content, with links as absolute paths under *prefix*."""
    text = {key: html.escape(value) for key, value in texts(language).items()}
    root = f"{prefix}{language.code}/"
    return (f"<h1>{text['title']}</h1>\n<p>{text['lead']}</p>\n<ul>\n"
            f'<li><a href="{root}index.html">{text["home"]}</a></li>\n'
            f'<li><a href="{root}glossary.html">{text["glossary"]}</a></li>\n'
            f"</ul>\n<p>{text['search']}</p>\n")


def settings(language: Language, base: str) -> dict[str, Any]:
    """sphinx-notfound-page's settings for *language*'s build (read by conf.py)."""
    prefix = siteurl.path_prefix(base)
    return {"notfound_urls_prefix": f"{prefix}{language.code}/",
            "notfound_context": {"title": texts(language)["title"],
                                 "body": body(language, prefix)}}


def noindex(app: Sphinx, pagename: str, templatename: str,
            context: dict[str, Any], doctree: Any) -> None:
    if pagename != app.config.notfound_pagename:
        return
    context["pageurl"] = None  # no canonical URL: it is served at any URL
    context["metatags"] = context.get("metatags", "") + NOINDEX


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("notfound.extension")
    app.connect("html-page-context", noindex)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
