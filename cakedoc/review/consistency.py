"""Does each aligned pair of blocks say the same thing?

For two blocks of the same kind at the same position: the same numbers (as
numbers: ``1,440`` = ``1440``), the same ``{term}`` targets, link targets,
footnote labels, cited sources ({footcite} keys) and inline code; code identical; a diagram's shape identical
(only its labels are translated); a chart's data table identical; the same
number of table cells; every glossary term the source uses rendered as the
glossary says; and no Chinese
left in a translation into English beyond a short mention of a word the
source block also has (``… the term 词元 …``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from cakedoc.charts.data import same_data
from cakedoc.review.blocks import PROSE_DIRECTIVES, TRANSLATED_OPTIONS, Block, normal_text
from cakedoc.review.figures import figures, spellings
from cakedoc.review.findings import ERROR, Finding
from cakedoc.review.terms import HAN_CHARS, Glossary

#: The longest Chinese run an English block may quote as a word (高頻寬記憶體 is 6).
MENTION_MAX = 8
#: Chinese characters, joined across the punctuation between them, so a
#: leftover sentence is one run.
HAN_RUN = re.compile(f"[{HAN_CHARS}]+(?:[\u3000-\u303f\uff00-\uffef“”‘’\\s]*[{HAN_CHARS}]+)*")
MERMAID_LABEL = re.compile(r'"[^"]*"')


@dataclass
class Context:
    """Where a pair is and what it is checked with."""

    page: str
    source_path: str
    translation_path: str
    source_lang: str
    translation_lang: str
    glossary: Glossary


Problem = tuple[str, str]  #: (check, message)


def pair_findings(source: Block, translation: Block, context: Context) -> list[Finding]:
    """Every inconsistency of one aligned pair of the same kind, at the
    translation's line, naming the source's file and line."""
    c = context
    return [Finding(ERROR, check, c.translation_path, translation.line,
                    f"{message} (block {source.index}, {c.source_path}:{source.line})",
                    page=c.page, block=source.index)
            for check, message in problems(source, translation, c)]


def problems(source: Block, translation: Block, c: Context) -> Iterator[Problem]:
    s, t = source.inline, translation.inline
    if source.kind == "code":
        if normal_text(source.body) != normal_text(translation.body) or source.detail != translation.detail:
            yield "code", "code differs: a code block is identical in both languages"
        return
    if source.kind in ("target", "math") and normal_text(source.source) != normal_text(translation.source):
        yield "code", f"the {source.kind} differs: it is not translated"
    yield from compared(c, "numbers", "numbers", figures(s.visible), figures(t.visible),
                        {**spellings(t.visible), **spellings(s.visible)})
    yield from compared(c, "terms", "{term} targets", Counter(c.glossary.term_id(x) for x in s.terms),
                        Counter(c.glossary.term_id(x) for x in t.terms))
    yield from compared(c, "links", "link targets", Counter(s.links), Counter(t.links))
    yield from compared(c, "footnotes", "footnote references", Counter(s.footnotes), Counter(t.footnotes))
    yield from compared(c, "citations", "cited sources ({footcite} keys)", Counter(s.citations),
                        Counter(t.citations))
    yield from compared(c, "code", "inline code", Counter(s.code), Counter(t.code))
    if source.kind == "footnote" and source.detail != translation.detail:
        yield "footnotes", (f"footnote labels differ: [^{source.detail}] in {c.source_lang}, "
                            f"[^{translation.detail}] in {c.translation_lang}")
    if source.kind == "table-row" and source.cells != translation.cells:
        yield "table", (f"table cells differ: {source.cells} in {c.source_lang}, "
                        f"{translation.cells} in {c.translation_lang}")
    if source.kind in ("diagram", "directive"):
        yield from shape_problems(source, translation)
    yield from rendering_problems(source, translation, c)
    if c.translation_lang != "zh":
        leftover = untranslated(s.visible, t.visible)
        if leftover:
            yield "untranslated", ("untranslated Chinese: " + ", ".join(f"“{run}”" for run in leftover)
                                   + f" (only a short mention of a word the {c.source_lang} "
                                   "block has may stay)")


def compared(c: Context, check: str, what: str, mine: Counter[str], theirs: Counter[str],
             shown: dict[str, str] | None = None) -> Iterator[Problem]:
    """A problem if two multisets differ, naming what only one side has."""
    only_source = sorted((mine - theirs).elements())
    only_translation = sorted((theirs - mine).elements())
    parts = [f"{lang} only: " + ", ".join((shown or {}).get(x, x) for x in only)
             for lang, only in ((c.source_lang, only_source), (c.translation_lang, only_translation))
             if only]
    if parts:
        yield check, f"{what} differ: " + "; ".join(parts)


def shape_problems(source: Block, translation: Block) -> Iterator[Problem]:
    """A diagram or directive differs in more than its translated text."""
    check = "diagram" if source.kind == "diagram" else "code"
    fixed = {key: value for key, value in source.options.items() if key not in TRANSLATED_OPTIONS}
    theirs = {key: value for key, value in translation.options.items() if key not in TRANSLATED_OPTIONS}
    if fixed != theirs:
        yield check, f"options differ: {fixed} in the source, {theirs} in the translation"
    if source.detail == "mermaid":
        # Labels are translated; node ids, arrows and layout are not.
        if MERMAID_LABEL.sub('""', normal_text(source.body)) != \
                MERMAID_LABEL.sub('""', normal_text(translation.body)):
            yield check, ("diagram shape differs: the nodes and arrows must be the same, "
                          "only the quoted labels are translated")
    elif source.detail == "chart":
        # Both languages draw the same numbers: the table is not translated.
        differs = same_data(source.body, translation.body)
        if differs:
            yield "chart-data", (f"chart data differs, {differs}: the table under a {{chart}} "
                                 "is the same in both languages")
    elif source.kind == "directive" and source.detail not in PROSE_DIRECTIVES and \
            normal_text(source.body) != normal_text(translation.body):
        yield check, f"the body of {{{source.detail}}} differs: it is not translated"


def rendering_problems(source: Block, translation: Block, c: Context) -> Iterator[Problem]:
    """Every glossary term the source writes is written as the glossary says."""
    for entry_id, written in c.glossary.used(source.inline.visible, c.source_lang).items():
        # Quoting the source's word ("the term 词元") is a mention, not a rendering.
        if written in translation.inline.visible:
            continue
        if not c.glossary.renders(entry_id, translation.inline.visible, c.translation_lang):
            allowed = " / ".join(c.glossary.entries[entry_id].renderings(c.translation_lang))
            yield "glossary", (f"glossary rendering missing: {c.source_lang} writes “{written}” "
                               f"({entry_id}), so {c.translation_lang} must write {allowed}")


def untranslated(source_text: str, translation_text: str) -> list[str]:
    """Chinese runs in a translation that are not a short mention from its source."""
    return [run for run in HAN_RUN.findall(translation_text)
            if len(run) > MENTION_MAX or run not in source_text]
