"""Diagrams as a reader sees them: inline SVG, readable, offline, light and dark.

The author's side is tested on small sites (tests/test_small_sites.py): a
broken or empty diagram fails the build at its file and line, a bare
mermaid fence is a diagram, a rebuild with nothing changed starts no
browser, a page is rewritten when its drawings leave the cache, a changed
diagram is drawn once; a missing Chromium is a case of the fault matrix
(tests/test_faults.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import LANGS, site_pages
from sitescan import attribute, soup
from tour import SCHEMES

LAYER_PAGES = ("energy", "chips", "infrastructure", "models", "applications")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", LANGS)
def test_every_diagram_is_readable_svg(tour, lang: str, scheme: str) -> None:
    """Each visible diagram, as the site tour (tests/tour.py) found it: one
    drawing per diagram, labels in their boxes and legible (CHECK_DIAGRAMS_JS).
    No request leaves the machine meanwhile: see test_validators."""
    checked = 0
    for visit in tour.of(scheme, lang):
        report = visit.diagrams
        assert report["svgs"] == report["expected"], (visit.rel, report)
        assert report["problems"] == [], (visit.rel, report["problems"])
        checked += report["svgs"]
    assert checked >= 10, "the guide should have diagrams on its pages"


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_loads_mermaid_javascript(site: Path, lang: str) -> None:
    for rel in site_pages(lang):
        scripts = [attribute(script, "src") for script in soup(site / rel).find_all("script")]
        assert not [src for src in scripts if "mermaid" in src or "cdn" in src], rel
        text = (site / rel).read_text(encoding="utf-8")
        assert "cdn.jsdelivr" not in text and "unpkg.com" not in text, rel


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("layer", LAYER_PAGES)
def test_layer_page_has_its_marker_and_a_diagram_of_its_own(site: Path, lang: str, layer: str) -> None:
    # The highlighted stack is the compact marker (tests/test_layer_marker.py),
    # not a Mermaid drawing; the page's own diagrams are.  (That diagrams
    # show from disk is checked on the unzipped bundle: test_dist.)
    page = soup(site / lang / f"{layer}.html")
    assert len(page.select("nav.cake-layer-marker")) == 1
    assert page.select(f'a.cake-layer-current[href="{layer}.html"][aria-current="page"]')
    assert len(page.select(".cake-diagram.cake-diagram-light")) >= 1, "a diagram of its own"
    assert not page.select("g.node.default.current"), "no full highlighted stack on a layer page"
