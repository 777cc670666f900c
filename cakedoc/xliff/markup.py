"""A block's Markdown as text a translator edits and codes nobody may touch.

In: the Markdown of one block (a paragraph, a heading, a list item, a table
row, a footnote, an admonition…) and its kind.  Out: a list of :class:`Piece`
— ``text``, or a code: ``ph`` (standalone: a footnote reference, inline code,
a role without a visible text, emphasis marks, a line's leading markup such
as ``## `` or ``- ``, a table's ``|``) or a ``bpt``/``ept`` pair around text
the reader sees (``{term}`…`` + `` <hbm>` ``, ``[`` + ``](url)``).
:func:`join` gives the Markdown back byte for byte.  Every line break is
inside a code, so the text a translator sees never contains one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cakedoc.review.blocks import TRANSLATED_OPTIONS

#: Inline markup, in order of precedence.
INLINE = re.compile(
    r"(?P<role_open>\{[\w:-]+\}`)(?P<role_text>[^`<\n]*?[^`<\s][^`<\n]*?)(?P<role_close>\s*<[^`>\n]+>`)"
    r"|(?P<role>\{[\w:-]+\}`[^`\n]*`)"
    r"|(?P<code>(?P<ticks>`+)[^`\n].*?(?P=ticks))"
    r"|(?P<footnote>\[\^[^\]\s]+\])"
    r"|(?P<link_open>\[)(?P<link_text>[^\[\]\n]+)(?P<link_close>\]\([^)\s]*\))"
    r"|(?P<html></?[A-Za-z][^>\n]*>)"
    r"|(?P<emphasis>\*\*|\*|__)"
    r"|(?P<escape>\\[\\`*_{}\[\]()#+\-.!|<>$])"
)
#: What opens a line of a block: indentation, a heading's #, a list marker, a
#: quote's >, a footnote's label.
LEAD = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|(?:[-*+]|\d+[.)])[ \t]+|>[ \t]?|\[\^[^\]]+\]:[ \t]*)?")
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,}|:{3,})")
OPTION = re.compile(r"^([ \t]*:[\w-]+:[ \t]*)(.*)$")
TABLE_CELL = re.compile(r"[ \t]*(?<!\\)\|[ \t]*")


@dataclass
class Piece:
    kind: str  #: "text", "ph", "bpt" or "ept"
    content: str  #: the text, or the code exactly as written
    pair: int = 0  #: bpt and ept of one pair share a number (within the block)


def join(pieces: list[Piece]) -> str:
    return "".join(piece.content for piece in pieces)


def add(pieces: list[Piece], kind: str, content: str, pair: int = 0) -> None:
    if not content:
        return
    if kind == "text" and pieces and pieces[-1].kind == "text":
        pieces[-1].content += content
    elif kind == "ph" and pieces and pieces[-1].kind == "ph":
        pieces[-1].content += content  # one code for a run of markup
    else:
        pieces.append(Piece(kind, content, pair))


class Cutter:
    def __init__(self) -> None:
        self.pieces: list[Piece] = []
        self.pairs = 0

    def inline(self, text: str, table: bool = False) -> None:
        position = 0
        for match in INLINE.finditer(text):
            self.plain(text[position:match.start()], table)
            position = match.end()
            if match["role_open"]:
                self.pair(match["role_open"], match["role_text"], match["role_close"], table)
            elif match["link_open"]:
                self.pair(match["link_open"], match["link_text"], match["link_close"], table)
            else:
                add(self.pieces, "ph", match.group())
        self.plain(text[position:], table)

    def pair(self, opening: str, text: str, closing: str, table: bool) -> None:
        self.pairs += 1
        add(self.pieces, "bpt", opening, self.pairs)
        self.inline(text, table)
        add(self.pieces, "ept", closing, self.pairs)

    def plain(self, text: str, table: bool) -> None:
        if not table:
            add(self.pieces, "text", text)
            return
        position = 0
        for match in TABLE_CELL.finditer(text):
            add(self.pieces, "text", text[position:match.start()])
            add(self.pieces, "ph", match.group())
            position = match.end()
        add(self.pieces, "text", text[position:])


def cut(markdown: str, kind: str) -> list[Piece]:
    """The pieces of one block of *kind* (cakedoc.review.blocks.Block.kind)."""
    cutter = Cutter()
    fenced = kind in ("directive", "diagram")
    for number, line in enumerate(markdown.split("\n")):
        newline = "\n" if number else ""
        if fenced and (FENCE.match(line) or number == 0):
            add(cutter.pieces, "ph", newline + line)
            continue
        option = OPTION.match(line) if fenced else None
        if option:
            name = option[1].strip().strip(":")
            if name in TRANSLATED_OPTIONS:
                add(cutter.pieces, "ph", newline + option[1])
                cutter.inline(option[2])
            else:
                add(cutter.pieces, "ph", newline + line)
            continue
        lead = LEAD.match(line).group()
        rest = line[len(lead):]
        # trailing spaces are markup too (a hard line break), not words
        body = rest.rstrip(" \t")
        add(cutter.pieces, "ph", newline + lead)
        cutter.inline(body, table=kind == "table-row")
        add(cutter.pieces, "ph", rest[len(body):])
    return cutter.pieces
