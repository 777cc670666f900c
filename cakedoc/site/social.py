"""Social cards: OpenGraph and Twitter meta on every page, in the page's language.

sphinxext-opengraph writes the tags (og:title, og:url, og:image, …); this
module gives conf.py its settings per language (:func:`settings`):

* og:url and og:image are built from ``BASE_URL`` (``<base>/<lang>/``); with
  no base they stay relative, so a local build names no host;
* og:image is the language's card, ``cakedoc/site/cards/<lang>/social-card.png``
  (drawn by ``python -m cakedoc.site.cards``), shipped in the build's ``_static/``:
  no network, no matplotlib;
* og:locale is zh_CN or en_US, with the other as og:locale:alternate, and
  Twitter gets a large-image card (it reads the og: tags for the rest).

The description is the page's first paragraph.  The extension's own parser
reads the page from its top, so it would start with the stack diagram's
caption and, in Chinese, put spaces between a term link and the text around
it; we give it the paragraph through its per-page ``og:description`` field
and write ``<meta name="description">`` ourselves, which it then leaves alone.
"""

from __future__ import annotations

import contextlib
import html
import io
import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from cakedoc.site import cards, siteurl
from cakedoc.languages import LANGUAGES, Language, language_of

SENTENCE_END = re.compile(r"[。！？]|[.!?](?=\s)")


def first_paragraph(doctree: nodes.document) -> str:
    """The text of the page's first body paragraph (not a caption, admonition
    or list item), without footnote marks."""
    for paragraph in doctree.findall(nodes.paragraph):
        if "cake-term-about" in paragraph["classes"]:
            continue  # a glossary entry's page: its names and layers, then its definition
        if isinstance(paragraph.parent, nodes.section):
            # The node's own deepcopy: copy.deepcopy would follow .parent
            # and copy the whole page (a fifth of a second per page).
            plain = paragraph.deepcopy()
            for mark in list(plain.findall(nodes.footnote_reference)):
                mark.parent.remove(mark)
            return " ".join(plain.astext().split())
    return ""


def shorten(text: str, limit: int, *, words: bool) -> str:
    """*text* cut to *limit* characters: at the last sentence end in the
    second half if there is one, else with "…" (at a space if *words*)."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    ends = [match.end() for match in SENTENCE_END.finditer(cut)]
    if ends and ends[-1] >= limit // 2:
        return cut[:ends[-1]]
    if words and " " in cut[limit // 2:]:
        cut = cut[:cut.rindex(" ")]
    return cut[:limit - 1].rstrip(" ,;:，、；：") + "…"


def describe(doctree: nodes.document, language: Language) -> str:
    """A page's description: its first paragraph, shortened for its language
    (Chinese is cut anywhere, English at a word)."""
    return shorten(first_paragraph(doctree), language.description_limit,
                   words=language.code != "zh")


def card_tags(language: Language, others: list[Language]) -> list[str]:
    alternates = [f'<meta property="og:locale:alternate" content="{other.og_locale}" />'
                  for other in others]
    return [
        f'<meta property="og:locale" content="{language.og_locale}" />', *alternates,
        f'<meta property="og:image:width" content="{cards.WIDTH}" />',
        f'<meta property="og:image:height" content="{cards.HEIGHT}" />',
        '<meta name="twitter:card" content="summary_large_image" />',
    ]


def settings(language: Language, base: str) -> dict[str, Any]:
    """sphinxext-opengraph's settings for *language*'s build (read by conf.py)."""
    others = [other for other in LANGUAGES.values() if other != language]
    return {
        "ogp_site_url": siteurl.language_base(base, language.code),
        "ogp_image": f"_static/{cards.FILENAME}",
        "ogp_image_alt": f"{language.title}{language.colon}{language.subtitle}",
        "ogp_custom_meta_tags": card_tags(language, others),
    }


def add_description(app: Sphinx, pagename: str, templatename: str,
                    context: dict[str, Any], doctree: nodes.document | None) -> None:
    """Runs before sphinxext-opengraph (priority 500) writes the tags."""
    if doctree is None:
        return
    description = describe(doctree, language_of(app.config))
    if not description:
        return
    # The extension escapes only quotes in field values.
    context["meta"] = {**(context.get("meta") or {}),
                       "og:description": html.escape(description, quote=False)}
    context["metatags"] = (context.get("metatags", "")
                           + f'<meta name="description" content="{html.escape(description)}" />\n')


def setup(app: Sphinx) -> dict[str, Any]:
    # Without matplotlib (whose generated cards we don't use) the extension
    # prints a notice on import; keep it out of every build's output.
    with contextlib.redirect_stdout(io.StringIO()):
        app.setup_extension("sphinxext.opengraph")
    app.connect("html-page-context", add_description, priority=450)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
