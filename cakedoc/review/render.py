"""Blocks rendered as readers see them: each block's MyST through MyST-Parser's
docutils renderer (the settings of :mod:`cakedoc.myst_settings`) to HTML.

In: one page's blocks (:class:`~cakedoc.review.blocks.Block`), the titles of
the guide's pages (what a ``{doc}`` link shows) and a
:class:`~cakedoc.review.pictures.Pictures` (diagrams from the build's cache).
Out: one HTML fragment per block number.  No Sphinx: the two roles the pages
use are drawn here as Sphinx draws them (``{term}`` as a glossary link with
furo's classes, ``{doc}`` with the target page's title), footnote marks
(``[^label]`` and ``{footcite}`` keys) are numbered in order of first use
on the page as docutils numbers them, code and
doctests are shown as code, a table row as a one-row table under its header,
a diagram as its SVG, a chart as its data table.

Fast: a page's blocks are parsed one by one but written by docutils' HTML
writer once, as one document, then cut apart at markers between blocks.
"""

from __future__ import annotations

import functools
from html import escape

from docutils import frontend, nodes
from docutils.io import StringOutput
from docutils.parsers.rst.languages import get_language as get_language_rst
from docutils.utils import new_document
from docutils.writers.html5_polyglot import Writer
from markdown_it import MarkdownIt
from myst_parser.mdit_to_docutils.base import DocutilsRenderer
from myst_parser.parsers.docutils_ import Parser
from myst_parser.parsers.mdit import create_md_parser

from cakedoc import myst_settings
from cakedoc.review.blocks import Block
from cakedoc.review.inline import parse_role
from cakedoc.review.pictures import Pictures

MARKER = "<!--cake-block "
#: Directives drawn by the site and not by the review: shown as a labelled box.
BUILD_ONLY = {"toctree": "table of contents", "cake-glossary": "the glossary, from glossary/*.md",
              "token-calculator": "the token-to-power calculator (a script on the site)",
              "source-list": "sources from the registry (sources/*.yaml), in the page's language",
              "source-legend": "what each confidence word means (cakedoc.sources)"}


class ReviewRenderer(DocutilsRenderer):
    """MyST's docutils renderer with the guide's roles and footnote marks
    drawn as on the site.  Set :attr:`context` before rendering a page."""

    context: RenderContext

    def setup_render(self, options, env) -> None:  # type: ignore[no-untyped-def]
        """MyST-Parser 5.2.0's own, without its throwaway document: it calls
        ``options.get("document", make_document())``, which builds docutils'
        whole option parser on every render (4 ms a block, most of the
        edition's time) even when a document is given.  Private internals of
        myst-parser 5.2.0 (the attributes set below); when they change,
        tests/test_review_edition.py fails."""
        self.md_env = env
        self.md_options = options
        self.md_config = options["myst_config"]
        self.document = options["document"]
        self.current_node = options.get("current_node", self.document)
        self.reporter = self.document.reporter
        self.language_module_rst = get_language_rst(self.document.settings.language_code)
        self._heading_offset = 0
        self._level_to_section = {0: self.document}
        self._heading_slugs = {}

    def render_myst_role(self, token) -> None:  # type: ignore[no-untyped-def]
        name = token.meta["name"]
        display, target = parse_role(token.content)
        if name == "term":
            inner = nodes.inline(display, display, classes=["xref", "std", "std-term"])
            self.current_node += nodes.reference("", "", inner, classes=["internal"],
                                                 refuri=f"{self.context.up}terms.html#term-{target}")
        elif name == "doc":
            page = target.lstrip("/").removesuffix(".md")
            shown = display if display != token.content else self.context.titles.get(page, page)
            inner = nodes.inline(shown, shown, classes=["doc"])
            self.current_node += nodes.reference("", "", inner, classes=["internal"],
                                                 refuri=f"{self.context.up}pages/{page}.html")
        elif name == "footcite":  # sources from the registry: numbered notes, as on the site
            for key in (part.strip() for part in token.content.split(",") if part.strip()):
                self.current_node += self.mark(key)
        else:  # any other role: its text, as a reader sees it
            self.current_node += nodes.inline(display, display, classes=["role", name])

    def render_code_inline(self, token) -> None:  # type: ignore[no-untyped-def]
        """Inline code as ``<code class="literal">``, as Sphinx writes it
        (docutils' own writer makes a span of it)."""
        super().render_code_inline(token)
        self.current_node.children[-1]["classes"] += ["code", "literal"]

    def mark(self, label: str) -> nodes.reference:
        """A footnote mark, numbered in order of first use on the page."""
        mark = nodes.reference("", "", classes=["footnote-reference", "brackets"],
                               refuri=f"#fn-{label}")
        mark += nodes.Text(str(self.context.footnote(label)))
        return mark

    def render_footnote_ref(self, token) -> None:  # type: ignore[no-untyped-def]
        self.current_node += self.mark(token.meta["label"])

    def render_footnote_reference(self, token) -> None:  # type: ignore[no-untyped-def]
        """A footnote definition ``[^a]: …``, drawn as the site's note."""
        label = token.meta["label"]
        note = nodes.container(classes=["footnote"])
        note += nodes.inline("", f"[{self.context.footnote(label)}]", classes=["label"])
        with self.current_node_context(note, append=True):
            self.render_children(token)


class RenderContext:
    """What a page's blocks share: footnote numbers, page titles, links up."""

    def __init__(self, titles: dict[str, str], up: str) -> None:
        self.titles, self.up = titles, up
        self.document = new_document("review", settings())
        self.numbers: dict[str, int] = {}

    def footnote(self, label: str) -> int:
        return self.numbers.setdefault(label, len(self.numbers) + 1)


@functools.cache
def settings() -> frontend.Values:
    """docutils settings for the MyST parser and the HTML writer, made once."""
    values = frontend.get_default_settings(Parser, Writer)
    values.report_level = 5  # a block alone may look odd to docutils; nothing to report here
    values.halt_level = 5
    values.warning_stream = False
    values.embed_stylesheet = False
    values.stylesheet_path = ""
    return values


@functools.cache
def markdown() -> MarkdownIt:
    return create_md_parser(myst_settings.parser_config(), ReviewRenderer)


def parse(text: str, context: RenderContext) -> list[nodes.Node]:
    """The docutils nodes of *text*, parsed on its own (into the page's document,
    which gives every id on the page once)."""
    box = nodes.container()
    md = markdown()
    md.renderer.context = context  # type: ignore[attr-defined]
    md.options["document"] = context.document
    md.options["current_node"] = box
    md.render(text)
    return [node for node in box.children if not isinstance(node, nodes.system_message)]


def block_nodes(block: Block, context: RenderContext, pictures: Pictures, lang: str) -> list[nodes.Node]:
    if block.kind == "diagram":
        return [nodes.raw("", pictures.html(block, lang, context.up), format="html")]
    if block.kind == "code":
        language = block.detail if block.detail not in ("doctest", "testcode", "testoutput") else "pycon"
        code = nodes.literal_block(block.body, block.body, classes=["code", language])
        return [code]
    if block.kind == "directive" and block.detail in BUILD_ONLY:
        return [nodes.raw("", f'<div class="build-only"><span class="name">{escape(block.detail)}</span> '
                              f'{escape(BUILD_ONLY[block.detail])}</div>', format="html")]
    if block.kind == "directive" and block.detail == "chart":
        return chart_nodes(block, context)
    if block.kind == "table-row" and block.frame:
        parsed = parse(block.frame if block.head else f"{block.frame}\n{block.source}", context)
        if not block.head:
            for head in parsed[0].findall(nodes.thead) if parsed else ():
                head.parent.remove(head)
                break
        return parsed
    if block.kind in ("front-matter", "target", "break", "html"):
        return [nodes.literal_block(block.source, block.source, classes=["markup"])]
    return parse(block.source, context)


def chart_nodes(block: Block, context: RenderContext) -> list[nodes.Node]:
    """A chart as its data table under its caption (the site draws it with
    matplotlib): the rows as written, footnote marks rendered."""
    rows = [line.strip().strip("|") for line in block.body.splitlines() if line.strip()]
    width = max((row.count("|") + 1 for row in rows), default=1)
    head = [block.options.get("xlabel", ""), block.options.get("unit", "")] + [""] * width
    table = "\n".join([f"| {' | '.join(head[:width])} |", "|" + "---|" * width,
                       *(f"| {row} |" for row in rows)])
    caption = nodes.paragraph(classes=["caption"])
    caption += parse(block.options.get("caption", block.detail), context)[0].children if \
        block.options.get("caption") else nodes.Text(block.detail)
    return [caption, *parse(table, context)]


def render_page(blocks: list[Block], lang: str, titles: dict[str, str], up: str,
                pictures: Pictures) -> dict[int, str]:
    """Block number → its HTML, for every block of one page in one language."""
    context = RenderContext(titles, up)
    document = context.document
    for block in blocks:
        document += nodes.raw("", f"{MARKER}{block.index}-->", format="html")
        box = nodes.container(classes=["rendered", block.kind])
        box += block_nodes(block, context, pictures, lang)
        document += box
    writer = Writer()
    writer.write(document, StringOutput(encoding="unicode"))
    writer.assemble_parts()
    body = writer.parts["body"]
    found = {}
    for part in body.split(MARKER)[1:]:
        number, _, html = part.partition("-->")
        found[int(number)] = html.strip()
    return found
