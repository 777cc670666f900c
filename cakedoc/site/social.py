"""Social cards: OpenGraph and Twitter meta on every page, in the page's language.

What enters: each page's title, first paragraph and name, and the settings
``cake_social`` (per language, from conf.py's table: :func:`settings`).
What leaves: ``<meta name="description">`` and the OpenGraph/Twitter tags,
appended to the page's ``metatags``:

* og:title, og:type, og:url, og:site_name, og:description, og:image and its
  alt text, width and height; og:locale with the other language as
  og:locale:alternate; a large-image Twitter card (it reads og: for the rest);
* og:url and og:image are built from ``BASE_URL`` (``<base>/<lang>/``); with
  no base they stay relative to the page, so a local build names no host;
* og:image is the language's card, ``cakedoc/site/cards/<lang>/social-card.png``
  (drawn by ``python -m cakedoc.site.cards``), shipped in the build's ``_static/``.

The description is the page's first paragraph, not the page's top (which
would start with the stack diagram's caption), with no spaces put between a
term link and the Chinese text around it.

We used sphinxext-opengraph for these tags until it became the slowest part
of a no-op rebuild: it imports its social-card module, and with it
matplotlib (0.6 s per build), whenever matplotlib is installed — and the
charts need matplotlib.  We used neither its cards nor its description
parser, so the few tags are written here; the tags are the same.
"""

from __future__ import annotations

import html
import posixpath
import re
from html.parser import HTMLParser
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
        if {"cake-term-about", "cake-glossary-pager"} & set(paragraph["classes"]):
            # A glossary entry's names and layers, and the links between a
            # list's or a layer's pages: navigation, not what the page says.
            continue
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
    """The social-card settings of *language*'s build (read by conf.py)."""
    others = [other for other in LANGUAGES.values() if other != language]
    return {"cake_social": {
        "site_url": siteurl.language_base(base, language.code),
        "image": f"_static/{cards.FILENAME}",
        "image_alt": f"{language.title}{language.colon}{language.subtitle}",
        "extra_tags": card_tags(language, others),
    }}


class _TextOnly(HTMLParser):
    """The text of an HTML fragment (a page title may hold markup)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""

    def handle_data(self, data: str) -> None:
        self.text += data


def text_of(fragment: str) -> str:
    parser = _TextOnly()
    parser.feed(fragment)
    parser.close()
    return parser.text


def tag(name: str, content: str, attribute: str = "property") -> str:
    # Apostrophes stay as they are (the attribute is double-quoted).
    escaped = html.escape(content, quote=False).replace('"', "&quot;")
    return f'<meta {attribute}="{name}" content="{escaped}" />'


def page_tags(app: Sphinx, pagename: str, context: dict[str, Any], description: str) -> str:
    """The page's OpenGraph and Twitter tags, one per line."""
    social = app.config.cake_social
    base = social["site_url"]
    target = app.builder.get_target_uri(pagename)
    if base:
        url, image = base + target, base + social["image"]
    else:  # relative to the page itself: no host in a local build
        url, image = posixpath.basename(target), context["pathto"](social["image"], 1)
    lines = [tag("og:title", text_of(context.get("title", ""))),
             tag("og:type", "website"),
             tag("og:url", url),
             tag("og:site_name", app.config.project)]
    if description:
        lines.append(tag("og:description", description))
    lines += [tag("og:image", image), tag("og:image:alt", social["image_alt"]),
              *social["extra_tags"]]
    return "\n".join(lines) + "\n"


def add_tags(app: Sphinx, pagename: str, templatename: str,
             context: dict[str, Any], doctree: nodes.document | None) -> None:
    """The description on every page with a document (not search or
    genindex); the social tags only on the site: a book is not shared by URL."""
    if doctree is None:
        return
    description = describe(doctree, language_of(app.config))
    tags = ""
    if description:
        tags += f'<meta name="description" content="{html.escape(description)}" />\n'
    if app.builder.name != "epub":
        tags += page_tags(app, pagename, context, description)
    context["metatags"] = context.get("metatags", "") + tags


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("cake_social", {}, "html", types=frozenset({dict}))
    app.connect("html-page-context", add_tags)
    return {"version": "2.0", "parallel_read_safe": True, "parallel_write_safe": True}
