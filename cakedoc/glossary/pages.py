"""The glossary as pages of the HTML site: its sheets of entries, and their indexes.

In: the stubs of cakedoc.glossary.stubs (``{cake-glossary-sheet} chips 2``,
``{cake-glossary-list} chips 2``) and the glossary page's
``{cake-glossary}`` when this build splits.  Out:

* a **sheet** (``glossary/terms/chips.html``, then ``chips-2.html``, … at
  most ``cake_glossary_sheet_size`` entries each): the layer's name as the
  page's title, the names of its entries as links (its contents), then
  each entry as a section carrying the stable id ``term-<id>``, so
  ``{term}`` links resolve to ``glossary/terms/chips.html#term-hbm`` and
  land on the entry's heading; its other-language name, its layers (links
  to their lists), then the definition, note, example, related terms and
  sources as on the one-page glossary
  (cakedoc.glossary.directive.EntryContent);
* a **list page** (``glossary/lists/all.html``, ``glossary/lists/chips.html``,
  then ``chips-2.html``, … at most ``cake_glossary_page_size`` terms each):
  all terms, or a layer's, in reading order (pinyin, or A to Z), each a
  link to its entry, with its other-language name;
* the **glossary page's index**: all terms and each layer, with the number
  of terms and links to the list pages, and a script for the old addresses: before
  the split every entry was ``glossary.html#term-<id>``; the script sends
  such an address on to the entry's own address, ``glossary/<id>.html``
  (cakedoc.glossary.redirects), which sends it on to its sheet.  Without
  scripts the page still links every list (the fallback).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from cakedoc.glossary import stubs
from cakedoc.glossary.directive import EntryContent, anchor, other_name, sorted_entries
from cakedoc.glossary.entries import Entry, GlossaryError
from cakedoc.languages import LANGUAGES, language_of
from cakedoc.layers import layer_name
from cakedoc.messages import _

logger = logging.getLogger(__name__)
#: Stands for an entry id in the address the redirect script builds.
ID = "__id__"


class old_address_redirect(nodes.General, nodes.Element):
    """``<script>`` sending ``#term-<id>`` on to the entry's address; ``prefix``
    and ``suffix`` surround the id in the entry page's relative address."""


def visit_redirect_html(self: Any, node: old_address_redirect) -> None:
    # An id is letters, digits and hyphens (glossary/README.md); anything
    # else in the hash is left alone.  location.replace: the old address
    # does not stay in the history, so Back leaves the guide as it came.
    self.body.append(
        "<script>(function(){var m=/^#term-([a-z0-9-]+)$/.exec(location.hash);"
        f'if(m)location.replace("{node["prefix"]}"+m[1]+"{node["suffix"]}#term-"+m[1]);'
        "})();</script>\n")
    raise nodes.SkipNode


def skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def link_suffix(config: Any) -> str:
    """The HTML builder's link suffix (Sphinx's rule: html_link_suffix,
    else html_file_suffix, else .html)."""
    if config.html_link_suffix is not None:
        return config.html_link_suffix
    return config.html_file_suffix or ".html"


def page_uri(directive: EntryContent, target: str) -> str:
    """The address of page *target* relative to the page being read."""
    suffix = link_suffix(directive.config)
    return relative_uri(directive.env.docname + suffix, target + suffix)


def entry_link(directive: EntryContent, entry_id: str) -> dict[str, Any]:
    """The reference attributes of a link to an entry, on its sheet."""
    entries = stubs.entries(directive.config)
    sheet = stubs.sheet_of(entries, directive.config.cake_glossary_sheet_size)[entry_id]
    return {"refuri": f"{page_uri(directive, sheet)}#{anchor(entry_id)}"}


def page_link(directive: EntryContent, text: str, target: str, **attributes: Any) -> nodes.reference:
    return nodes.reference(text, text, refuri=page_uri(directive, target), internal=True,
                           **attributes)


def loaded_entries(directive: EntryContent) -> dict[str, Entry] | None:
    """The glossary's entries, or None when an entry is broken: that is
    reported with its file and line on the glossary page, once."""
    try:
        return stubs.entries(directive.config)
    except GlossaryError:
        return None


class GlossarySheet(EntryContent):
    """``{cake-glossary-sheet} <layer> <n>``: sheet *n* of a layer's entries."""

    required_arguments = 2
    has_content = False

    def run(self) -> list[nodes.Node]:
        lang = language_of(self.config).code
        entries = loaded_entries(self)
        if entries is None:
            return []
        layer, number = self.arguments[0], int(self.arguments[1])
        sheet = stubs.sheets(entries, self.config.cake_glossary_sheet_size).get(
            stubs.sheet_docname(layer, number))
        if sheet is None:
            logger.warning("no glossary sheet '%s %s'", layer, number,
                           location=self.get_location(), type="cake", subtype="glossary")
            return []
        # Which entries are on this sheet, and the names and sheets of the
        # related ones, follow from every entry's id, layers and names:
        # members.txt holds them.  Beyond it, a sheet depends on its own
        # entries' files only (16 paths, not 16 plus every related term's:
        # Sphinx unpickles and stats each path on every build).
        self.env.note_dependency(str(stubs.members_path(Path(self.env.srcdir))))
        for entry in sheet.entries:
            self.env.note_dependency(str(entry.path))
        title = f"{_('Glossary')}{LANGUAGES[lang].colon}{list_title(layer, lang)}"
        if sheet.count > 1:
            title += bracketed(f"{number}/{sheet.count}", lang)
        page = nodes.section("", classes=["cake-glossary-sheet"])
        page["ids"].append(f"glossary-{layer}-{number}")
        page += nodes.title(title, title)
        page += pager(self, number, sheet.count,
                      lambda other: stubs.sheet_docname(layer, other))
        ordered = [entry for _key, entry in sorted_entries(sheet.entries, lang)]
        # What the sheet holds, as links to its entries: the page's
        # description (cakedoc.site.social) and a reader's table of contents.
        contents = nodes.paragraph(classes=["cake-glossary-contents"])
        for position, entry in enumerate(ordered):
            if position:
                contents += nodes.Text("、" if lang == "zh" else ", ")
            name = entry.display(lang)
            contents += nodes.reference(name, name, internal=True, refid=anchor(entry.id))
        page += contents
        for entry in ordered:
            page += self.entry_section(entry, lang, entries)
        return [page]

    def entry_section(self, entry: Entry, lang: str, entries: dict[str, Entry]) -> nodes.section:
        """One entry: the term as its heading, its section carrying the
        stable id ``term-<id>``, its other-language name and layers (links
        to their lists), then the definition and the rest."""
        name = entry.display(lang)
        section = nodes.section("", classes=["cake-glossary-entry"])
        section["ids"].append(anchor(entry.id))
        self.state.document.ids[anchor(entry.id)] = section
        section.source, section.line = str(entry.path), 1
        section += nodes.title(name, name)
        about = nodes.paragraph(classes=["cake-term-about", "no-search"])
        about += other_name(entry, lang)
        for layer in entry.layers:
            about += page_link(self, layer_name(layer, lang), stubs.list_docname(layer),
                               classes=["cake-layer-tag"])
        section += about
        # What make_glossary_term does for a term node, for the section:
        # StandardDomain._note_term is private (Sphinx 9.0.4; register_names
        # uses it too); tests/test_glossary.py's term links fail without it.
        std = self.env.domains.standard_domain
        std._note_term(name, anchor(entry.id), location=section)
        self.register_names(entry, section)
        # As make_glossary_term does: the term in Sphinx's own search index.
        index = addnodes.index(entries=[("single", name, anchor(entry.id), "main", None)])
        section += index
        section += self.entry_body(entry, lang, entries,
                                   lambda related: entry_link(self, related))
        return section


class GlossaryListPage(EntryContent):
    """``{cake-glossary-list} <all or layer> <n>``: page *n* of a list of terms."""

    required_arguments = 2
    has_content = False

    def run(self) -> list[nodes.Node]:
        lang = language_of(self.config).code
        entries = loaded_entries(self)
        if entries is None:
            return []
        name, number = self.arguments[0], int(self.arguments[1])
        members = stubs.list_members(entries, name)
        size = self.config.cake_glossary_page_size
        pages = stubs.list_pages(entries, name, size)
        # Which terms fall on this page depends on every member's name:
        # members.txt holds them all (see stubs.MEMBERS).
        self.env.note_dependency(str(stubs.members_path(Path(self.env.srcdir))))
        ordered = [entry for _key, entry in sorted_entries(members, lang)]
        title = f"{_('Glossary')}{LANGUAGES[lang].colon}{list_title(name, lang)}"
        if pages > 1:
            title += bracketed(f"{number}/{pages}", lang)
        section = nodes.section("", classes=["cake-glossary-index"])
        section["ids"].append(f"glossary-{name}-{number}")
        section += nodes.title(title, title)
        section += pager(self, number, pages, lambda other: stubs.list_docname(name, other))
        items = nodes.bullet_list(classes=["cake-glossary-list"])
        for entry in ordered[(number - 1) * size:number * size]:
            paragraph = nodes.paragraph()
            name = entry.display(lang)
            paragraph += nodes.reference(name, name, internal=True, **entry_link(self, entry.id))
            paragraph += nodes.Text(" ")
            paragraph += other_name(entry, lang)
            items += nodes.list_item("", paragraph)
        section += items
        return [section]


def pager(directive: EntryContent, number: int, pages: int,
          docname: Callable[[int], str]) -> nodes.paragraph:
    """Back to the glossary page, and the other pages of a list or a
    layer's sheets (page *n* is *docname(n)*)."""
    paragraph = nodes.paragraph(classes=["cake-glossary-pager"])
    paragraph += page_link(directive, str(_("All lists")), directive.config.cake_glossary_page)
    for other in range(1, pages + 1) if pages > 1 else ():
        paragraph += nodes.Text(" · ")
        if other == number:
            paragraph += nodes.strong(str(other), str(other))
        else:
            paragraph += page_link(directive, str(other), docname(other))
    return paragraph


def bracketed(text: str, lang: str) -> str:
    """" (40)", or "（40）" after Chinese."""
    return f"（{text}）" if lang == "zh" else f" ({text})"


def list_title(name: str, lang: str) -> str:
    """"All terms", or the layer's name, capitalised."""
    title = str(_("All terms")) if name == stubs.ALL else layer_name(name, lang)
    return title[:1].upper() + title[1:]


def hub(directive: EntryContent, entries: dict[str, Entry], lang: str) -> list[nodes.Node]:
    """The glossary page of a splitting build: the redirect for old
    addresses, then each list (all terms, each layer) with its terms' count
    and pages."""
    address = page_uri(directive, stubs.entry_address(ID))
    prefix, _id, suffix = address.partition(ID)
    directive.env.note_dependency(str(stubs.members_path(Path(directive.env.srcdir))))
    result: list[nodes.Node] = [old_address_redirect(prefix=prefix, suffix=suffix)]
    size = directive.config.cake_glossary_page_size
    items = nodes.bullet_list(classes=["cake-glossary-lists"])
    for name in stubs.list_names(entries):
        members = stubs.list_members(entries, name)
        ordered = [key for key, _entry in sorted_entries(members, lang)]
        pages = stubs.list_pages(entries, name, size)
        paragraph = nodes.paragraph()
        title = list_title(name, lang)
        if pages == 1:
            paragraph += page_link(directive, title, stubs.list_docname(name))
        else:
            paragraph += nodes.Text(title)
        paragraph += nodes.Text(bracketed(str(len(members)), lang))
        # A long list: one link per page, named by its initials (A–F).
        for number in range(1, pages + 1) if pages > 1 else ():
            first, last = ordered[(number - 1) * size], ordered[min(number * size, len(ordered)) - 1]
            span = f"{first[:1].upper()}–{last[:1].upper()}"
            paragraph += nodes.Text(" · " if number > 1 else LANGUAGES[lang].colon)
            paragraph += page_link(directive, span, stubs.list_docname(name, number))
        items += nodes.list_item("", paragraph)
    result.append(items)
    return result


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(old_address_redirect, html=(visit_redirect_html, None),
                 latex=(skip, None), text=(skip, None), man=(skip, None),
                 texinfo=(skip, None))
    app.add_directive("cake-glossary-sheet", GlossarySheet)
    app.add_directive("cake-glossary-list", GlossaryListPage)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
