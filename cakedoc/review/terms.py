"""The glossary as the review uses it: term ids and each language's renderings.

Built from :func:`cakedoc.glossary.entries.load` and
:meth:`Entry.renderings`, so the review, the glossary page and its tests agree
on what a term is and how each language may write it.
"""

from __future__ import annotations

import re
from pathlib import Path

from cakedoc.glossary.entries import Entry, load
from cakedoc.layers import LAYER_IDS
from cakedoc.review.shortlist import Shortlist

#: Chinese characters (CJK unified ideographs, extension A, compatibility).
HAN_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN = re.compile(f"[{HAN_CHARS}]")


def pattern(rendering: str, inflected: bool = False) -> str:
    """A rendering as a regex.  Chinese matches as written; Latin script
    matches whole words, case-insensitive, with a space or hyphen between
    words ("liquid-cooling systems") and a plural ("GPUs").  *inflected*
    also accepts the last word's other forms ("chip", "trained"): grammar
    is not a different rendering, but "reason" is no sign of "reasoning"."""
    if HAN.search(rendering):
        return re.escape(rendering)
    words = [re.escape(word) for word in re.split(r"[\s-]+", rendering) if word]
    if inflected and len(words[-1]) > 4:
        words[-1] = re.sub(r"(?:es|s|ing|ed)$", "", words[-1]) + r"(?:s|es|e|ed|d|ing)?"
    else:
        words[-1] += r"(?:s|es)?"
    return r"(?<![A-Za-z0-9])" + r"[\s-]+".join(words) + r"(?![A-Za-z0-9])"


def own_renderings(entry: Entry, lang: str) -> list[str]:
    """How this guide writes a term in *lang*: its name (without a gloss in
    brackets) and its abbreviation.  Not the aliases: they list what other
    sources write, some of them everyday words (算力, 机房) that are no sign of
    the term.  Not the five layers either: 芯片, 应用 and 能源 are used in their
    everyday sense too (计算芯片 is a compute die; 应用人工智能 is to use AI)."""
    if entry.id in LAYER_IDS:
        return []
    name = entry.zh if lang == "zh" else entry.en
    return [spelling for spelling in (re.sub(r"\s*[（(][^）)]*[）)]$", "", name), entry.abbr) if spelling]


class Glossary:
    """Term ids by any name, and which entries a text uses."""

    def __init__(self, entries: dict[str, Entry]) -> None:
        self.entries = entries
        self.ids: dict[str, str] = {}
        for entry in entries.values():
            for name in (entry.id, *entry.renderings("zh"), *entry.renderings("en")):
                self.ids.setdefault(name.lower(), entry.id)
        self.shortlists: dict[str, Shortlist[str]] = {}

    @classmethod
    def load(cls, directory: Path) -> Glossary:
        return cls(load(directory))

    def term_id(self, target: str) -> str:
        """The entry id a ``{term}`` target names (it may name the term in either language)."""
        return self.ids.get(target.lower(), target.lower())

    def shortlist(self, lang: str) -> Shortlist[str]:
        """The guide's own rendering of every term in *lang*, longest first, so
        逻辑推理 (reasoning) is found as itself and not as 推理 (inference),
        each owned by its entry id.  A text is matched against only the
        renderings it can hold (:mod:`cakedoc.review.shortlist`)."""
        if lang not in self.shortlists:
            names = sorted({(name, entry.id) for entry in self.entries.values()
                            for name in own_renderings(entry, lang)}, key=lambda n: -len(n[0]))
            self.shortlists[lang] = Shortlist([(name, f"({pattern(name)})", entry_id)
                                               for name, entry_id in names], re.I)
        return self.shortlists[lang]

    def used(self, text: str, lang: str) -> dict[str, str]:
        """Entry id → the rendering *text* uses, for every entry it uses."""
        found: dict[str, str] = {}
        for match, entry in self.shortlist(lang).finditer(text):
            found.setdefault(entry, match.group(0))
        return found

    def renders(self, entry_id: str, text: str, lang: str) -> bool:
        """Does *text* write the entry in one of the ways *lang* allows?"""
        names = self.entries[entry_id].renderings(lang)
        return any(re.search(pattern(name, inflected=True), text, re.I) for name in names)
