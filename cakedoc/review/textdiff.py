"""A stale block's change shown inline: old and new source text, the changed
parts marked, character by character in Chinese and word by word in English.

In: the text a reviewer signed off, the text now, and the language.  Out:
the pieces (``equal``, ``delete``, ``insert``) and their HTML, with ``<del>``
and ``<ins>`` around exactly what changed.  A Chinese paragraph is one line,
so a line diff would mark all of it; here each 汉字 and each CJK punctuation
mark is a unit of its own, a run of Latin letters or digits (a word, a
number) one unit, as in English, where words, spaces and punctuation are the units.
"""

from __future__ import annotations

import difflib
import re
from html import escape

#: Chinese: one unit per 汉字 or full-width mark; Latin words and numbers whole.
ZH_UNITS = re.compile(r"[A-Za-z0-9_.,%]+|\s+|.", re.S)
#: English: words (with their inner apostrophes and hyphens), spaces, each other character.
EN_UNITS = re.compile(r"[\w'’-]+|\s+|.", re.S)


def units(text: str, lang: str) -> list[str]:
    return (ZH_UNITS if lang == "zh" else EN_UNITS).findall(text)


def pieces(old: str, new: str, lang: str) -> list[tuple[str, str]]:
    """(operation, text) in order: "equal", "delete" or "insert"; a replacement
    is its deletion followed by its insertion."""
    before, after = units(old, lang), units(new, lang)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    found: list[tuple[str, str]] = []
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        if operation == "equal":
            found.append(("equal", "".join(before[a1:a2])))
            continue
        if a2 > a1:
            found.append(("delete", "".join(before[a1:a2])))
        if b2 > b1:
            found.append(("insert", "".join(after[b1:b2])))
    return found


def html(old: str, new: str, lang: str) -> str:
    """The change as one text with ``<del>`` and ``<ins>`` marks."""
    tags = {"delete": "del", "insert": "ins"}
    return "".join(escape(text) if operation == "equal" else
                   f"<{tags[operation]}>{escape(text)}</{tags[operation]}>"
                   for operation, text in pieces(old, new, lang))
