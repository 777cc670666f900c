"""The real site's charts in Debian's Chromium, both languages and schemes.

Every ``{chart}`` of the docs is on its page as an inline SVG whose text
holds its axis titles and whose accessible description names every value
it draws with its unit; its lines, bars and labels keep a contrast of at
least 3 against the page; and nothing moves while the page loads (the
layout-shift observer of bench/pages.py).  Pages: every layer page has a
chart, token-to-power and past-year two.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.pages import SHIFT_OBSERVER
from cakedoc.charts import data, numbers
from cakedoc.layers import LAYER_IDS
from cakedoc.review.blocks import directive_options
from conftest import LANGS, ROOT, offline_context

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
INSPECT = """() => {
  function rgb(text) {
    const m = text.match(/rgba?\\(([\\d.]+), ([\\d.]+), ([\\d.]+)(?:, ([\\d.]+))?\\)/);
    return m ? {c: [+m[1], +m[2], +m[3]], a: m[4] === undefined ? 1 : +m[4]} : null;
  }
  function luminance(c) {
    const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }
  function contrast(a, b) {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  }
  let background = null;
  for (let el = document.querySelector(".cake-chart"); el && !background; el = el.parentElement) {
    const c = rgb(getComputedStyle(el).backgroundColor);
    if (c && c.a > 0) background = c.c;
  }
  background = background || [255, 255, 255];
  return [...document.querySelectorAll("figure.cake-chart")].map(figure => {
    const shown = [...figure.querySelectorAll(".cake-chart-drawing")]
      .filter(div => getComputedStyle(div).display !== "none");
    const svg = shown.length === 1 ? shown[0].querySelector("svg") : null;
    if (!svg) return {shown: shown.length};
    const box = svg.getBoundingClientRect();
    let worst = Infinity, marks = 0;
    for (const el of svg.querySelectorAll("text, path, use")) {
      if (el.closest("defs, clipPath")) continue;
      const style = getComputedStyle(el);
      if (+style.opacity === 0) continue;
      for (const prop of el.tagName === "text" ? ["fill"] : ["stroke", "fill"]) {
        const colour = rgb(style[prop]);
        if (!colour || colour.a === 0 || style[prop] === "none") continue;
        marks += 1;
        worst = Math.min(worst, contrast(colour.c, background));
      }
    }
    return {shown: 1, role: svg.getAttribute("role"), label: svg.getAttribute("aria-label"),
            text: [...svg.querySelectorAll("text")].map(t => t.textContent),
            width: box.width, height: box.height, worst, marks,
            legend: figure.querySelector(".legend").textContent};
  });
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", LANGS)
def test_charts_in_the_browser(browser: object, server: str, lang: str, scheme: str) -> None:
    context = offline_context(browser, color_scheme=scheme)
    context.add_init_script(SHIFT_OBSERVER)
    page = context.new_page()
    try:
        for name in CHART_PAGES:
            expected = charts_in(lang, name)
            page.goto(f"{server}{lang}/{name}.html", wait_until="load")
            found = page.evaluate(INSPECT)
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
            page.wait_for_timeout(300)
            shift, moved = page.evaluate("() => window.__benchShifts()")
            assert shift == 0, (name, moved)
    finally:
        context.close()
