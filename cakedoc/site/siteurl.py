"""Where the site is deployed: one setting, ``BASE_URL``, and what follows from it.

``make html BASE_URL=https://example.org/cake/`` (or the environment variable)
is the root of the published ``_build/html``.  Canonical links, hreflang
alternates, social cards, the sitemap and the 404 pages' links are all built
from it, so no host is written anywhere else.  Empty (the default, for local
builds) means "not deployed": no absolute URL is written at all.

conf.py reads it once (:func:`checked`) into ``cake_site_baseurl`` and
derives each language's ``html_baseurl`` from it (:func:`language_base`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.errors import ConfigError


def normalize(raw: str) -> str:
    """``BASE_URL`` as every consumer wants it: empty, or an absolute http(s)
    URL ending in ``/``.  Raises ValueError saying what is wrong."""
    raw = raw.strip()
    if not raw:
        return ""
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"BASE_URL={raw!r} is not an absolute http(s) URL "
                         "(e.g. https://example.org/cake/); leave it empty for a local build")
    if parts.query or parts.fragment:
        raise ValueError(f"BASE_URL={raw!r} has a query or fragment; give the site's root only")
    return raw if raw.endswith("/") else raw + "/"


def path_prefix(base: str) -> str:
    """The site root as an absolute path on its host: ``/cake/`` for
    ``https://example.org/cake/``; ``/`` when no base is set, which assumes
    the site is served from the root of its host."""
    if not base:
        return "/"
    return urlsplit(base).path or "/"


def language_base(base: str, code: str) -> str:
    """A language's root URL (Sphinx's ``html_baseurl``); empty when no base."""
    return f"{base}{code}/" if base else ""


def checked(raw: str) -> str:
    """:func:`normalize` for conf.py: a bad ``BASE_URL`` stops the build with
    one line saying what is wrong (a ConfigError from conf.py is shown as is)."""
    try:
        return normalize(raw)
    except ValueError as error:
        raise ConfigError(f"cakedoc: {error} (set by `make html BASE_URL=…` or the "
                          "BASE_URL environment variable, read in conf.py)") from None


def site_root(app: Sphinx, pagename: str) -> str:
    """How *pagename* links to the site root (the folder above ``zh/`` and
    ``en/``): relative, so the site also works opened from disk — except on
    the 404 page, which a host serves at whatever URL was missing, so its
    links are absolute paths under ``BASE_URL``'s path."""
    if pagename == app.config.notfound_pagename:
        return path_prefix(app.config.cake_site_baseurl)
    return "../" * (pagename.count("/") + 1)


def setup(app: Sphinx) -> dict[str, Any]:
    # Site root URL for absolute alternates, canonicals, cards and sitemap.
    app.add_config_value("cake_site_baseurl", "", "html", types=[str])
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
