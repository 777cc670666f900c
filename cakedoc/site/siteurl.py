"""Where the site is deployed: one setting, ``BASE_URL``, and what follows from it.

``make html BASE_URL=https://example.org/cake/`` (or the environment variable)
is the root of the published ``_build/html``.  Canonical links, hreflang
alternates, social cards, the sitemap and the 404 pages' links are all built
from it, so no host is written anywhere else.  Empty (the default, for local
builds) means "not deployed": no absolute URL is written at all.

Each language is its own Sphinx build under ``<base>/<lang>/``, so Sphinx's
``html_baseurl`` is set per language here, in a ``config-inited`` handler
(a ``-D language`` override is not visible while ``conf.py`` runs).
"""

from __future__ import annotations

import sys
from typing import Any
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from cakedoc.languages import language_of


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


def apply_base_url(app: Sphinx, config: Config) -> None:
    try:
        config.cake_site_baseurl = normalize(config.cake_site_baseurl)
    except ValueError as error:
        raise ConfigError(f"cakedoc: {error} (set by `make html BASE_URL=…` or the "
                          "BASE_URL environment variable, read in conf.py)") from None
    # Sphinx writes <link rel="canonical"> from html_baseurl.
    config.html_baseurl = language_base(config.cake_site_baseurl, language_of(config).code)


def setup(app: Sphinx) -> dict[str, Any]:
    # Site root URL for absolute alternates, canonicals, cards and sitemap.
    app.add_config_value("cake_site_baseurl", "", "html", types=[str])
    # After cakedoc.languages (400), before the handlers that read the base.
    app.connect("config-inited", apply_base_url, priority=450)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


def main(argv: list[str]) -> int:
    """``python -m cakedoc.site.siteurl BASE_URL``: the Makefile's check before any
    build starts, so a mistyped base is one clear line, not a Sphinx crash report."""
    if len(argv) != 2:
        print("usage: python -m cakedoc.site.siteurl BASE_URL", file=sys.stderr)
        return 2
    try:
        normalize(argv[1])
    except ValueError as error:
        print(f"cakedoc.site.siteurl: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
