"""Tables with fixed columns (cakedoc.tables): widths worked out from the
cells' text, checked in the browser against the words they must hold."""

from __future__ import annotations

import pytest

from cakedoc.tables import (ARTICLE, CELL_PADDING, LONGEST_PIECE, UNBREAKABLE, column_widths, ems,
                            percentages, widest_piece)
from conftest import LANGS, offline_context, site_pages


def test_widths_fill_the_article_and_follow_the_longest_lines() -> None:
    rows = [["Year", "What happened"],
            ["2024", "A long sentence about what happened in that year, " * 3]]
    widths = column_widths(rows, 2, header_rows=1)
    assert abs(sum(widths) - ARTICLE) < 1e-9
    assert widths[0] < widths[1]
    assert sum(percentages(widths)) == 100


def test_a_label_is_one_piece_and_chinese_text_breaks_anywhere() -> None:
    assert widest_piece("基础设施") == 4.0          # a label: kept on one line
    assert widest_piece("把芯片编排成一台计算机的系统") == 1.0  # breaks between characters
    assert widest_piece("high-bandwidth memory") == widest_piece("bandwidth")  # after a hyphen


def test_every_column_gets_at_least_its_widest_word() -> None:
    rows = [["Layer", "Example"], ["Infrastructure", "x " * 200]]
    assert column_widths(rows, 2)[0] >= widest_piece("Infrastructure") + CELL_PADDING


def test_a_url_is_counted_only_up_to_a_limit() -> None:
    url = "https://example.org/" + "a" * 80
    assert widest_piece(url) == LONGEST_PIECE


# Without the break-word fallback, a word wider than its column overflows
# the cell instead of being broken: that is what this looks for.  Pieces
# longer than tables.LONGEST_PIECE (URLs) may be broken: see words_kept_whole.
OVERFLOWING_CELLS = """() => {
  const style = document.createElement("style");
  style.textContent = "table.cake-fixed-columns :is(td, th) { overflow-wrap: normal !important; }";
  document.head.append(style);
  return [...document.querySelectorAll("table.cake-fixed-columns :is(td, th)")]
    .filter(cell => cell.scrollWidth > cell.clientWidth + 1)
    .map(cell => cell.innerText);
}"""
SIDEWAYS_SCROLLING = """() => [...document.querySelectorAll("table.cake-fixed-columns")]
  .filter(table => table.parentElement.scrollWidth > table.parentElement.clientWidth)
  .map(table => table.innerText.slice(0, 60))"""


def holds_a_url(text: str) -> bool:
    """Whether *text* has a piece too long to keep whole (a URL)."""
    return any(ems(piece) > LONGEST_PIECE for piece in UNBREAKABLE.findall(text))


@pytest.mark.parametrize("lang", LANGS)
def test_tables_fit_the_article_and_keep_their_words_whole(browser, server: str, lang: str) -> None:
    context = offline_context(browser, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    tables = 0
    try:
        for rel in site_pages(lang):
            page.goto(server + rel)
            tables += page.locator("table.cake-fixed-columns").count()
            assert page.evaluate(SIDEWAYS_SCROLLING) == [], rel
            overflowing = page.evaluate(OVERFLOWING_CELLS)
            assert [text for text in overflowing if not holds_a_url(text)] == [], rel
    finally:
        context.close()
    assert tables >= 10, "the pages hold fewer fixed-column tables than the guide has"
