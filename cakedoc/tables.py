"""Tables that keep their columns while the page arrives.

A browser lays out an ordinary table from the rows it has.  On a slow link it
paints the first rows, then widens and narrows columns as later rows arrive,
moving every cell: with the HTML arriving at 2 KB every 30 ms, the stack
page's table scored a layout shift of 0.018 (tests/test_slow_link.py).  Here each
table of an HTML build gets column widths from its content, and
``table.cake-fixed-columns`` in cake.css lays it out with
``table-layout: fixed``: the first row already has the final columns.

The widths follow the browser's own rule for auto-width tables, worked out
from the cells' text for the article's width: every column gets its widest
unbreakable word (and a short label its whole text), the rest goes where
the longest lines are.  Tables whose source gives widths (``:widths:``)
keep them.  The PDF is not affected: LaTeX lays out a whole table at once.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

#: The width furo gives the article from 48em of viewport up, in ems.  Below
#: that cake.css leaves tables to the browser (a phone's narrower column
#: would break the words these widths are worked out to keep whole).
ARTICLE = 46.0
#: A cell's padding plus its paragraph's margins (furo: 0.25rem each side).
CELL_PADDING = 1.0
#: Advances of Latin text, in ems, a little over DejaVu Sans's (the widest
#: of the common sans fonts; a narrower font only leaves room spare): thin
#: letters and punctuation, the broadest letters, capitals and digits, the
#: rest.  Checked against Chromium by tests/test_tables.py.
THIN, THIN_CHARS = 0.35, frozenset(" .,:;'!|/()[]-ijlft")
BROADEST, BROADEST_CHARS = 1.0, frozenset("MWmw")
BROAD, BROAD_CHARS = 0.72, frozenset("ABCDEFGHIJKLNOPQRSTUVXYZ0123456789%")
LETTER = 0.6
#: Header cells are bold: this much wider.
BOLD = 1.15
#: An unbreakable piece counts up to this many ems: a longer one is a URL,
#: and is broken (overflow-wrap in cake.css) rather than widen its column
#: past the article, which would scroll the table sideways.
LONGEST_PIECE = 12.0
#: A cell no wider than this, in ems, is a label (能源, 基础设施, 2024-12):
#: it is kept on one line, where a browser would stack Chinese characters.
LABEL = 5.0
CSS_CLASS = "cake-fixed-columns"
CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
#: A run a line cannot break: up to a space, a CJK character, or just after
#: a hyphen or dash (Chromium breaks a URL there too, but not after a slash).
UNBREAKABLE = re.compile(rf"[^\s\-\u2013\u2014{CJK}]+[-\u2013\u2014]?")


def ems(text: str) -> float:
    """The width of *text* on one line, in ems."""
    return sum(1.0 if unicodedata.east_asian_width(char) in "WF"
               else THIN if char in THIN_CHARS else BROADEST if char in BROADEST_CHARS
               else BROAD if char in BROAD_CHARS else LETTER for char in text)


def widest_piece(text: str) -> float:
    """The widest piece of *text* a line cannot break: a run of Latin
    letters and digits, or one CJK character (a line breaks between any two);
    a label is not broken at all, a URL is counted only up to LONGEST_PIECE."""
    if ems(text) <= LABEL:
        return ems(text)
    return min(LONGEST_PIECE, max([1.0 if re.search(f"[{CJK}]", text) else 0.0,
                                   *(ems(piece) for piece in UNBREAKABLE.findall(text))]))


def column_widths(rows: list[list[str]], columns: int, header_rows: int = 0) -> list[float]:
    """Widths in ems for *columns* columns of *rows* of cell text (the first
    *header_rows* bold), shared out the way a browser does an auto-width
    table: each column gets at least its widest unbreakable piece, and what
    is left of the article goes to the columns in proportion to how much
    more their longest line would need.  If the pieces alone are wider than
    the article, the widths are theirs (the table, at 100%, scales them)."""
    narrowest = [0.0] * columns
    widest = [0.0] * columns
    for number, row in enumerate(rows):
        weight = BOLD if number < header_rows else 1.0
        for index, text in enumerate(row[:columns]):
            text = " ".join(text.split())
            narrowest[index] = max(narrowest[index], weight * widest_piece(text) + CELL_PADDING)
            widest[index] = max(widest[index], weight * ems(text) + CELL_PADDING)
    spare = ARTICLE - sum(narrowest)
    wish = [wide - narrow for wide, narrow in zip(widest, narrowest)]
    if sum(widest) <= ARTICLE or not sum(wish):
        # Every line fits: the table still spans the article (width: 100%),
        # which shares it in proportion to these.
        return widest
    if spare <= 0:
        return narrowest
    return [narrow + spare * extra / sum(wish) for narrow, extra in zip(narrowest, wish)]


def percentages(widths: list[float]) -> list[int]:
    """*widths* as whole percentages of their sum, adding up to 100."""
    shares = [max(1, round(100 * width / sum(widths))) for width in widths]
    shares[shares.index(max(shares))] += 100 - sum(shares)
    return shares


class FixedTableColumns(SphinxPostTransform):
    """Give every auto-width table of an HTML page fixed column widths."""

    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for table in self.document.findall(nodes.table):
            tgroup = table.next_node(nodes.tgroup)
            if "colwidths-auto" not in table["classes"] or tgroup is None:
                continue
            colspecs = [child for child in tgroup.children if isinstance(child, nodes.colspec)]
            header = [row for part in tgroup.findall(nodes.thead) for row in part.children]
            body = [row for part in tgroup.findall(nodes.tbody) for row in part.children]
            rows = [[entry.astext() for entry in row.children] for row in header + body]
            widths = column_widths(rows, len(colspecs), header_rows=len(header))
            for colspec, share in zip(colspecs, percentages(widths)):
                colspec["colwidth"] = share
            table["classes"].remove("colwidths-auto")
            table["classes"] += ["colwidths-given", CSS_CLASS]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_post_transform(FixedTableColumns)
    return {"version": "1.0", "parallel_read_safe": True,
            "parallel_write_safe": True}
