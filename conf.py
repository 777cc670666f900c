"""Sphinx configuration of the bilingual guide "AI is a five-layer cake".

The one configuration for both languages.  Build one language at a time:

    sphinx-build -c . docs/zh _build/html/zh -D language=zh_CN
    sphinx-build -c . docs/en _build/html/en -D language=en

(the Makefile does this).  A ``-D language=…`` override is not visible while
this file runs, so every per-language setting lives in
``cakedoc/languages.py`` (a ``config-inited`` handler).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))  # the local extension package, cakedoc

# -- Project information -----------------------------------------------------

project = "AI 五层蛋糕 · The Five-Layer Cake"  # replaced per language
author = "The Five-Layer Cake authors"  # replaced per language
copyright = "2026, The Five-Layer Cake authors"  # replaced per language
language = "zh_CN"  # the source language; `-D language=en` for English

# Keep in sync with pyproject.toml (Sphinx 9.1+ needs Python 3.12).
needs_sphinx = "9.0"

# -- General configuration ---------------------------------------------------

extensions = [
    # Sphinx's own
    "sphinx.ext.doctest",
    # external
    "myst_parser",
    "sphinxcontrib.mermaid",
    # (loaded and set up per language by cakedoc: sphinx-notfound-page by
    # cakedoc.site.notfound_page, sphinxext-opengraph by cakedoc.site.social)
    # ours: one module per concern, see cakedoc/__init__.py
    "cakedoc",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
templates_path = [str(ROOT / "cakedoc" / "templates")]
exclude_patterns = ["**/README.md"]
# UI strings furo lacks in Chinese.  Absolute: a relative path would resolve
# against the source dir and fail silently; set here, not per language,
# because Sphinx loads catalogs before config-inited handlers run.
locale_dirs = [str(ROOT / "cakedoc" / "locale")]
nitpicky = True
show_warning_types = True
# The language the guide is written in (zh; en is the translation).  The
# Makefile's SOURCE_LANGUAGE sets it for Sphinx and for `make review` alike.
cake_source_language = os.environ.get("SOURCE_LANGUAGE", "zh")
# Readers whose language is neither get English (hreflang x-default).
cake_default_language = "en"
# One file per term, both languages (see glossary/README.md).
cake_glossary_dir = str(ROOT / "glossary")
# Rendered diagrams, kept across `make clean`, each named by a hash of what
# decides it (cakedoc/diagrams/cache.py: source, config, mermaid version,
# the renderer's code, variant).
cake_diagram_cache = os.environ.get("CAKE_DIAGRAM_CACHE", str(ROOT / "_build" / ".cache" / "diagrams"))
# Absolute URLs only where the site is deployed: `make html BASE_URL=…`
# (checked and given a trailing slash by cakedoc.site.siteurl).
cake_site_baseurl = os.environ.get("BASE_URL", "")

# -- MyST ----------------------------------------------------------------------

myst_enable_extensions = ["colon_fence", "deflist", "attrs_inline"]
myst_heading_anchors = 3
# A bare ```mermaid fence renders like the {mermaid} directive.
myst_fence_as_directive = ["mermaid"]

# -- Options for HTML output -------------------------------------------------

html_theme = "furo"
html_static_path = [str(ROOT / "cakedoc" / "static")]
html_css_files = ["cake.css"]
html_copy_source = False  # the .md sources are for authors, not readers
html_show_sourcelink = False
# furo's credit line hard-codes "@pradyunsg's" in English; keep the zh footer Chinese.
html_show_sphinx = False
html_last_updated_fmt = None  # a wall-clock date would break reproducibility
# No genindex.html: nothing a reader sees links to it (only <link rel=index>),
# and the glossary page is the index of terms, in pinyin order for zh, where
# Sphinx's index makes one group per first character.  The PDF keeps its index.
html_use_index = False
html_theme_options = {
    "top_of_page_buttons": [],
    "navigation_with_keys": True,
}

# -- Options for EPUB output -------------------------------------------------
# `make epub`: _build/epub/five-layer-cake-{zh,en}.epub (EPUB 3, one per
# language).  Title, author, language, identifier and cover differ per
# language and are set by cakedoc.epub; these are the same for both.

epub_theme = "epub"
epub_cover = ("_static/social-card.png", "epub-cover.html")
epub_tocdepth = 2
epub_tocdup = False
# The home page's toctree is hidden (furo shows it in the sidebar); the
# book's navigation must list it all the same.
epub_tocscope = "includehidden"
epub_use_index = False  # as on the site: the glossary is the index of terms
epub_show_urls = "no"  # links stay links; footnotes already cite the sources
epub_css_files = ["cake-book.css"]
# The site's stylesheet (furo's, with CSS the EPUB readers do not parse) and
# the search images the book has no use for (file.png stays: epub.css uses it).
epub_exclude_files = ["_static/cake.css", "_static/minus.png", "_static/plus.png"]
