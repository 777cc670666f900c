"""Ready to deploy: everything built from BASE_URL, and nothing without it.

The deployed variant is a separate build: `make html BASE_URL=…` once per
module into a temporary BUILDDIR (the diagram cache is shared through its
default path, so no browser starts).  The local variant is the site that
`make html` published in _build/html.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest

from conftest import LANGS, ROOT

BASE = "https://example.org/cake/"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
#: Sphinx's own pages and the 404 page: not content, not in the sitemap.
UTILITY_PAGES = {"genindex.html", "search.html", "404.html"}
HREFLANG = {"zh": "zh-CN", "en": "en"}


@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built with BASE_URL, as `make html` publishes it."""
    builddir = tmp_path_factory.mktemp("deployed")
    result = subprocess.run(
        ["make", "--no-print-directory", "html", f"BUILDDIR={builddir}", f"BASE_URL={BASE}"],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ}, timeout=600)
    if result.returncode != 0:
        pytest.fail(f"make html BASE_URL={BASE} failed:\n{result.stdout}{result.stderr}")
    return builddir / "html"


def content_pages(site: Path, lang: str) -> list[str]:
    """The guide's pages of one language (paths under the site root)."""
    return sorted(p.relative_to(site).as_posix() for p in (site / lang).glob("*.html")
                  if p.name not in UTILITY_PAGES)


# -- sitemap and robots.txt ---------------------------------------------------

def test_sitemap_lists_every_page_of_both_languages_with_alternates(deployed: Path) -> None:
    root = ElementTree.parse(deployed / "sitemap.xml").getroot()
    entries = {url.findtext("sm:loc", namespaces=NS): url for url in root.findall("sm:url", NS)}
    expected = [BASE + rel for lang in LANGS for rel in content_pages(deployed, lang)]
    assert len(expected) >= 2 * 13
    assert sorted(entries) == sorted(expected)
    for loc, url in entries.items():
        page = loc.removeprefix(BASE).split("/", 1)[1]
        links = {link.get("hreflang"): link.get("href")
                 for link in url.findall("xhtml:link", NS) if link.get("rel") == "alternate"}
        assert links == {"zh-CN": f"{BASE}zh/{page}", "en": f"{BASE}en/{page}",
                         "x-default": f"{BASE}en/{page}"}, loc


def test_robots_txt_points_to_the_sitemap(deployed: Path) -> None:
    lines = (deployed / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {BASE}sitemap.xml" in lines
    assert "User-agent: *" in lines


def test_local_build_has_no_sitemap_and_no_host_in_robots_txt(site: Path) -> None:
    # Sitemap URLs must be absolute: without a base URL there is none to give.
    assert not list(site.rglob("sitemap.xml"))
    assert not re.search(r"https?://", (site / "robots.txt").read_text(encoding="utf-8"))
