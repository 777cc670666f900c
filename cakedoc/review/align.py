"""Pair the blocks of a page with the blocks of its translation, in order.

When both pages have the same sequence of block kinds (the rule, and the
usual case) the n-th block pairs with the n-th.  Otherwise the two sequences
are aligned by dynamic programming (Needleman–Wunsch) so that one missing
paragraph is reported as one missing paragraph, at its line, and not as every
later paragraph being wrong: a pair of blocks of the same kind costs how
unlike they are (their numbers, terms, footnotes, links and code, and their
length against the page's usual length ratio), a block with no counterpart
costs GAP, and two blocks of different kinds cost more than a same-kind pair
but less than two gaps, so they are reported as a mismatch at one position.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from cakedoc.review.blocks import Block
from cakedoc.review.figures import figures
from cakedoc.review.findings import ERROR, Finding

GAP = 1.0
SAME_KIND_OTHER_DETAIL = 1.0  #: h2 against h3, or two different directives
OTHER_KIND = 1.6  #: below 2 × GAP: a lone block on each side is a mismatch


@dataclass
class Pair:
    """A source block and its translation; one side is None when missing."""

    source: Block | None
    translation: Block | None

    @property
    def index(self) -> int | None:
        return self.source.index if self.source else None


def features(block: Block) -> Counter[str]:
    """What two translations of one block have in common, whatever the language."""
    found = Counter(f"n:{number}" for number in figures(block.inline.visible).elements())
    found.update(f"t:{term.lower()}" for term in block.inline.terms)
    found.update(f"f:{label}" for label in block.inline.footnotes)
    found.update(f"s:{key}" for key in block.inline.citations)
    found.update(f"l:{link}" for link in block.inline.links)
    found.update(f"c:{code}" for code in block.inline.code)
    if block.kind == "footnote":
        found[f"f:{block.detail}"] += 1
    if block.kind == "code":
        found[f"c:{block.body}"] += 1
    return found


class Aligner:
    """The cost model for one page pair."""

    def __init__(self, source: list[Block], translation: list[Block]) -> None:
        self.features = {id(block): features(block) for block in (*source, *translation)}
        total_source = sum(len(block.inline.visible) for block in source) or 1
        total_translation = sum(len(block.inline.visible) for block in translation) or 1
        #: How much longer the translation's text is than the source's, on this page.
        self.ratio = total_translation / total_source

    def unlikeness(self, source: Block, translation: Block) -> float:
        """0 for a faithful pair, up to 1 for two unrelated blocks."""
        mine, theirs = self.features[id(source)], self.features[id(translation)]
        length_s, length_t = len(source.inline.visible), len(translation.inline.visible)
        length = min(1.0, abs(math.log((length_t + 1) / ((length_s + 1) * self.ratio))) / math.log(4))
        union = sum((mine | theirs).values())
        if not union:
            return length
        shared = sum((mine & theirs).values()) / union
        return 0.5 * (1 - shared) + 0.5 * length

    def cost(self, source: Block, translation: Block) -> float:
        if source.signature == translation.signature:
            return self.unlikeness(source, translation)
        if source.kind == translation.kind:
            return SAME_KIND_OTHER_DETAIL + 0.4 * self.unlikeness(source, translation)
        return OTHER_KIND


def align(source: list[Block], translation: list[Block]) -> list[Pair]:
    """The blocks of two pages, paired in order."""
    if [b.signature for b in source] == [b.signature for b in translation]:
        return [Pair(s, t) for s, t in zip(source, translation)]
    aligner = Aligner(source, translation)
    n, m = len(source), len(translation)
    # best[i][j]: the cheapest alignment of source[:i] with translation[:j].
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        best[i][0] = i * GAP
    for j in range(1, m + 1):
        best[0][j] = j * GAP
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            best[i][j] = min(best[i - 1][j - 1] + aligner.cost(source[i - 1], translation[j - 1]),
                             best[i - 1][j] + GAP, best[i][j - 1] + GAP)
    pairs: list[Pair] = []
    i, j = n, m
    while i or j:
        if i and j and math.isclose(best[i][j], best[i - 1][j - 1] + aligner.cost(source[i - 1], translation[j - 1])):
            pairs.append(Pair(source[i - 1], translation[j - 1]))
            i, j = i - 1, j - 1
        elif i and math.isclose(best[i][j], best[i - 1][j] + GAP):
            pairs.append(Pair(source[i - 1], None))
            i -= 1
        else:
            pairs.append(Pair(None, translation[j - 1]))
            j -= 1
    return pairs[::-1]


def alignment_findings(pairs: list[Pair], source_path: str, translation_path: str,
                       page: str, translation_lines: int) -> list[Finding]:
    """Errors for every block with no counterpart and every pair of different kinds.

    Each names the translation's file and line (where the fix usually goes)
    and the source's file and line in its message."""
    found = []
    for position, pair in enumerate(pairs):
        s, t = pair.source, pair.translation
        if s and t and s.signature != t.signature:
            what = "heading levels differ" if s.kind == t.kind == "heading" else "block kinds differ"
            found.append(Finding(
                ERROR, "alignment", translation_path, t.line,
                f"{what}: a {t.label} here, a {s.label} at {source_path}:{s.line} (block {s.index})",
                page=page, block=s.index))
        elif s and not t:
            # Reported at the gap: the line after the translation's previous block.
            before = next((p.translation for p in reversed(pairs[:position]) if p.translation), None)
            line = min(before.end + 1, translation_lines) if before else 1
            where = f"after line {before.end}" if before else "at the top"
            found.append(Finding(
                ERROR, "alignment", translation_path, line,
                f"missing {s.label}: {source_path}:{s.line} (block {s.index}) has no "
                f"counterpart in this file; it belongs {where}", page=page, block=s.index))
        elif t and not s:
            previous = next((p.source for p in reversed(pairs[:position]) if p.source), None)
            where = f"after {source_path}:{previous.end}" if previous else f"at the top of {source_path}"
            found.append(Finding(
                ERROR, "alignment", translation_path, t.line,
                f"extra {t.label}: no counterpart in {source_path} (it would be {where})",
                page=page))
    return found
