"""Diagrams as a reader sees them: inline SVG, readable, offline, light and dark.

The author's side is tested on small sites (tests/test_small_sites.py): a
broken or empty diagram fails the build at its file and line, a bare
mermaid fence is a diagram, a rebuild with nothing changed starts no
browser, a page is rewritten when its drawings leave the cache, a changed
diagram is drawn once; a missing Chromium is a case of the fault matrix
(tests/test_faults.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import LANGS, SITE, site_pages

LAYER_PAGES = ("energy", "chips", "infrastructure", "models", "applications")

# For every visible diagram: each node's label must lie inside its shape and
# contrast with what is behind it (WCAG ratio >= 3 for large/graphical text).
CHECK_DIAGRAMS_JS = r"""
() => {
  const lum = (rgb) => {
    const [r, g, b] = rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const parse = (color) => {
    const m = color.match(/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/);
    if (!m) return null;
    if (m[4] !== undefined && parseFloat(m[4]) === 0) return null;
    return [m[1], m[2], m[3]].map(Number);
  };
  const page = parse(getComputedStyle(document.body).backgroundColor) || [255, 255, 255];
  const report = {svgs: 0, nodes: 0, problems: []};
  // Charts (cakedoc.charts) have their own test: tests/test_charts_browser.py.
  for (const svg of document.querySelectorAll("article .cake-diagram svg[role=img]")) {
    if (svg.getBoundingClientRect().width === 0) continue;  // the other scheme's drawing
    report.svgs += 1;
    if (!svg.getAttribute("aria-label")) report.problems.push({svg: svg.id, problem: "no aria-label"});
    for (const node of svg.querySelectorAll("g.node")) {
      report.nodes += 1;
      const shape = node.querySelector("rect, polygon, circle, ellipse, path");
      const text = node.querySelector("text");
      if (!shape || !text || !text.textContent.trim()) {
        report.problems.push({node: node.id, problem: "no shape or no label text"});
        continue;
      }
      const s = shape.getBoundingClientRect(), t = text.getBoundingClientRect();
      if (t.width === 0 || t.left < s.left - 1 || t.right > s.right + 1 || t.top < s.top - 1 || t.bottom > s.bottom + 1) {
        report.problems.push({node: node.id, label: text.textContent, problem: "label outside its box"});
      }
      const fg = parse(getComputedStyle(text).fill) || parse(getComputedStyle(text.querySelector("tspan") || text).fill);
      const bg = parse(getComputedStyle(shape).fill) || page;
      if (fg) {
        const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
        const ratio = (hi + 0.05) / (lo + 0.05);
        if (ratio < 3) report.problems.push({node: node.id, label: text.textContent, problem: `contrast ${ratio.toFixed(2)}`});
      }
    }
  }
  return report;
}
"""


def diagram_count(rel: str) -> int:
    text = (SITE / rel).read_text(encoding="utf-8")
    return text.count('class="cake-diagram cake-diagram-light"')


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", LANGS)
def test_every_diagram_is_readable_svg(browser, server: str, lang: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    checked = 0
    for rel in site_pages(lang):
        expected = diagram_count(rel)
        page.goto(server + rel, wait_until="load")
        report = page.evaluate(CHECK_DIAGRAMS_JS)
        assert report["svgs"] == expected, (rel, report)
        assert report["problems"] == [], (rel, report["problems"])
        checked += report["svgs"]
    context.close()
    assert checked >= 10, "the guide should have diagrams on its pages"
    assert all(url.startswith(server) for url in requests), [u for u in requests if not u.startswith(server)]


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_loads_mermaid_javascript(site: Path, lang: str) -> None:
    for rel in site_pages(lang):
        text = (site / rel).read_text(encoding="utf-8")
        scripts = re.findall(r"<script[^>]*>", text)
        assert not [s for s in scripts if "mermaid" in s or "cdn" in s], rel
        assert "cdn.jsdelivr" not in text and "unpkg.com" not in text, rel


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("layer", LAYER_PAGES)
def test_layer_page_has_its_marker_and_a_diagram_of_its_own(site: Path, lang: str, layer: str) -> None:
    # The highlighted stack is the compact marker (tests/test_layer_marker.py),
    # not a Mermaid drawing; the page's own diagrams are.
    text = (site / lang / f"{layer}.html").read_text(encoding="utf-8")
    assert text.count('<nav class="cake-layer-marker"') == 1
    assert re.search(rf'<a href="{layer}.html" class="cake-layer-current" aria-current="page">', text)
    assert len(text.split('class="cake-diagram cake-diagram-light"')[1:]) >= 1, "a diagram of its own"
    assert 'class="node default current' not in text, "no full highlighted stack on a layer page"


def test_diagrams_show_from_disk(browser, site: Path) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto((site / "zh" / "chips.html").as_uri())
    report = page.evaluate(CHECK_DIAGRAMS_JS)
    assert report["svgs"] >= 1 and report["problems"] == []
    context.close()
