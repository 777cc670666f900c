"""Tables with fixed columns (cakedoc.tables): widths worked out from the
cells' text, checked in the browser against the words they must hold."""

from __future__ import annotations

import pytest

from cakedoc.tables import (ARTICLE, CELL_PADDING, LONGEST_PIECE, UNBREAKABLE, column_widths, ems,
                            percentages, widest_piece)
from conftest import LANGS
from tour import SCHEMES


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


def holds_a_url(text: str) -> bool:
    """Whether *text* has a piece too long to keep whole (a URL)."""
    return any(ems(piece) > LONGEST_PIECE for piece in UNBREAKABLE.findall(text))


@pytest.mark.parametrize("lang", LANGS)
def test_tables_fit_the_article_and_keep_their_words_whole(tour, lang: str) -> None:
    """At 1280 px, in both schemes (the site tour, tests/tour.py): no
    fixed-column table scrolls sideways, and no word but a URL overflows
    its cell once the break-word fallback is off (OVERFLOWING_CELLS_JS)."""
    for scheme in SCHEMES:
        visits = tour.of(scheme, lang)
        assert {visit.rel: visit.sideways for visit in visits if visit.sideways} == {}
        overflowing = {visit.rel: [text for text in visit.overflowing if not holds_a_url(text)]
                       for visit in visits}
        assert {rel: cells for rel, cells in overflowing.items() if cells} == {}
        tables = sum(visit.tables for visit in visits)
        assert tables >= 10, "the pages hold fewer fixed-column tables than the guide has"
