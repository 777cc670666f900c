"""Sphinx configuration of the bilingual guide "AI is a five-layer cake".

The one configuration for both languages, and the one place to read the
build: every setting is here, including those that differ per language.
Build one language at a time (the Makefile does this):

    sphinx-build -c . docs/zh _build/html/zh -D language=zh_CN
    sphinx-build -c . docs/en _build/html/en -D language=en

Sphinx applies ``-D language=…`` only after this file has run, so a value
that differs between the languages cannot be chosen here with an ``if``.
Those values are the table ``cake_language_settings`` below, one row per
language; cakedoc.languages copies the build's row into the configuration
when the build starts (``config-inited``) — the only place cakedoc sets a
configuration value.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))  # the local extension package, cakedoc

from cakedoc import languages  # noqa: E402  (the languages' names and titles)
from cakedoc import myst_settings  # noqa: E402  (how Markdown is parsed; shared with the review)
from cakedoc import epub  # noqa: E402
from cakedoc.pdf import latex as pdf_latex  # noqa: E402
from cakedoc.site import cards, notfound_page, siteurl, social  # noqa: E402

# -- Project information -----------------------------------------------------

# project, author and copyright differ per language: see the table below.
language = "zh_CN"  # the source language; `-D language=en` for English

# Keep in sync with pyproject.toml (Sphinx 9.1+ needs Python 3.12).
needs_sphinx = "9.0"

# -- General configuration ---------------------------------------------------

extensions = [
    # Sphinx's own
    "sphinx.ext.doctest",
    # external
    "myst_parser",
    "sphinxcontrib.mermaid",  # its {mermaid} directive; cakedoc.diagrams draws
    # (and sphinx-notfound-page, loaded by cakedoc.site.notfound_page, which
    # configures it)
    # ours, one sub-package per concern (cakedoc/__init__.py says what each does)
    "cakedoc.build.codeversion",  # env_version: any edit to cakedoc rebuilds all
    "cakedoc.messages",  # our UI strings' catalog (cakedoc/locale/*/cakedoc.po)
    "cakedoc.build.recovery",
    "cakedoc.build.prune",
    "cakedoc.build.envsave",  # keeps the search index entries (sphinx#12599)
    "cakedoc.build.heap",  # the garbage collector leaves the loaded environment alone
    "cakedoc.languages",
    "cakedoc.site.siteurl",
    "cakedoc.source.encoding",
    "cakedoc.source.safety",
    "cakedoc.source.remote",  # nothing loaded from another host
    "cakedoc.counterpart",
    "cakedoc.anchors",
    "cakedoc.tables",
    "cakedoc.search.zh",
    "cakedoc.search.stats",  # searchstats.js: what the search page ranks with
    "cakedoc.search.index",
    "cakedoc.diagrams",
    "cakedoc.charts",  # {chart} and {token-calculator}
    "cakedoc.glossary.directive",
    "cakedoc.glossary.stubs",  # the HTML site's sheets of entries and lists (generated sources)
    "cakedoc.glossary.pages",
    "cakedoc.glossary.redirects",  # glossary/<id>.html, each entry's address, sends on to its sheet
    "cakedoc.sources",  # the registry of sources: {footcite}, {source-list}, {source-legend}
    "cakedoc.pdf.latex",
    "cakedoc.epub",
    "cakedoc.printing",
    "cakedoc.site.navigation",  # the sidebar: the top level and the current branch
    "cakedoc.site.sitemap",
    "cakedoc.site.notfound_page",
    "cakedoc.site.social",
    "cakedoc.site.llms",
    "cakedoc.weight.stylesheets",
    "cakedoc.weight.highlighting",
    "cakedoc.weight.translations",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
templates_path = [str(ROOT / "cakedoc" / "templates")]
exclude_patterns = ["**/README.md"]
# UI strings furo and Sphinx lack or word otherwise in Chinese (sphinx.po;
# cakedoc.messages loads our own, cakedoc.po).  Absolute: a relative path
# would resolve against the source dir and fail silently.
locale_dirs = [str(ROOT / "cakedoc" / "locale")]
nitpicky = True
show_warning_types = True
# One file per term, both languages (see glossary/README.md).
cake_glossary_dir = str(ROOT / "glossary")
cake_sources_dir = str(ROOT / "sources")
# Rendered diagrams, kept across `make clean`, under the build folder
# (`make BUILDDIR=…`), each named by a hash of what decides it
# (cakedoc/diagrams/cache.py).  CAKE_DIAGRAM_CACHE overrides it (the bench
# uses an empty one to time cold builds).
cake_diagram_cache = os.environ.get("CAKE_DIAGRAM_CACHE") or str(
    ROOT / os.environ.get("BUILDDIR", "_build") / ".cache" / "diagrams")
# Where the site is deployed, for absolute URLs (canonical, hreflang, social
# cards, sitemap): `make html BASE_URL=…`; empty for a local build, which
# then names no host anywhere.  Checked here: a bad one stops the build.
cake_site_baseurl = siteurl.checked(os.environ.get("BASE_URL", ""))

# -- MyST ----------------------------------------------------------------------

# Shared with the translation review (cakedoc.review), which must split a
# page into the blocks Sphinx sees: see cakedoc/myst_settings.py.
myst_enable_extensions = list(myst_settings.ENABLE_EXTENSIONS)
myst_heading_anchors = myst_settings.HEADING_ANCHORS
myst_fence_as_directive = list(myst_settings.FENCE_AS_DIRECTIVE)

# -- Diagrams --------------------------------------------------------------------

# Drawn at build time by cakedoc.diagrams; sphinxcontrib-mermaid adds its
# (CDN-loading) JavaScript for "raw" only, so any other format keeps it out.
mermaid_output_format = "svg"

# -- Options for HTML output -------------------------------------------------

html_theme = "furo"
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
# The sidebar lists the top level and the current page's branch, not every
# page of the book (cakedoc.site.navigation: a whole-book sidebar on every
# page makes the build O(pages²)).
cake_collapsed_navigation = True

# -- Options for LaTeX output (the PDF edition) ----------------------------------

# xelatex + xeCJK for real CJK typography; fonts, captions and the title
# page differ per language (cakedoc/pdf/latex.py, in the table below).
latex_engine = "xelatex"
latex_use_xindy = False  # its Chinese index headings are garbage
latex_domain_indices = False
latex_show_urls = "footnote"
latex_show_pagerefs = False
# The guide has no versions: the title page carries the edition's date.
release = ""
version = ""

# -- What differs between the languages ------------------------------------------


def language_settings(lang: languages.Language) -> dict[str, object]:
    """Every setting whose value depends on the build's language."""
    return {
        "project": lang.title,
        "author": lang.author,
        # %Y: the year of SOURCE_DATE_EPOCH (Sphinx), so two builds agree.
        "copyright": f"%Y, {lang.author}",
        "html_title": lang.title,
        # Canonical links; empty for a local build.
        "html_baseurl": siteurl.language_base(cake_site_baseurl, lang.code),
        # Only this language's social card goes into its _static/.
        "html_static_path": [str(ROOT / "cakedoc" / "static"),
                             str(cards.card_path(lang.code).parent)],
        # zh: Sphinx would otherwise reload jieba's whole dictionary as a user
        # dictionary (~2.3 s per build) for the same index.
        "html_search_options": {"dict": ""} if lang.code == "zh" else {},
        **social.settings(lang, cake_site_baseurl),  # cake_social: og:url, og:image, …
        **notfound_page.settings(lang, cake_site_baseurl),  # notfound_*
        **pdf_latex.settings(lang, root_doc),  # latex_documents, latex_elements
        **epub.settings(lang),  # epub_title, epub_language, epub_identifier, …
    }


cake_language_settings = {lang.sphinx: language_settings(lang)
                          for lang in languages.LANGUAGES.values()}
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
