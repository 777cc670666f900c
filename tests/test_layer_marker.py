"""The layer marker as a reader sees it: compact on a phone and a desktop,
the current layer highlighted, every layer a link, readable light and dark.

A layer page used to open with the full Mermaid stack: on a 390 × 844 phone
it filled the first screen, on a desktop it took 560 px.  The full stack
stays where it teaches (home page, stack page).
"""

from __future__ import annotations

import pytest

from cakedoc.layers import LAYERS
from conftest import LANGS, SITE

LAYER_PAGES = tuple(layer.id for layer in LAYERS)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}

# What the reader gets: the marker's box, the first paragraph's, and per
# row its link, whether it is the current page, its colours and its text.
MEASURE_JS = r"""
() => {
  const marker = document.querySelector("article nav.cake-layer-marker");
  if (!marker) return null;
  const box = (el) => { const r = el.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, height: r.height, width: r.width}; };
  const firstText = [...document.querySelectorAll("article section > p")]
    .find((p) => p.textContent.trim().length > 20);
  const rows = [...marker.querySelectorAll("svg a")].map((a) => {
    const rect = a.querySelector("rect");
    return {
      href: a.getAttribute("href"),
      current: a.getAttribute("aria-current"),
      fill: getComputedStyle(rect).fill,
      texts: [...a.querySelectorAll("text")].map((t) => ({text: t.textContent, fill: getComputedStyle(t).fill,
                                                         width: t.getBoundingClientRect().width})),
      box: box(rect),
    };
  });
  return {marker: box(marker), paragraph: box(firstText), label: marker.getAttribute("aria-labelledby"),
          rows, svgIsInline: marker.querySelector("svg").parentElement === marker};
}
"""


def luminance(css: str) -> float:
    channels = [int(v) / 255 for v in css.removeprefix("rgb(").removesuffix(")").split(",")[:3]]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def layer_name(layer_id: str, lang: str) -> str:
    return next(getattr(layer, lang) for layer in LAYERS if layer.id == layer_id)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone-390", "desktop-1280"])
def test_layer_marker_is_compact_linked_and_highlights_its_layer(
        browser, server: str, lang: str, scheme: str, viewport: dict[str, int]) -> None:
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    for layer in LAYER_PAGES:
        page.goto(f"{server}{lang}/{layer}.html", wait_until="load")
        found = page.evaluate(MEASURE_JS)
        assert found is not None, f"{lang}/{layer}.html has no layer marker"
        height = found["marker"]["height"]
        if viewport is PHONE:
            assert height <= PHONE["height"] / 3, (layer, height)
            # The first line of text shows without scrolling.
            assert found["paragraph"]["top"] + 24 <= PHONE["height"], (layer, found["paragraph"])
        else:
            assert height <= 240, (layer, height)
        assert found["svgIsInline"]
        rows = found["rows"]
        # Top to bottom: applications first, energy (the base) last; each a link to its page.
        assert [row["href"] for row in rows] == [f"{l}.html" for l in reversed(LAYER_PAGES)]
        current = [row for row in rows if row["current"] == "page"]
        assert [row["href"] for row in current] == [f"{layer}.html"]
        others = {row["fill"] for row in rows if row["current"] != "page"}
        assert len(others) == 1 and current[0]["fill"] not in others, (current, others)
        for row, expected in zip(rows, reversed(LAYERS)):
            assert layer_name(expected.id, lang) in row["texts"][0]["text"]
            for text in row["texts"]:
                assert text["width"] > 0, (layer, text)
                # Text against its own box: WCAG AA for normal text.
                assert contrast(text["fill"], row["fill"]) >= 4.5, (layer, scheme, text, row["fill"])
            # Rows fit the screen: nothing is cut off on the right.
            assert row["box"]["width"] <= viewport["width"]
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_full_stack_stays_on_home_and_stack_pages(lang: str) -> None:
    for page in ("index", "stack"):
        text = (SITE / lang / f"{page}.html").read_text(encoding="utf-8")
        assert 'class="cake-layer-marker"' not in text, page
        stack = [part for part in text.split('class="cake-diagram cake-diagram-light"')[1:]
                 if all(f"-{layer}-" in part.split("</svg>")[0] for layer in LAYER_PAGES)]
        assert stack, f"{lang}/{page}.html lost the full stack diagram"
    for layer in LAYER_PAGES:
        text = (SITE / lang / f"{layer}.html").read_text(encoding="utf-8")
        assert text.count('<nav class="cake-layer-marker"') == 1, layer
