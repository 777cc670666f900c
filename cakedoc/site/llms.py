"""llms.txt and llms-full.txt per language: the guide as plain text for tools.

At the end of each HTML build, ``<lang>/llms.txt`` lists every page with its
URL and first paragraph (the llmstxt.org layout), and ``<lang>/llms-full.txt``
holds every page in reading order as plain text, glossary included.  Pages
are rendered from their resolved doctrees with Sphinx's own text writer, so
what a directive produced is there as readers see it: the glossary's entries
(from glossary/*.md), footnotes, tables, doctest examples; a diagram becomes
its text alternative.  Both files are written from the whole environment, so
an incremental build writes them complete.  cakedoc.site.root_files adds a root
llms.txt that points to both languages.

Why not sphinx-llms-txt (0.7.1): it concatenates the pages' source files
(it needs ``html_copy_source = True``), so tools get raw MyST markup
(``{term}`…```), and the glossary page is nothing but its ``{cake-glossary}``
directive line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.text import TextTranslator

from cakedoc.build import kept
from cakedoc.diagrams import diagram
from cakedoc.glossary.stubs import is_list
from cakedoc.languages import LANGUAGES, Language, language_of
from cakedoc.messages import _
from cakedoc.site.social import describe

INDEX, FULL = "llms.txt", "llms-full.txt"


class PlainText(TextTranslator):
    """Sphinx's text writer without line wrapping: one paragraph, one line
    (wrapping would break Chinese sentences at arbitrary characters)."""

    def end_state(self, wrap: bool = True, end: Any = ("",), first: str | None = None) -> None:
        super().end_state(False, end, first)

    def visit_inline(self, node: nodes.inline) -> None:
        # A glossary term's other-language name and layer tag are set apart
        # by CSS on the page (cakedoc.glossary); in text they need a separator.
        self.separate(node)
        super().visit_inline(node)

    def visit_reference(self, node: nodes.reference) -> None:
        self.separate(node)  # on a sheet an entry's layer tags are links
        super().visit_reference(node)

    def separate(self, node: nodes.Element) -> None:
        if {"cake-term-other", "cake-layer-tag"} & set(node["classes"]) and node.parent.index(node):
            self.add_text(" · ")


class TextFormat:
    """What the registry needs to pick the text visitors of custom nodes."""

    name = format = "text"
    default_translator_class = PlainText


def reading_order(app: Sphinx) -> list[str]:
    """The root page, then every page in toctree order, then any left over."""
    order: list[str] = []

    def visit(docname: str) -> None:
        # A toctree entry whose page is gone is already a warning (the
        # build fails); here it would be a KeyError and a crash report.
        if docname in order or docname not in app.env.all_docs:
            return
        order.append(docname)
        for child in app.env.toctree_includes.get(docname, []):
            visit(child)

    visit(app.config.root_doc)
    # The glossary's sheets follow, by name; its list pages are
    # navigation, and the entries are all there already.
    return [docname for docname in order + sorted(set(app.env.found_docs) - set(order))
            if not is_list(docname)]


def page_text(app: Sphinx, docname: str) -> tuple[str, str]:
    """(plain text, description) of one page, from its resolved doctree."""
    doctree = app.env.get_and_resolve_doctree(docname, app.builder)
    label = _("Diagram")
    for node in list(doctree.findall(diagram)):
        node.replace_self(nodes.paragraph(text=f"[{label}: {node['alt']}]"))
    translator = app.registry.create_translator(TextFormat, doctree, app.builder)
    doctree.walkabout(translator)
    return translator.body.strip() + "\n", describe(doctree, language_of(app.config))


def url_of(app: Sphinx, language: Language, path: str) -> str:
    """*path* in *language*'s folder: absolute under BASE_URL, else relative
    to this build's language folder, where these files sit."""
    base = app.config.cake_site_baseurl
    if base:
        return f"{base}{language.code}/{path}"
    return path if language == language_of(app.config) else f"../{language.code}/{path}"


def index_file(app: Sphinx, language: Language, pages: list[tuple[str, str, str]]) -> str:
    lines = [f"# {language.title}", "", f"> {language.subtitle}", ""]
    if pages and pages[0][2]:
        lines += [pages[0][2], ""]
    lines += [f"## {_('Pages')}", ""]
    lines += [f"- [{title}]({url})" + (f": {description}" if description else "")
              for title, url, description in pages]
    lines += ["", f"## {_('Full text')}", "",
              f"- [{FULL}]({url_of(app, language, FULL)}): "
              f"{_('every page and the glossary as plain text')}", "",
              f"## {_('Other languages')}", ""]
    lines += [f"- [{other.name}]({url_of(app, other, INDEX)})"
              for other in LANGUAGES.values() if other != language]
    return "\n".join(lines) + "\n"


STAMP = ".llms-stamp"  #: the base URL the files were last written for
PAGE_CACHE = ".llms-cache"  #: where each page's text is in llms-full.txt
PAGE_FILE = "pages.pickle"
SEPARATOR = b"\n\n"


def count_reads(app: Sphinx, env: Any, docnames: list[str]) -> None:
    app.cake_llms_docs_read = set(docnames)


def stamp_matches(app: Sphinx) -> bool:
    stamp = Path(app.outdir) / STAMP
    return stamp.is_file() and stamp.read_text(encoding="utf-8") == app.config.cake_site_baseurl


def up_to_date(app: Sphinx) -> bool:
    """Nothing was read and the base URL is the same: the files on disk are
    this build's.  (Rendering every page's text costs ~1 s, which a no-op
    rebuild must not pay; any page or glossary change is a read.)"""
    outdir = Path(app.outdir)
    return (getattr(app, "cake_llms_docs_read", None) == set()
            and (outdir / INDEX).is_file() and (outdir / FULL).is_file() and stamp_matches(app))


def last_texts(app: Sphinx, reuse: bool) -> tuple[dict[str, tuple[str, int, int]], memoryview]:
    """Each page as the last build rendered it: its description and where
    its text is in the llms-full.txt that build wrote, and that file's
    bytes.  Kept as places in the file, not as texts: at 40x the guide's
    size the texts are 15 MB, which a one-page edit would unpickle and
    pickle again whole (issue #17).  Nothing when the file is not the one
    described (changed since, or gone)."""
    if not reuse:
        return {}, memoryview(b"")
    kept_value = kept.load(Path(app.outdir) / PAGE_CACHE / PAGE_FILE)
    full = Path(app.outdir) / FULL
    if not kept_value or kept_value.get("stamp") != kept.file_stamp(full):
        return {}, memoryview(b"")
    return kept_value["pages"], memoryview(full.read_bytes())


def write_llms_files(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or up_to_date(app):
        return
    language = language_of(app.config)
    source = _("URL")
    pages = []
    chunks = [f"# {language.title}\n\n> {language.subtitle}\n".encode()]
    places, old = last_texts(app, stamp_matches(app))
    read = getattr(app, "cake_llms_docs_read", set())
    kept_places = {}
    offset = len(chunks[0])
    for docname in reading_order(app):
        url = url_of(app, language, f"{docname}{app.builder.link_suffix}")
        head = f"{'=' * 72}\n{source}: {url}\n{'=' * 72}\n\n".encode()
        known = places.get(docname)
        if known is not None and docname not in read:  # rendered again only if read
            description, start, length = known
            text = old[start:start + length]  # a view: copied once, by the join
        else:
            plain, description = page_text(app, docname)
            text = plain.encode()
        offset += len(SEPARATOR) + len(head)
        kept_places[docname] = (description, offset, len(text))
        offset += len(text)
        chunks += [SEPARATOR, head, text]
        pages.append((app.env.titles[docname].astext(), url, description))
    outdir = Path(app.outdir)
    (outdir / INDEX).write_text(index_file(app, language, pages), encoding="utf-8")
    full = outdir / FULL
    full.write_bytes(b"".join(chunks))
    kept.save(outdir / PAGE_CACHE / PAGE_FILE, {"stamp": kept.file_stamp(full), "pages": kept_places})
    (outdir / STAMP).write_text(app.config.cake_site_baseurl, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("env-before-read-docs", count_reads)
    app.connect("build-finished", write_llms_files)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
