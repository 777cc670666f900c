"""The termbase check: one rendering per concept in each language.

The termbase is the glossary (each entry's ``zh`` / ``en`` are the preferred
renderings, ``variants`` the other renderings of the concept, ``forbidden``
the wrong ones) plus glossary/names.yaml (companies, products, people, and
everyday words without an entry).  Like a CAT tool's terminology QA, it reads
every page of both languages and every glossary entry, line by line, as a
reader sees the text (a ``{term}`` shows its display text; code, URLs, link
targets and footnote labels are not text), and reports at file:line:

* a **forbidden** rendering (全舰队) — an error, wherever it is;
* a **variant** (缩放定律 where the termbase prefers 规模定律) — an error,
  except in the entry's own ``## note-zh`` / ``## note-en``, quoted as a
  mention (“缩放定律”), or as a gloss beside the preferred rendering
  (英伟达（NVIDIA）);
* on a zh page, a term's **first use without its gloss** (词元 where the
  entry asks for 词元（Token）).

It also records every rendering it meets, for the review edition's page of
terms ("which renderings are used, and where").
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from cakedoc.glossary.entries import LANGS, Entry
from cakedoc.glossary.names import Name
from cakedoc.review.blocks import Block
from cakedoc.review.findings import ERROR, Finding
from cakedoc.review.shortlist import Shortlist
from cakedoc.review.terms import HAN, pattern

PREFERRED, ALIAS, VARIANT, FORBIDDEN = "preferred", "alias", "variant", "forbidden"
#: What a reader does not read as text: role targets, code, URLs, footnote labels.
ROLE = re.compile(r"\{[\w:.-]+\}`([^`]*?)(?:\s*<[^<>`]*>)?`")
HIDDEN = re.compile("|".join((
    r"`[^`\n]+`",  # inline code
    r"\[\^[^\]\s]+\]:?",  # footnote label
    r"<[a-z][a-z0-9+.-]*:[^>\s]*>",  # autolink
    r"(?<=\])\([^)\s]*\)",  # a link's target
    r"https?://[^\s)>）]+",  # a bare URL
)), re.I)
#: Quotation marks around a mention of a word (“缩放定律”, "Nvidia's …").
QUOTES = {"“": "”", "‘": "’", "《": "》", "「": "」", '"': '"'}
MERMAID_LABEL = re.compile(r'"([^"]*)"')


@dataclass
class Term:
    """One concept of the termbase: a glossary entry or an item of names.yaml."""

    id: str
    kind: str  #: "entry", "names" or "words"
    preferred: dict[str, str]
    aliases: dict[str, list[str]]
    variants: dict[str, list[str]]
    forbidden: dict[str, list[str]]
    gloss: str
    path: str  #: where it is defined, relative to the project root

    @classmethod
    def of_entry(cls, entry: Entry, path: str) -> Term:
        preferred = {lang: re.sub(r"\s*[（(][^）)]*[）)]$", "", getattr(entry, lang)) for lang in LANGS}
        aliases = {lang: [a for a in entry.aliases[lang] if a not in entry.variants[lang]]
                   + ([entry.abbr] if entry.abbr else []) for lang in LANGS}
        return cls(entry.id, "entry", preferred, aliases, entry.variants, entry.forbidden,
                   entry.gloss, path)

    @classmethod
    def of_name(cls, name: Name, path: str) -> Term:
        return cls(name.id, name.kind, {"zh": name.zh, "en": name.en}, {lang: [] for lang in LANGS},
                   name.variants, name.forbidden, name.gloss, path)

    def suggestion(self, lang: str) -> str:
        return self.preferred[lang]


@dataclass
class Use:
    """One rendering met on a line."""

    term: str
    status: str  #: PREFERRED, ALIAS, VARIANT or FORBIDDEN
    written: str
    path: str
    line: int
    lang: str


@dataclass
class Termbase:
    terms: dict[str, Term]
    shortlists: dict[str, Shortlist[tuple[str, str]]] = field(default_factory=dict)

    @classmethod
    def create(cls, entries: dict[str, Entry], names: list[Name], relative) -> Termbase:
        terms = {entry.id: Term.of_entry(entry, relative(entry.path)) for entry in entries.values()}
        for name in names:
            terms[name.id] = Term.of_name(name, relative(name.path))
        return cls(terms)

    def shortlist(self, lang: str) -> Shortlist[tuple[str, str]]:
        """Every rendering of every term in *lang*, longest first, so 逻辑推理
        is found as itself and not as 推理; each owned by (term id, status).
        Case matters only in names.  A line is matched against only the
        renderings it can hold (:mod:`cakedoc.review.shortlist`)."""
        if lang not in self.shortlists:
            spellings: dict[str, tuple[str, str, bool]] = {}
            for term in self.terms.values():
                for status, names in ((FORBIDDEN, term.forbidden[lang]), (VARIANT, term.variants[lang]),
                                      (PREFERRED, [term.preferred[lang]]), (ALIAS, term.aliases[lang])):
                    for name in names:
                        spellings.setdefault(name, (term.id, status, term.kind == "names"))
            ordered = sorted(spellings, key=lambda name: -len(name))
            # A word is the same word at the start of a sentence ("Open model");
            # a name is not the same name in other capitals (Nvidia, NVIDIA).
            self.shortlists[lang] = Shortlist([
                (name, f"({pattern(name)})" if spellings[name][2] else f"((?i:{pattern(name)}))",
                 spellings[name][:2]) for name in ordered])
        return self.shortlists[lang]

    def uses(self, text: str, lang: str, path: str, line: int) -> list[tuple[Use, int, int]]:
        """Every rendering in one line of visible *text*, with its span."""
        return [(Use(term, status, match.group(0), path, line, lang), match.start(), match.end())
                for match, (term, status) in self.shortlist(lang).finditer(text)]


def visible(line: str) -> str:
    """A line of Markdown as a reader reads it: roles show their display text;
    code, URLs, link targets and footnote labels become spaces (so columns
    and the line stay where they were)."""
    line = ROLE.sub(lambda m: m.group(1), line)
    return HIDDEN.sub(lambda m: " " * len(m.group(0)), line)


def mention(text: str, start: int, end: int) -> bool:
    """Is text[start:end] quoted as a word (“缩放定律”) rather than used?"""
    opening = text[start - 1:start]
    return bool(opening) and QUOTES.get(opening) == text[end:end + 1]


def quoted(text: str, position: int) -> bool:
    """Is *position* inside a “quotation” on its line?"""
    return text.count("“", 0, position) > text.count("”", 0, position)


def glossed_pair(text: str, start: int, end: int, preferred: str) -> bool:
    """英伟达（NVIDIA） or NVIDIA（英伟达）: a variant given as a gloss of the preferred name."""
    after = re.match(r"\s*[（(]\s*" + re.escape(preferred) + r"\s*[）)]", text[end:])
    before = re.search(re.escape(preferred) + r"\s*[（(]\s*$", text[:start])
    return bool(after or (before and re.match(r"\s*[）)]", text[end:])))


def scanned_lines(block: Block) -> list[tuple[int, str]]:
    """(line number, visible text) for each line of a block a reader reads."""
    if block.kind == "code" or not (block.is_prose or block.kind in ("diagram", "directive")):
        return []
    numbered = list(enumerate(block.source.splitlines(), start=block.line))
    if block.kind in ("diagram", "directive"):
        # Only what is translated: captions, alt text, labels, a prose body.
        shown = []
        for number, line in numbered:
            option = re.match(r"^:(caption|alt|title):\s*(.*)$", line)
            if option:
                shown.append((number, option.group(2)))
            elif block.kind == "diagram":
                shown.append((number, " ".join(MERMAID_LABEL.findall(line))))
            elif not line.startswith(("```", ":::", ":")):
                shown.append((number, line))
        numbered = shown
    return [(number, visible(line)) for number, line in numbered]


def check_lines(termbase: Termbase, lines: list[tuple[int, str]], lang: str, path: str,
                page: str, exempt: tuple[str, set[int]] | None = None,
                ) -> tuple[list[Finding], list[tuple[Use, int, int, str]]]:
    """Forbidden renderings and variants in *lines*; every use, with its line's text."""
    findings, uses = [], []
    for number, text in lines:
        for use, start, end in termbase.uses(text, lang, path, number):
            uses.append((use, start, end, text))
            term = termbase.terms[use.term]
            if use.status not in (VARIANT, FORBIDDEN):
                continue
            if exempt and exempt[0] == use.term and number in exempt[1]:
                continue  # the entry's own note discusses its renderings
            preferred = term.preferred[lang]
            if use.status == VARIANT and (mention(text, start, end)
                                          or glossed_pair(text, start, end, preferred)):
                continue
            what = "a forbidden rendering" if use.status == FORBIDDEN else "not the preferred rendering"
            findings.append(Finding(
                ERROR, "termbase", path, number,
                f"termbase: “{use.written}” is {what} of {term.id} ({term.path}); "
                f"write “{preferred}”", page=page))
    return findings, uses


def gloss_findings(termbase: Termbase, uses: list[tuple[Use, int, int, str]], path: str,
                   page: str, headings: set[int]) -> list[Finding]:
    """The first use of each term on a zh page must carry its gloss: 词元（Token）."""
    findings, seen = [], set()
    for use, start, end, text in uses:
        term = termbase.terms[use.term]
        if use.status != PREFERRED or use.line in headings or use.term in seen:
            continue
        if not term.gloss or not HAN.search(use.written):
            seen.add(use.term)
            continue
        bracket = re.match(r"[”’」]?\s*[（(]([^）)]*)[）)]", text[end:])
        if bracket and bracket.group(1).strip().lower() in {term.gloss.lower(), term.preferred["en"].lower()}:
            seen.add(use.term)
            continue
        if quoted(text, start):
            continue  # no gloss inside a quotation: the first use outside it carries it
        seen.add(use.term)
        findings.append(Finding(
            ERROR, "gloss", path, use.line,
            f"termbase: the first use of “{use.written}” ({term.id}) on this page needs its gloss: "
            f"“{use.written}（{term.gloss}）”", page=page))
    return findings


def page_findings(termbase: Termbase, blocks: list[Block], lang: str, path: str,
                  page: str) -> tuple[list[Finding], list[Use]]:
    """The termbase findings of one page of the guide, and the renderings it uses."""
    lines = [line for block in blocks for line in scanned_lines(block)]
    findings, uses = check_lines(termbase, lines, lang, path, page)
    if lang == "zh":
        # A heading or a diagram's label is too short for a gloss: the first
        # use in running text carries it.
        headings = {n for block in blocks if block.kind in ("heading", "diagram")
                    for n in range(block.line, block.end + 1)}
        findings += gloss_findings(termbase, uses, path, page, headings)
    return findings, [use for use, *_ in uses]


def entry_lines(entry: Entry) -> tuple[dict[str, list[tuple[int, str]]], set[int]]:
    """The visible lines of an entry's prose by language (its definitions and
    notes, not its example or sources), and which of them are its notes."""
    lines: dict[str, list[tuple[int, str]]] = {"zh": [], "en": []}
    notes: set[int] = set()
    section, in_fence = "", False
    for number, line in enumerate(entry.path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("```"):
            in_fence = not in_fence
        if not in_fence and line.startswith("## "):
            section = line[3:].strip()
        elif section in ("zh", "note-zh", "en", "note-en"):
            lines["zh" if section.endswith("zh") else "en"].append((number, visible(line)))
            if section.startswith("note-"):
                notes.add(number)
    return lines, notes


def entry_findings(termbase: Termbase, entry: Entry, path: str) -> tuple[list[Finding], list[Use]]:
    """The termbase findings of one glossary entry's prose.  Its own notes
    may name its variants; its gloss is its heading on the glossary page."""
    lines, notes = entry_lines(entry)
    findings, uses = [], []
    for lang in LANGS:
        found, used = check_lines(termbase, lines[lang], lang, path, "", exempt=(entry.id, notes))
        findings += found
        uses += [use for use, *_ in used]
    return findings, uses


def usage_table(uses: list[Use]) -> dict[str, dict[str, dict[str, list[Use]]]]:
    """term → language → rendering written → its uses, for the page of terms."""
    table: dict[str, dict[str, dict[str, list[Use]]]] = defaultdict(lambda: defaultdict(dict))
    for use in uses:
        table[use.term][use.lang].setdefault(use.written, []).append(use)
    return table


def load(directory: Path, relative) -> Termbase:
    """The termbase of the glossary in *directory* (raises GlossaryError)."""
    from cakedoc.glossary.entries import load as load_entries
    from cakedoc.glossary.names import load_names

    return Termbase.create(load_entries(directory), load_names(directory), relative)
