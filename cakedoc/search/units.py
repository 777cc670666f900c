"""What the ranked search indexes: a page cut into its sections and terms.

A *unit* is what a result can link to: the top of a page, one of its
sections (``page.html#anchor``) or one glossary entry: an entry on its
sheet in the HTML site (``glossary/terms/chips.html#term-hbm``,
cakedoc.glossary.pages) or an entry of the one-page glossary
(``glossary.html#term-hbm``).  Each unit keeps its heading, its words with
their counts (the body; code, diagrams and headings left out) and how often
it names each glossary entry in any of its renderings — the entries' names,
abbreviations and aliases in both languages, declared once in
``glossary/*.md`` and read through :class:`cakedoc.review.terms.Glossary`,
the same object the review's term checks use.

No Sphinx builder here: :func:`doctree_units` reads a doctree, so the unit
tests can feed it a tiny one.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from docutils import nodes

from cakedoc.glossary.entries import Entry
from cakedoc.review.terms import HAN as HAN_RE
from cakedoc.review.terms import pattern

#: A concept term in the index: "@" and a glossary entry's id ("@hbm").
CONCEPT = "@"
#: UTF-8 bytes of a lead: the snippet shown where the page's text cannot be
#: fetched (from file://); 24 汉字 or 72 Latin letters, because the whole
#: index may weigh at most twice Sphinx's own (issue #14).
LEAD_BYTES = 72
NUMBER = re.compile(r"[\d.,%]+")
SKIPPED = (nodes.comment, nodes.raw, nodes.literal_block, nodes.doctest_block,
           nodes.title, nodes.system_message, nodes.substitution_definition)


@dataclass
class Unit:
    """One linkable part of a page."""

    anchor: str  #: "" for the top of the page
    title: str  #: the section heading or the term's name
    heading: Counter[str] = field(default_factory=Counter)  #: words of the heading (page title for the top)
    names: Counter[str] = field(default_factory=Counter)  #: a term's names, every rendering
    body: Counter[str] = field(default_factory=Counter)  #: words of the text, and concepts
    length: int = 0  #: words in the body
    lead: str = ""  #: the start of the text
    entry: str = ""  #: the glossary entry this unit defines, if any
    definition: str = ""  #: the entry's one-line definition
    text: str = ""  #: the plain text (not stored in the index)


class Tokenizer:
    """A page's text as the search index's words: split, stemmed and
    filtered exactly as Sphinx's IndexBuilder.feed does (sphinx/search/
    __init__.py, 9.0.4), so the browser looks them up like Sphinx's own."""

    def __init__(self, split: Callable[[str], list[str]], stem: Callable[[str], str],
                 keep: Callable[[str], bool]) -> None:
        self.split, self.stem, self.keep = split, stem, keep
        self.memo: dict[str, str | None] = {}

    def word(self, word: str) -> str | None:
        """The index's word for *word*, or None.  Unlike Sphinx, never a
        word of one letter, a number (the browser drops both from a query,
        as Sphinx's does), or a stop word written with a capital ("The")."""
        if word not in self.memo:
            lower = word.lower()
            stemmed = self.stem(word).lower()
            if not self.keep(stemmed):
                stemmed = lower if self.keep(lower) else None
            if len(lower) < 2 or not self.keep(lower) or NUMBER.fullmatch(lower):
                stemmed = None
            self.memo[word] = stemmed
        return self.memo[word]

    def words(self, text: str) -> Iterator[str]:
        for raw in self.split(text):
            word = self.word(raw) if raw.strip() else None
            if word and re.search(r"\w", word):
                yield word


class ConceptFinder:
    """How often a text names each glossary entry, in any rendering of
    either language (longest first, so 逻辑推理 is not also 推理).

    One regex alternative per rendering costs time per character times
    renderings: a 4 KB page took 0.65 s at 40 terms and 268 s at 1,600 on
    this machine.  So each text is matched only against the renderings
    whose every word it holds (plain substring tests, which every match of
    the full alternation passes), in the same longest-first order; the few
    left are compiled once per set.  Only the renderings whose first word
    starts with two characters the text holds are tested, and each such
    word once, however many renderings start with it: a word cannot be in
    a text without its first two characters (at 1,725 terms, testing every
    rendering took 0.3 s per page)."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.names = sorted({(name, entry.id) for entry in entries
                             for name in renderings(entry)}, key=lambda n: (-len(n[0]), n))
        self.keys = [name_words(name) for name, _ in self.names]
        # The renderings by their first word, and those words by their
        # first two characters: a word many renderings start with ("HBM3",
        # "高带宽内存") is looked for once.
        by_word: dict[str, list[int]] = {}
        for number, words in enumerate(self.keys):
            by_word.setdefault(words[0], []).append(number)
        self.by_start: dict[str, list[tuple[str, list[int]]]] = {}
        for word, numbers in by_word.items():
            self.by_start.setdefault(word[:2], []).append((word, numbers))

    def present(self, text: str) -> tuple[int, ...]:
        """The renderings whose every word *text* holds, by number (longest first)."""
        lowered = text.lower()
        starts = {lowered[i:i + 2] for i in range(len(lowered))} | set(lowered)
        candidates = sorted(number for start in starts & self.by_start.keys()
                            for word, numbers in self.by_start[start] if word in lowered
                            for number in numbers)
        return tuple(number for number in candidates
                     if all(word in lowered for word in self.keys[number][1:]))

    def count(self, text: str) -> Counter[str]:
        regex, owners = self.compiled(self.present(text))
        return Counter(CONCEPT + owners[match.lastindex - 1] for match in regex.finditer(text))

    @functools.lru_cache(maxsize=4096)
    def compiled(self, present: tuple[int, ...]) -> tuple[re.Pattern[str], list[str]]:
        chosen = [self.names[number] for number in present]
        regex = re.compile("|".join(f"({pattern(name)})" for name, _ in chosen) or r"(?!)", re.I)
        return regex, [entry_id for _, entry_id in chosen]


def name_words(name: str) -> tuple[str, ...]:
    """What any match of *name*'s pattern (cakedoc.review.terms.pattern)
    contains, lower-cased: a Chinese name's parts between spaces (it
    matches as written), else each of its words."""
    if HAN_RE.search(name):
        return tuple(part.lower() for part in name.split()) or (name.lower(),)
    return tuple(word.lower() for word in re.split(r"[\s-]+", name) if word) or (name.lower(),)


def renderings(entry: Entry, lang: str = "") -> list[str]:
    """Every name of *entry* a reader may type, in *lang* or (by default)
    both languages, without a gloss in brackets: 智能助手（Copilot） is
    also 智能助手."""
    names = [name for code in ("zh", "en") if lang in ("", code) for name in entry.renderings(code)]
    names += [re.sub(r"\s*[（(][^）)]*[）)]$", "", name) for name in names]
    return sorted({name for name in names if name.strip()})


def plain_text(node: nodes.Node, stop: Callable[[nodes.Node], bool]) -> str:
    """The searchable text under *node*, without the parts *stop* claims."""
    parts: list[str] = []

    def walk(current: nodes.Node) -> None:
        if isinstance(current, SKIPPED) or stop(current):
            return
        if isinstance(current, nodes.Element) and "no-search" in current["classes"]:
            return
        if isinstance(current, nodes.Text):
            parts.append(current.astext())
            return
        for child in current.children:
            walk(child)
        if isinstance(current, (nodes.paragraph, nodes.list_item, nodes.entry, nodes.term)):
            parts.append("\n")

    walk(node)
    return re.sub(r"[ \t]*\n[\s]*", "\n", "".join(parts)).strip()


def lead(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text.encode("utf-8")) <= LEAD_BYTES:
        return text
    cut = text.encode("utf-8")[:LEAD_BYTES].decode("utf-8", "ignore")
    return cut.rstrip() + "…"


def is_glossary_item(node: nodes.Node) -> bool:
    return (isinstance(node, nodes.definition_list_item) and isinstance(node.parent, nodes.definition_list)
            and "cake-glossary" in node.parent["classes"])


def is_entry_section(section: nodes.Node) -> bool:
    """The section of a glossary entry on its sheet (cakedoc.glossary.pages)."""
    return isinstance(section, nodes.section) and "cake-glossary-entry" in section["classes"]


def is_sheet(section: nodes.Node) -> bool:
    """The page section of a sheet of glossary entries (cakedoc.glossary.pages)."""
    return isinstance(section, nodes.section) and "cake-glossary-sheet" in section["classes"]


def doctree_units(doctree: nodes.document, tokenizer: Tokenizer, concepts: ConceptFinder,
                  entries: dict[str, Entry], lang: str) -> list[Unit]:
    """The units of one page, the top of the page first."""
    units: list[Unit] = []
    page = doctree.next_node(nodes.section)
    if page is not None and is_sheet(page):
        # A sheet is its entries: one unit each, titled by the term, and
        # none for the sheet, whose title and contents only name them.
        return [unit for section in page.findall(is_entry_section)
                for unit in entry_units(section["ids"], list(section.children), tokenizer,
                                        concepts, entries, lang)]
    for section in doctree.findall(nodes.section):
        title_node = section.next_node(nodes.title)
        title = title_node.astext() if title_node is not None else ""
        top = not units
        anchor = "" if top else (section["ids"][0] if section["ids"] else "")
        # A section's own text: not its subsections', not the terms'.
        text = plain_text(section, lambda node, section=section: (
            node is not section and isinstance(node, nodes.section)) or is_glossary_item(node))
        units.append(make_unit(anchor, title, text, tokenizer, concepts))
        for item in section.findall(is_glossary_item):
            if nearest_section(item) is section:
                units.extend(term_units(item, tokenizer, concepts, entries, lang))
    return [unit for unit in units if unit.anchor or unit is units[0]]


def nearest_section(node: nodes.Node) -> nodes.Node | None:
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.section):
        parent = parent.parent
    return parent


def term_units(item: nodes.definition_list_item, tokenizer: Tokenizer, concepts: ConceptFinder,
               entries: dict[str, Entry], lang: str) -> list[Unit]:
    term = item.next_node(nodes.term)
    definition = item.next_node(nodes.definition)
    return entry_units(term["ids"] if term is not None else [],
                       list(definition.children) if definition is not None else [],
                       tokenizer, concepts, entries, lang)


def entry_units(node_ids: list[str], children: list[nodes.Node], tokenizer: Tokenizer,
                concepts: ConceptFinder, entries: dict[str, Entry], lang: str) -> list[Unit]:
    """The unit of one glossary entry: *node_ids* of its term or page,
    *children* its content."""
    ids = [i for i in node_ids if i.startswith("term-")]
    entry = entries.get(ids[0].removeprefix("term-")) if ids else None
    if entry is None:
        return []
    # The definition and the translation note; not the example, the
    # related terms or the sources, which follow the first rubric.
    parts: list[str] = []
    for child in children:
        if isinstance(child, nodes.rubric):
            break
        if isinstance(child, nodes.title) or (isinstance(child, nodes.Element)
                                              and "no-search" in child["classes"]):
            continue
        parts.append(plain_text(child, lambda node: False))
    unit = make_unit(ids[0], entry.display(lang), "\n".join(parts), tokenizer, concepts)
    unit.entry = entry.id
    # A term has no heading: its names, every rendering, are its own field.
    unit.heading = Counter()
    for name in renderings(entry, lang):
        unit.names.update(tokenizer.words(name))
    unit.names.update({CONCEPT + entry.id: 1})
    return [unit]


def make_unit(anchor: str, title: str, text: str, tokenizer: Tokenizer,
              concepts: ConceptFinder) -> Unit:
    body = Counter(tokenizer.words(text))
    length = sum(body.values())
    body.update(concepts.count(text))
    heading = Counter(tokenizer.words(title))
    heading.update(concepts.count(title))
    return Unit(anchor=anchor, title=title, heading=heading, body=body, length=length,
                lead=lead(text), text=text)
