"""The real site's charts in Debian's Chromium, both languages and schemes.

Every ``{chart}`` of the docs is on its page as an inline SVG whose text
holds its axis titles and whose accessible description names every value
it draws with its unit; its lines, bars and labels keep a contrast of at
least 3 against the page; and nothing moves while the page loads (the
layout-shift observer of bench/pages.py).  Pages: every layer page has a
chart, token-to-power and past-year two.  The site tour (tests/tour.py)
inspects the charts while it visits each page in each scheme.
"""

from __future__ import annotations

import re

import pytest

from cakedoc.charts import data, numbers
from cakedoc.layers import LAYER_IDS
from cakedoc.review.blocks import directive_options
from conftest import LANGS, ROOT
from tour import SCHEMES

CHART = re.compile(r"^```\{chart\} (\w+)\n(.*?)^```$", re.S | re.M)


def charts_in(lang: str, page: str) -> list[tuple[str, dict[str, str], list[data.Row]]]:
    """The charts a page's source holds: kind, options, rows."""
    text = (ROOT / "docs" / lang / f"{page}.md").read_text(encoding="utf-8")
    found = []
    for kind, content in CHART.findall(text):
        options, body = directive_options(content)
        found.append((kind, options, data.parse(body, kind)))
    return found


CHART_PAGES = sorted(p.stem for p in (ROOT / "docs" / "zh").glob("*.md") if charts_in("zh", p.stem))


def test_every_layer_page_has_a_chart_and_two_pages_have_two() -> None:
    counts = {page: len(charts_in("zh", page)) for page in CHART_PAGES}
    assert all(counts.get(layer, 0) >= 1 for layer in LAYER_IDS), counts
    assert counts["token-to-power"] >= 2 and counts["past-year"] >= 2, counts


# In the page: each chart's visible SVG, its description, its text, and
# the contrast of every drawn mark and label against the page background.


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", LANGS)
def test_charts_in_the_browser(tour, lang: str, scheme: str) -> None:
    """What the site tour (tests/tour.py) found of each chart page's charts."""
    visits = {visit.rel: visit for visit in tour.of(scheme, lang)}
    for name in CHART_PAGES:
        expected = charts_in(lang, name)
        visit = visits[f"{lang}/{name}.html"]
        found = visit.charts
        assert len(found) == len(expected), name
        for (kind, options, rows), chart in zip(expected, found):
            where = f"{lang}/{name} {scheme}: {options.get('caption')}"
            assert chart["shown"] == 1 and chart["role"] == "img", where
            axis = options["ylabel"] + (f"（{options['unit']}）" if lang == "zh" else
                                        f" ({options['unit']})") if options.get("unit") else \
                options["ylabel"]
            assert axis in chart["text"], (where, chart["text"])
            if options.get("xlabel"):
                assert options["xlabel"] in chart["text"], where
            for row in rows:
                for written in row.written:
                    assert numbers.written(written, lang) in chart["label"], (where, chart["label"])
                    assert numbers.written(written, lang) in chart["text"], where
                if options.get("unit"):
                    assert options["unit"] in chart["label"], where
            assert chart["marks"] >= 6 and chart["worst"] >= 3, (where, chart["worst"])
            assert chart["width"] > 200 and chart["height"] > 100, where
            assert ("来源" if lang == "zh" else "Sources") in chart["legend"], where
        assert visit.shift == 0, (name, visit.moved)
