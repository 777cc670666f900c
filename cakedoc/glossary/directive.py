"""The glossary page of each language, built from glossary/*.md.

``{cake-glossary}`` renders every entry as a Sphinx glossary term, so
``{term}`` roles resolve from any page: in the PDF, the EPUB and the
doctests, where the glossary is one chapter.  In the HTML site the entries
are on sheets, a layer's at a time (cakedoc.glossary.stubs,
cakedoc.glossary.pages), and ``{cake-glossary}`` is the index of their lists.  On top of Sphinx's glossary:

* a stable anchor for every term, the same in both languages
  (``#term-hbm``), where Sphinx gives Chinese terms positional ids (``#term-0``);
* ``{term}`高带宽内存 <hbm>``` works with the entry's id, its names in both
  languages, its abbreviation and aliases;
* zh is in pinyin order, en in alphabetical order, grouped by initial;
* each term shows its name in the other language and its layer as a tag;
* the example is a doctest block, run by ``make doctest`` (and by pytest).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.domains.std import make_glossary_term
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from cakedoc.search import zh as search_zh
from cakedoc.anchors import HAN
from cakedoc.glossary import stubs
from cakedoc.glossary.entries import Entry, GlossaryError
from cakedoc.languages import LANGUAGES, language_of
from cakedoc.layers import layer_name
from cakedoc.messages import _
from cakedoc.sources import cite, render

logger = logging.getLogger(__name__)


class foreign(nodes.inline):
    """Text in the other language, marked so screen readers switch voice."""


def visit_foreign_html(self: Any, node: foreign) -> None:
    self.body.append(self.starttag(node, "span", "", lang=node["lang"]))


def depart_foreign_html(self: Any, node: foreign) -> None:
    self.body.append("</span>")


def visit_foreign_other(self: Any, node: foreign) -> None:
    self.visit_inline(node)


def depart_foreign_other(self: Any, node: foreign) -> None:
    self.depart_inline(node)


def sort_key(entry: Entry, lang: str) -> str:
    return name_key(entry.display(lang), lang)


@functools.lru_cache(maxsize=None)
def name_key(name: str, lang: str) -> str:
    """Pinyin for zh, the name for en; remembered: each list page of a
    1,600-term glossary sorts the whole list."""
    if lang == "zh":
        # Imported here: loading pypinyin's dictionaries takes ~0.5 s, and
        # only a build that reads the glossary page needs them.
        from pypinyin import Style, lazy_pinyin

        return " ".join(lazy_pinyin(name, style=Style.NORMAL)).lower()
    return name.lower()


def anchor(entry_id: str) -> str:
    return f"term-{entry_id}"


class EntryContent(SphinxDirective):
    """What every rendering of an entry shares: its definition, translation
    note, example, related terms and sources (cakedoc.glossary.pages renders
    the same content on a sheet)."""

    def entry_body(self, entry: Entry, lang: str, entries: dict[str, Entry],
                   link: Callable[[str], dict[str, Any]]) -> list[nodes.Node]:
        """The entry's content; *link* gives the reference attributes of a
        related term (a same-page ``refid``, or a ``refuri`` to its page)."""
        body = self.parse_markdown(entry, lang)
        code_line, code = entry.example_code()
        body.append(nodes.rubric(str(_("Example")), str(_("Example"))))
        block = nodes.doctest_block(code, code)
        # Plain monospace, not Pygments: forty highlighted examples were a
        # quarter of the one-page glossary's weight (make bench: 200 KB).
        block["language"] = "none"
        block.source, block.line = str(entry.path), code_line
        body.append(block)
        if entry.related:
            body.append(self.related_links(entry, lang, entries, link))
        sources = self.sources(entry, lang)
        for paragraph in sources:
            shorten_url_texts(paragraph)
        return body + sources

    def register_names(self, entry: Entry, target: nodes.Element) -> None:
        """Make the id, both languages' names, abbreviation and aliases resolve."""
        std = self.env.domains.standard_domain
        seen = {entry.display(language_of(self.config).code).lower()}
        for name in (entry.id, entry.display("zh"), entry.display("en"),
                     *entry.renderings("zh"), *entry.renderings("en")):
            if name.lower() not in seen:
                seen.add(name.lower())
                std._note_term(name, anchor(entry.id), location=target)

    def parse_markdown(self, entry: Entry, lang: str) -> list[nodes.Node]:
        section = entry.sections[lang]
        parsed = self.parse_markdown_text(section.text, entry, section.line)
        note = entry.sections.get(f"note-{lang}")
        if note:
            admonition = nodes.admonition(classes=["note", "cake-translation-note"])
            admonition += nodes.title(str(_("Translation note")), str(_("Translation note")))
            admonition += self.parse_markdown_text(note.text, entry, note.line)
            parsed.append(admonition)
        return parsed

    def related_links(self, entry: Entry, lang: str, entries: dict[str, Entry],
                      link: Callable[[str], dict[str, Any]]) -> nodes.paragraph:
        """Plain links to the related terms: a third of the bytes of {term}
        cross-references, forty times over on the one-page glossary."""
        label = str(_("Related terms")) + LANGUAGES[lang].colon
        paragraph = nodes.paragraph()
        paragraph += nodes.strong(label, label)
        for number, related in enumerate(entry.related):
            if number:
                paragraph += nodes.Text("、" if lang == "zh" else ", ")
            name = entries[related].display(lang)
            paragraph += nodes.reference(name, name, internal=True, **link(related))
        return paragraph

    def sources(self, entry: Entry, lang: str) -> list[nodes.Node]:
        """``## sources``: each cited key, as the registry's short reference."""
        registered = cite.sources_of(self.env)
        items = nodes.bullet_list()
        for key, line in entry.source_keys():
            location = f"{entry.path}:{line}"
            cite.record(self.env, key)
            if cite.known(self.env, key, location):
                items += nodes.list_item("", nodes.paragraph(
                    "", "", *render.short(registered[key], registered, lang)))
        heading = nodes.paragraph()
        heading += nodes.strong(str(_("Sources")), str(_("Sources")))
        return [heading, items]

    def parse_markdown_text(self, text: str, entry: Entry, line: int) -> list[nodes.Node]:
        container = nodes.container()
        content = StringList(text.splitlines(), source=str(entry.path))
        self.state.nested_parse(content, self.content_offset, container)
        return list(container.children)

    def load_entries(self) -> dict[str, Entry] | None:
        """Every entry (read once per build: cakedoc.glossary.stubs), or None
        after reporting a broken one at its file and line."""
        try:
            return stubs.entries(self.config)
        except GlossaryError as error:
            logger.warning("%s", error.message, location=f"{error.path}:{error.line}",
                           type="cake", subtype="glossary")
            return None


class CakeGlossary(EntryContent):
    """The glossary page: every entry, in this build's language, for the
    PDF, the EPUB and the doctests; for the HTML site, where the entries are
    on sheets (cakedoc.glossary.stubs), the index of their lists."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        lang = language_of(self.config).code
        entries = self.load_entries()
        if entries is None:
            return []
        if stubs.split(self.env):
            from cakedoc.glossary import pages  # it imports this module

            return pages.hub(self, entries, lang)  # it depends on stubs.MEMBERS only
        for path in Path(self.config.cake_glossary_dir).glob("*.md"):
            self.env.note_dependency(str(path))
        result: list[nodes.Node] = []
        initial = None
        glossary = None
        for key, entry in sorted_entries(entries.values(), lang):
            letter = key[:1].upper()
            if letter != initial:
                initial = letter
                result.append(nodes.rubric(letter, letter, classes=["cake-glossary-letter"]))
                glossary = nodes.definition_list(classes=["glossary", "cake-glossary"])
                result.append(glossary)
            glossary += self.entry_item(entry, lang, entries)
        return result

    def entry_item(self, entry: Entry, lang: str,
                   entries: dict[str, Entry]) -> nodes.definition_list_item:
        source, line = str(entry.path), 1
        term = make_glossary_term(self.env, [nodes.Text(entry.display(lang))], None,
                                  source, line, anchor(entry.id), self.state.document)
        self.register_names(entry, term)
        term += other_name(entry, lang)
        for layer in entry.layers:
            term += nodes.inline("", layer_name(layer, lang), classes=["cake-layer-tag"])
        definition = nodes.definition()
        definition += self.entry_body(entry, lang, entries,
                                      lambda related: {"refid": anchor(related)})
        return nodes.definition_list_item("", term, definition)


def other_name(entry: Entry, lang: str) -> foreign:
    """The entry's name in the other language, marked with that language."""
    other = "en" if lang == "zh" else "zh"
    return foreign("", entry.display(other), classes=["cake-term-other"],
                   lang=LANGUAGES[other].bcp47)


def sorted_entries(entries: Iterable[Entry], lang: str) -> list[tuple[str, Entry]]:
    """(sort key, entry) in the reading order of *lang*: pinyin, or A to Z."""
    return sorted(((sort_key(entry, lang), entry) for entry in entries),
                  key=lambda pair: (pair[0], pair[1].id))


def shorten_url_texts(tree: nodes.Node) -> None:
    """A link written as a bare URL shows its host: each source line already
    names its title, and the full address stays in the link (and the PDF's
    footnote)."""
    for reference in list(tree.findall(nodes.reference)):
        uri = reference.get("refuri", "")
        if uri and reference.astext() == uri and "://" in uri:
            host = uri.split("://", 1)[1].split("/", 1)[0]
            reference.clear()
            reference += nodes.Text(host)


def search_words(config: Config) -> set[str]:
    """The Chinese names of every term, for jieba to keep whole in the zh
    search index (高带宽内存, not 高带宽 + 内存)."""
    try:
        entries = stubs.entries(config)  # the build's one reading of the glossary
    except GlossaryError:
        return set()  # reported, with its file and line, where the glossary is built
    return {name for entry in entries.values() for name in entry.renderings("zh")
            if HAN.search(name)}


def add_search_words(app: Sphinx, config: Config) -> None:
    """Offer the glossary's words to the zh search; it reads them (and the
    glossary) only when it indexes a page."""
    if language_of(config).code == "zh":
        search_zh.WORD_SOURCES["glossary"] = functools.partial(search_words, config)


def setup(app: Sphinx) -> dict[str, Any]:
    # An entry's sources are registry keys: cited, checked and rendered by it.
    app.setup_extension("cakedoc.sources")
    app.add_config_value("cake_glossary_dir", "glossary", "env", types=[str])
    app.add_directive("cake-glossary", CakeGlossary)

    app.add_node(foreign, html=(visit_foreign_html, depart_foreign_html),
                 latex=(visit_foreign_other, depart_foreign_other),
                 text=(visit_foreign_other, depart_foreign_other),
                 man=(visit_foreign_other, depart_foreign_other),
                 texinfo=(visit_foreign_other, depart_foreign_other))
    app.connect("config-inited", add_search_words)
    return {"version": "1.0", "parallel_read_safe": True,
            "parallel_write_safe": True}
