"""Page weight: every page ships only what it uses, and looks the same.

``make bench`` holds every page to 200 KB and 15 requests on a first visit
(bench/README.md).  A page's text and diagrams are most of that; this module
trims what furo and Sphinx add to every page, without changing what a
reader sees:

* ``furo-extensions.css`` styles extensions this guide does not use
  (sphinx-design, copybutton, the Read the Docs flyout): it is not linked;
* ``pygments.css`` is linked only from pages with highlighted code, and
  holds rules only for the token classes some page uses (furo writes them
  for every token type, three times: light, dark, and dark by preference);
* highlighted code has no ``<span>`` around tokens drawn exactly like plain
  text in both of furo's colour schemes (names, punctuation, whitespace):
  a third of the glossary's examples was such spans;
* ``searchindex.js`` is written in UTF-8, not ``\\uXXXX`` escapes: a
  Chinese character costs 3 bytes instead of 6;
* ``translations.js`` (every zh page loads it) keeps only the messages the
  site's scripts ask for, in UTF-8: Sphinx ships its whole catalog, 60
  messages of which the scripts use 8 (4.4 KB down to under 1 KB);
* ``cake.css``, the guide's own stylesheet, is served without its comments:
  they explain its rules to authors, and were half its bytes on every page;
* code is not in the search index: the examples' numbers and Python names
  are noise to a reader's search (``return`` found on every page with an
  example), and they were a quarter of the index every search page loads.
  The numbers a reader looks for are in the prose too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from docutils import nodes
from pygments.formatters import HtmlFormatter
from pygments.style import Style
from pygments.token import STANDARD_TYPES, Text, Whitespace, _TokenType
from sphinx.application import Sphinx
from sphinx.locale import get_translator
from sphinx.search import js_index

UNUSED_CSS = {"styles/furo-extensions.css"}
TOKEN_CLASSES = frozenset(name for name in STANDARD_TYPES.values() if name)
#: A token's rule in furo's pygments.css, one per line, with its comment.
TOKEN_RULE = re.compile(r"^(?P<rule>.*\.highlight \.(?P<token>[\w-]+) \{[^}]*\})(?: /\*.*\*/)?$")
SPAN_CLASSES = re.compile(r'<span class="([^"]+)">')
#: What makes a token look different from the text around it.
VISIBLE = ("color", "bgcolor", "bold", "italic", "underline", "border")


def trim_assets(app: Sphinx, pagename: str, templatename: str,
                context: dict[str, Any], doctree: Any) -> None:
    """Drop the stylesheets this page does not use (after furo's handler)."""
    unused = set(UNUSED_CSS)
    if 'class="highlight' not in context.get("body", ""):
        unused.add("pygments.css")
    if "css_files" in context:
        context["css_files"] = [
            css for css in context["css_files"]
            if str(getattr(css, "filename", css)).removeprefix("_static/") not in unused]


class PlainTokensFormatter(HtmlFormatter):
    """Sphinx's HTML formatter, minus the spans that change nothing.

    ``styles`` are the light and dark Pygments styles the theme shows; a
    token gets no span when it looks like plain text in all of them.
    """

    styles: tuple[type[Style], ...] = ()

    def format_unencoded(self, tokensource: Iterable[tuple[_TokenType, str]],
                         outfile: Any) -> None:
        return super().format_unencoded(self.plain_as_text(tokensource), outfile)

    def plain_as_text(self, tokens: Iterable[tuple[_TokenType, str]]) -> Iterator[tuple[_TokenType, str]]:
        for ttype, value in tokens:
            yield (Text if looks_plain(self.styles, ttype) else ttype), value


@cache
def looks_plain(styles: tuple[type[Style], ...], ttype: _TokenType) -> bool:
    if not styles:
        return False
    # The colour of a space cannot be seen; its background and border can.
    seen = VISIBLE[1:] if ttype in Whitespace else VISIBLE
    return all(style.style_for_token(ttype)[key] == style.style_for_token(Text)[key]
               for style in styles for key in seen)


def use_plain_tokens(app: Sphinx) -> None:
    highlighter = getattr(app.builder, "highlighter", None)
    if app.builder.format != "html" or highlighter is None:
        return
    styles = [highlighter.formatter_args["style"]]
    dark = getattr(app.config, "pygments_dark_style", None)  # furo's setting
    if dark:
        styles.append(highlighter.get_style(dark))
    PlainTokensFormatter.styles = tuple(styles)
    # Only the page highlighter: furo builds pygments.css with the class
    # attribute PygmentsBridge.html_formatter, which stays Pygments' own.
    highlighter.formatter = PlainTokensFormatter


def prune_pygments_css(app: Sphinx, exception: Exception | None) -> None:
    """Drop the rules of token classes no page of the site uses.

    Runs after furo's own build-finished handler has written the file, and
    reads every page in the output (not only those written this time), so
    an incremental build keeps what unchanged pages need.
    """
    css = app.builder.outdir / "_static" / "pygments.css"
    if exception is not None or app.builder.format != "html" or not css.is_file():
        return
    used = {name for page in app.builder.outdir.rglob("*.html")
            for names in SPAN_CLASSES.findall(page.read_text(encoding="utf-8"))
            for name in names.split()}
    kept = []
    for line in css.read_text(encoding="utf-8").splitlines():
        token = TOKEN_RULE.match(line)
        if token is None or token["token"] not in TOKEN_CLASSES:
            kept.append(line)
        elif token["token"] in used:
            kept.append(token["rule"])  # without the comment naming the token
    css.write_text("\n".join(kept) + "\n", encoding="utf-8")


OUR_CSS = "cake.css"
CSS_COMMENT = re.compile(r"/\*.*?\*/\n?", re.S)


def strip_css_comments(app: Sphinx, exception: Exception | None) -> None:
    """The site's copy of cake.css without the comments its source keeps."""
    css = app.builder.outdir / "_static" / OUR_CSS
    if exception is not None or app.builder.format != "html" or not css.is_file():
        return
    css.write_text(CSS_COMMENT.sub("", css.read_text(encoding="utf-8")), encoding="utf-8")


def code_not_searched(app: Sphinx, doctree: nodes.document) -> None:
    """Keep code blocks out of the search index (Sphinx skips 'no-search')."""
    for block in doctree.findall(lambda node: isinstance(node, (nodes.literal_block,
                                                                 nodes.doctest_block))):
        block["classes"].append("no-search")


class Utf8JavaScriptIndex(type(js_index)):  # type: ignore[misc]
    """Sphinx's searchindex.js format (js_index), written in UTF-8: Sphinx
    escapes every non-ASCII character."""

    def dumps(self, data: Any) -> str:
        text = json.dumps(data, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
        return self.PREFIX + text + self.SUFFIX


def utf8_search_index(app: Sphinx) -> None:
    """Have the HTML builder write its index with Utf8JavaScriptIndex (it
    also reads the old one with it, on an incremental build)."""
    if getattr(app.builder, "indexer_format", None) is js_index:
        app.builder.indexer_format = Utf8JavaScriptIndex()


#: A message a script asks for: _("…"), gettext("…") or ngettext("…", "…", n).
SCRIPT_MESSAGE = re.compile(
    r'(?:\b_|\bgettext|\bngettext)\(\s*"((?:[^"\\]|\\.)*)"(?:\s*,\s*"((?:[^"\\]|\\.)*)")?')
TRANSLATIONS = re.compile(r"Documentation\.addTranslations\((.*)\);?\s*$", re.S)


def script_messages(static: Path) -> dict[str, str | None]:
    """The messages the scripts in *static* ask to translate, each with its
    plural (ngettext) or None."""
    used: dict[str, str | None] = {}
    for script in static.rglob("*.js"):
        if script.name == "translations.js":
            continue
        for match in SCRIPT_MESSAGE.finditer(script.read_text(encoding="utf-8")):
            singular, plural = (None if text is None else json.loads(f'"{text}"')
                                for text in match.groups())
            used[singular] = plural
    return used


def trim_translations_js(app: Sphinx, exception: Exception | None) -> None:
    """Keep the messages of translations.js that a script uses, in UTF-8,
    translated by the guide's catalog where it has them (Sphinx's zh
    catalog says 您; the guide says 你)."""
    static = app.builder.outdir / "_static"
    path = static / "translations.js"
    if exception is not None or app.builder.format != "html" or not path.is_file():
        return
    wrapped = TRANSLATIONS.search(path.read_text(encoding="utf-8"))
    if wrapped is None:  # not Sphinx's format: leave it whole
        return
    catalog = json.loads(wrapped.group(1))
    translator = get_translator("sphinx")
    messages = {}
    for singular, plural in sorted(script_messages(static).items()):
        if singular not in catalog["messages"]:
            continue
        if plural is None:
            messages[singular] = translator.gettext(singular)
        else:  # one form per plural_expr value; Chinese has one
            messages[singular] = [translator.ngettext(singular, plural, count)
                                  for count in range(1, len(catalog["messages"][singular]) + 1)]
    catalog["messages"] = messages
    text = json.dumps(catalog, ensure_ascii=False, indent=1, sort_keys=True)
    path.write_text(f"Documentation.addTranslations({text});\n", encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", trim_assets, priority=600)  # after furo's (500)
    app.connect("builder-inited", use_plain_tokens)
    app.connect("build-finished", prune_pygments_css, priority=600)  # after furo writes it
    app.connect("builder-inited", utf8_search_index)
    app.connect("build-finished", trim_translations_js)
    app.connect("build-finished", strip_css_comments)
    app.connect("doctree-read", code_not_searched)
    return {"version": "1.0", "parallel_read_safe": True,
            "parallel_write_safe": True}
