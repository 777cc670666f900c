"""Diagrams as a reader sees them: inline SVG, readable, offline, light and dark.

Plus the author's side: a rebuild with nothing changed starts no browser, and
a changed diagram is drawn once.  A broken or empty diagram failing the build
at its file and line, and a missing Chromium, are cases of the fault matrix
(tests/test_faults.py: mermaid-syntax-error, empty-diagram, chromium-missing).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import LANGS, seed_cache, site_pages, sphinx_build
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
def test_layer_page_highlights_its_layer_and_has_its_own_diagram(site: Path, lang: str, layer: str) -> None:
    page = soup(site / lang / f"{layer}.html")
    assert len(page.select(".cake-diagram.cake-diagram-light")) >= 2, \
        "the stack diagram plus at least one of its own"
    highlighted = [node["id"] for node in page.select("g.node.default.current")]
    assert highlighted, "no highlighted layer"
    assert all(f"-{layer}-" in node_id for node_id in highlighted), highlighted


# -- the author's side ----------------------------------------------------------

def stats(project: Path, builder: str, lang: str) -> dict[str, int]:
    language = {"zh": "zh_CN", "en": "en"}[lang]
    path = project / "_build" / ".cache" / "diagrams" / "stats" / f"{builder}-{language}.json"
    return json.loads(path.read_text())


def test_the_cache_alone_decides_what_is_drawn_and_rewritten(workdir: Path) -> None:
    """A rebuild with nothing changed starts no browser.  A changed renderer
    or a new mermaid version changes no source: when the drawings leave the
    cache, the pages with diagrams must still be written again with the new
    ones, and only those.  (One copy, built once, for both.)"""
    env = seed_cache(workdir)
    first = sphinx_build(workdir, "en", env=env)
    assert first.returncode == 0, first.stderr
    second = sphinx_build(workdir, "en", env=env)
    assert second.returncode == 0, second.stderr
    assert stats(workdir, "html", "en")["browsers"] == 0
    assert stats(workdir, "html", "en")["diagrams"] >= 5
    out = workdir / "_build" / "html-en"
    before = {page: (out / f"{page}.html").stat().st_mtime_ns for page in ("chips", "sources")}
    shutil.rmtree(env["CAKE_DIAGRAM_CACHE"])
    result = sphinx_build(workdir, "en", env=env)
    assert result.returncode == 0, result.stderr
    assert stats(workdir, "html", "en")["browsers"] == 1
    assert (out / "chips.html").stat().st_mtime_ns != before["chips"], "page with diagrams not rewritten"
    assert (out / "sources.html").stat().st_mtime_ns == before["sources"], "page without diagrams rewritten"


def test_changed_diagram_renders_once_in_one_browser(workdir: Path) -> None:
    env = seed_cache(workdir)
    page = workdir / "docs" / "en" / "chips.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n\n```mermaid\nflowchart LR\n  a["new"] --> b["diagram"]\n```\n',
                    encoding="utf-8")
    result = sphinx_build(workdir, "en", env=env)
    assert result.returncode == 0, result.stderr
    assert stats(workdir, "html", "en") | {"diagrams": 0} == {"browsers": 1, "rendered": 2, "failed": 0, "diagrams": 0}
