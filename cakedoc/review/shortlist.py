"""Which of many renderings a line can hold, at a cost that does not grow with their number.

Enters: the alternatives of one regex alternation, in the order it tries
them, each as (the rendering, its regex with one group, its owner), and the
flags of the whole alternation; then lines of text.
Leaves: for a line, the matches of that alternation with the owner of each,
exactly as ``re.compile("|".join(regexes), flags).finditer(line)`` finds them.

Python's ``re`` tries every alternative at every position, so one alternation
of every rendering of every term costs per line (characters × renderings): it
made ``make review`` grow with the square of the guide (issue 17).  Every
match of a rendering's pattern (:func:`cakedoc.review.terms.pattern`), with
case folded as ``re.I`` folds it and each run of spaces and hyphens written as
one space, *contains* the rendering folded the same way.  So a trie of the
folded renderings, walked from each position of the folded line, finds every
rendering the line can hold, in steps bounded by the line's length times the
longest rendering; the alternation of those few, in the same order, finds the
same matches as the alternation of all (an alternative that matches nowhere
in the line changes nothing).  It is compiled once per set of alternatives
(and kept for the next shortlist with the same ones).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from typing import Generic, TypeVar

Owner = TypeVar("Owner")
SEPARATORS = re.compile(r"[\s-]+")  # what pattern() accepts between two words
END = ""  # the trie's mark for "a rendering ends here" (no character is "")
CACHED = 4096  # compiled alternations kept, the least recently used dropped first


class Fold(dict):
    """str.translate table: each character as case-insensitive ``re`` sees it.

    ``re.I`` matches a character of the text to a character of the pattern
    when their simple lower cases are equal or are one of its few extra pairs
    (ſ and s, ı and i, ς and σ …); lower, upper and lower again maps each
    such pair to one spelling (ſ → S → s).  İ is the one character whose
    str.lower() is two characters (i and a dot): its simple lower case is i.
    tests/test_shortlist.py checks the fold against ``re`` itself."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = "i" if char == "\u0130" else char.lower().upper().lower()
        self[code] = folded
        return folded


FOLD = Fold()


def normal(text: str) -> str:
    """*text* case-folded as ``re.I`` folds it, each run of spaces and hyphens one space."""
    return SEPARATORS.sub(" ", text.translate(FOLD))


@functools.lru_cache(maxsize=CACHED)
def compiled(pattern: str, flags: int) -> re.Pattern[str]:
    """``re.compile``, kept across shortlists: every review builds its own,
    the same thousand-odd alternations recur from one review to the next
    (in a test session, a long-lived server), and ``re`` keeps only 512."""
    return re.compile(pattern, flags)


class Shortlist(Generic[Owner]):
    """One alternation of many renderings, matched against only those a line holds."""

    def __init__(self, alternatives: Sequence[tuple[str, str, Owner]], flags: int = 0) -> None:
        self.alternatives = list(alternatives)
        self.flags = flags
        self.trie: dict = {}
        self.always: list[int] = []  # a rendering with no letter to look for (none in practice)
        for number, (rendering, _, _) in enumerate(self.alternatives):
            key = normal(rendering).strip()
            if not key:
                self.always.append(number)
                continue
            node = self.trie
            for char in key:
                node = node.setdefault(char, {})
            node.setdefault(END, []).append(number)
        self.compiled: dict[tuple[int, ...], tuple[re.Pattern[str], list[Owner]]] = {}
        #: Trie steps and alternatives tried, over every line so far (the scaling test reads them).
        self.steps = 0
        self.tried = 0

    def present(self, text: str) -> tuple[int, ...]:
        """The alternatives whose folded rendering occurs in folded *text*, in order."""
        folded = normal(text)
        found = set(self.always)
        steps, size, trie = 0, len(folded), self.trie
        for start in range(size):
            node = trie.get(folded[start])
            position = start + 1
            while node is not None:
                steps += 1
                if END in node:
                    found.update(node[END])
                if position == size:
                    break
                node = node.get(folded[position])
                position += 1
        self.steps += steps
        self.tried += len(found)
        return tuple(sorted(found))

    def finditer(self, text: str) -> Iterator[tuple[re.Match[str], Owner]]:
        """Each match of the whole alternation in *text*, with its alternative's owner."""
        present = self.present(text)
        if not present:
            return
        if present not in self.compiled:
            if len(self.compiled) >= CACHED:
                self.compiled.clear()
            chosen = [self.alternatives[number] for number in present]
            self.compiled[present] = (compiled("|".join(regex for _, regex, _ in chosen), self.flags),
                                      [owner for _, _, owner in chosen])
        regex, owners = self.compiled[present]
        for match in regex.finditer(text):
            yield match, owners[match.lastindex - 1]
