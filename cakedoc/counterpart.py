"""Every page one click from the same page in the other language.

The counterpart of ``docs/zh/x.md`` is ``docs/en/x.md``: found by rule, never
by a table.  This module

* fails the build (a warning, fatal under ``-W``) for a page whose
  counterpart source file does not exist, naming both files;
* gives each page a visible language link and ``<link rel="alternate"
  hreflang=…>`` tags for every language plus ``x-default``.

The alternates are absolute under ``BASE_URL`` (cakedoc.site.siteurl) when one is
set, as search engines require; the visible link stays relative, so the site
also works opened from disk (the ``make dist`` bundle) whatever the base.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError
from sphinx.util import logging

from cakedoc.glossary.stubs import is_generated
from cakedoc.languages import DEFAULT, LANGUAGES, Language, counterparts, language_of
from cakedoc.site.siteurl import site_root

logger = logging.getLogger(__name__)


def counterpart_source(app: Sphinx, docname: str, other: Language) -> Path:
    """Where the counterpart in *other* of this build's *docname* must be."""
    source = Path(app.env.doc2path(docname))
    relative = source.relative_to(app.srcdir)
    return Path(app.srcdir).parent / other.code / relative


def check_srcdir_layout(app: Sphinx) -> None:
    language = language_of(app.config)
    if Path(app.srcdir).name != language.code:
        raise ConfigError(
            f"cakedoc: the {language.name} build must read docs/{language.code}/, "
            f"not {app.srcdir}"
        )


def check_counterparts(app: Sphinx, env: BuildEnvironment, added: set[str],
                       changed: set[str], removed: set[str]) -> list[str]:
    """Runs on every build, on every page, not only on re-read ones: a
    counterpart deleted since the last build is caught too.  (Hence
    env-get-outdated: Sphinx skips env-check-consistency when no page of
    this language changed.)"""
    for docname in sorted(env.found_docs):
        if is_generated(docname):
            continue  # written alike in both languages (cakedoc.glossary.stubs)
        for other in counterparts(app.config):
            expected = counterpart_source(app, docname, other)
            if not expected.is_file():
                logger.warning(
                    "page has no %s counterpart: create %s (same path in docs/%s/)",
                    other.name, expected.relative_to(Path(app.srcdir).parent.parent),
                    other.code,
                    location=(docname, 1), type="cake", subtype="counterpart",
                )
    return []


def page_url(app: Sphinx, pagename: str, language: Language) -> str:
    """The URL of *pagename* in *language*: absolute under ``BASE_URL`` when
    one is set, else relative to the page being written."""
    suffix = app.builder.link_suffix
    base = app.config.cake_site_baseurl
    if base:
        return f"{base}{language.code}/{pagename}{suffix}"
    return f"{site_root(app, pagename)}{language.code}/{pagename}{suffix}"


def alternates(app: Sphinx, pagename: str) -> list[dict[str, str]]:
    """hreflang and URL of *pagename* in every language, plus ``x-default``
    (for the page's ``<link rel="alternate">`` tags and cakedoc.site.sitemap)."""
    links = [{"hreflang": lang.bcp47, "href": page_url(app, pagename, lang)}
             for lang in LANGUAGES.values()]
    default = LANGUAGES[DEFAULT]
    links.append({"hreflang": "x-default", "href": page_url(app, pagename, default)})
    return links


def add_language_links(app: Sphinx, pagename: str, templatename: str,
                       context: dict[str, Any], doctree: Any) -> None:
    this = language_of(app.config)
    # The 404 page is no page to index (no alternates), and its counterpart
    # is the other language's home page: the missing page is missing there too.
    not_found = pagename == app.config.notfound_pagename
    target = app.config.root_doc if not_found else pagename
    context["cake_counterpart_links"] = [
        {"href": f"{site_root(app, pagename)}{other.code}/{target}{app.builder.link_suffix}",
         "hreflang": other.bcp47, "name": other.name}
        for other in counterparts(app.config)
    ]
    context["cake_alternates"] = [] if not_found else alternates(app, pagename)
    context["cake_this_language"] = this


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", check_srcdir_layout)
    app.connect("env-get-outdated", check_counterparts)
    app.connect("html-page-context", add_language_links)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
