"""Ready to deploy: everything built from BASE_URL, and nothing without it.

The deployed variant is `make html BASE_URL=…` run once per module in the
built copy of the project (tests/builtcopy.py), after its local build: as
an author builds locally and then for the host.  BASE_URL changes no
page's reading, so Sphinx writes every page again and reads none (about
7 s, against 35 s from nothing).  The local variant is the site that
`make html` published in _build/html.
"""

from __future__ import annotations

import copy
import functools
import http.server
import re
import shutil
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from builtcopy import Prepared, make, restore
from cakedoc.glossary.entries import load
from cakedoc.glossary.stubs import is_entry_address
from cakedoc.languages import LANGUAGES
from cakedoc.site.notfound_page import texts
from conftest import LANGS, ROOT, QuietHandler, site_pages
from sitescan import soup as page_soup


BASE = "https://example.org/cake/"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
#: Sphinx's own pages and the 404 page: not content, not in the sitemap.
UTILITY_PAGES = {"genindex.html", "search.html", "404.html"}
HREFLANG = {"zh": "zh-CN", "en": "en"}


@pytest.fixture(scope="module")
def deployed(built_copy: Prepared, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built with BASE_URL, as `make html` publishes it (copied out
    of the built copy, which the next user restores)."""
    project = restore(built_copy)
    result = make(project, "html", env={"BASE_URL": BASE})
    if result.returncode != 0:
        pytest.fail(f"make html BASE_URL={BASE} failed:\n{result.stdout}{result.stderr}")
    site = tmp_path_factory.mktemp("deployed") / "html"
    shutil.copytree(project / "_build" / "html", site)
    return site


def content_pages(site: Path, lang: str, generated: bool = False) -> list[str]:
    """The guide's pages of one language (paths under the site root; never
    none), and with *generated* the glossary's pages (glossary/…): not the
    entries' addresses, which send on to their sheets."""
    pages = sorted(p.relative_to(site).as_posix()
                   for p in (site / lang).glob("**/*.html" if generated else "*.html")
                   if p.name not in UTILITY_PAGES and "_static" not in p.parts
                   and not is_entry_address(p.relative_to(site / lang).as_posix()
                                            .removesuffix(".html")))
    assert pages, f"no pages under {site / lang}"
    return pages


# -- sitemap and robots.txt ---------------------------------------------------

def test_sitemap_lists_every_page_of_both_languages_with_alternates(deployed: Path) -> None:
    root = ElementTree.parse(deployed / "sitemap.xml").getroot()
    entries = {url.findtext("sm:loc", namespaces=NS): url for url in root.findall("sm:url", NS)}
    # The glossary's generated pages too (cakedoc.glossary.stubs): its sheets and lists.
    expected = [BASE + rel for lang in LANGS
                for rel in content_pages(deployed, lang, generated=True)]
    assert len(expected) >= 2 * (13 + 5)  # the pages and at least five sheets
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


# -- canonical links and social cards -------------------------------------------

def meta(soup: BeautifulSoup, key: str) -> str | None:
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return tag.get("content") if tag else None


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@pytest.mark.parametrize("lang", LANGS)
def test_deployed_canonical_alternates_og_url_and_image_start_with_the_base(deployed: Path, lang: str) -> None:
    for rel in content_pages(deployed, lang):
        soup = page_soup(deployed / rel)
        assert soup.find("link", rel="canonical")["href"] == BASE + rel
        alternates = [link["href"] for link in soup.find_all("link", rel="alternate")]
        assert len(alternates) == 3 and all(href.startswith(BASE) for href in alternates), rel
        assert meta(soup, "og:url") == BASE + rel
        image = meta(soup, "og:image")
        assert image == f"{BASE}{lang}/_static/social-card.png", rel
        assert (deployed / image.removeprefix(BASE)).is_file()


def test_local_build_names_no_host_in_meta_or_link_tags(site: Path) -> None:
    pages = ["index.html", "404.html", *site_pages("zh"), *site_pages("en")]
    for rel in pages:
        tags = page_soup(site / rel).find_all(["meta", "link"])
        assert tags, rel
        assert [str(tag) for tag in tags if re.search(r"https?://", str(tag))] == [], rel


@pytest.mark.parametrize("lang,locale", [("zh", "zh_CN"), ("en", "en_US")])
def test_every_page_has_a_social_card_in_its_language(site: Path, lang: str, locale: str) -> None:
    for rel in content_pages(site, lang):
        soup = page_soup(site / rel)
        assert meta(soup, "og:title") == soup.find("h1").get_text().strip("#¶ \n"), rel
        assert meta(soup, "og:locale") == locale
        assert meta(soup, "twitter:card") == "summary_large_image"
        # The description is the page's first paragraph (perhaps shortened).
        # (A copy: the parsed page is shared, see sitescan.soup.)
        paragraph = copy.copy(soup.select_one("article section > p"))
        for mark in paragraph.select("a.footnote-reference"):
            mark.decompose()
        text = " ".join(paragraph.get_text().split())
        description = meta(soup, "og:description")
        assert description and meta(soup, "description") == description, rel
        assert text.startswith(description.removesuffix("…")), (rel, description, text)
        if lang == "zh":
            assert re.search(r"[\u4e00-\u9fff]", description), rel
        image = (site / rel).parent / meta(soup, "og:image")
        assert png_size(image) == (int(meta(soup, "og:image:width")), int(meta(soup, "og:image:height")))
    assert (site / "zh/_static/social-card.png").read_bytes() != (site / "en/_static/social-card.png").read_bytes()


# -- 404 pages ------------------------------------------------------------------

class NotFoundHandler(QuietHandler):
    """Serves the site like a static host: a missing URL gets the 404 page of
    its language folder (or the root one) with status 404."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != HTTPStatus.NOT_FOUND:
            super().send_error(code, message, explain)
            return
        first = urlsplit(self.path).path.lstrip("/").split("/", 1)[0]
        body = (Path(self.directory) / (first if first in LANGS else "") / "404.html").read_bytes()
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def host(site: Path) -> Iterator[str]:
    handler = functools.partial(NotFoundHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize("folder,titles", [
    ("zh/", [texts(LANGUAGES["zh"])["title"]]),
    ("en/", [texts(LANGUAGES["en"])["title"]]),
    ("", [texts(LANGUAGES["zh"])["title"], texts(LANGUAGES["en"])["title"]]),
])
def test_404_page_works_at_a_nested_missing_url(host: str, watched, folder: str,
                                                titles: list[str]) -> None:
    failed: list[str] = []
    watched.page.on("response", lambda r: r.status >= 400 and r.request.resource_type != "document"
                    and failed.append(r.url))
    response = watched.page.goto(f"{host}{folder}no/such/deep/page.html", wait_until="load")
    assert response is not None and response.status == 404
    for title in titles:
        assert watched.page.get_by_role("heading", name=title).count() == 1
    assert failed == [], "stylesheets or scripts the 404 page could not load"
    # Chromium logs the page's own 404 status as an error; nothing else may fail.
    assert [e for e in watched.console_errors if "status of 404" not in e] == []
    assert watched.foreign_requests() == []
    hrefs = watched.page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    # In-page links (furo's "#" and skip links) point to the missing URL itself.
    local = sorted({href.split("#")[0] for href in hrefs if href.startswith(host)}
                   - {watched.page.url})
    assert len(local) >= (2 if not folder else 10)  # both languages / the whole sidebar
    broken = [href for href in local if status_of(href) != 200]
    assert broken == []
    if folder:  # furo's stylesheet applies (it defines the colour variables)
        brand = watched.page.evaluate(
            "getComputedStyle(document.body).getPropertyValue('--color-brand-primary')")
        assert brand.strip(), "furo's stylesheet did not apply"


def test_deployed_404_pages_link_under_the_base_path(deployed: Path) -> None:
    prefix = urlsplit(BASE).path
    for rel in ("404.html", "zh/404.html", "en/404.html"):
        urls = [tag.get(key) for tag in page_soup(deployed / rel).find_all(True)
                for key in ("href", "src") if tag.get(key)]
        local = [url for url in urls if not url.startswith("#")
                 and (not url.startswith("https://") or url.startswith(BASE))]
        assert local, rel
        assert all(url.startswith(prefix) for url in local), (rel, local)


# -- llms.txt -------------------------------------------------------------------

def squeeze(text: str) -> str:
    return re.sub(r"[\s\"'“”‘’`*]+", "", text)


def prose_sample(text: str, lang: str) -> str:
    """A run of plain words from a glossary definition (no markup inside)."""
    pattern = r"[\u4e00-\u9fff，、]{8,}" if lang == "zh" else r"(?:[A-Za-z]+ ){5}[A-Za-z]+"
    runs = re.findall(pattern, re.sub(r"\{[a-z]+\}`[^`]*`", " ", text))
    assert runs, text
    return runs[0]


@pytest.mark.parametrize("lang", LANGS)
def test_llms_full_txt_holds_every_page_and_the_whole_glossary(site: Path, lang: str) -> None:
    text = (site / lang / "llms-full.txt").read_text(encoding="utf-8")
    flat = squeeze(text)
    for rel in content_pages(site, lang):
        title = page_soup(site / rel).find("h1")
        assert squeeze(title.get_text().strip("#¶ \n")) in flat, rel
    entries = load(ROOT / "glossary")
    assert len(entries) >= 36
    for entry in entries.values():
        assert squeeze(entry.display(lang)) in flat, entry.id
        assert squeeze(prose_sample(entry.sections[lang].text, lang)) in flat, entry.id
    # Rendered text, not MyST source; diagrams by their text alternative.
    assert "{term}" not in text and "```" not in text and "cake-glossary" not in text
    assert {"zh": "[图示: ", "en": "[Diagram: "}[lang] in text


@pytest.mark.parametrize("lang", LANGS)
def test_llms_txt_lists_every_page(site: Path, deployed: Path, lang: str) -> None:
    for root, prefix in ((site, ""), (deployed, f"{BASE}{lang}/")):
        text = (root / lang / "llms.txt").read_text(encoding="utf-8")
        links = re.findall(r"\]\(([^)]+)\)", text)
        # Every sheet of entries too; the glossary's lists are navigation, left out.
        pages = [prefix + rel.split("/", 1)[1] for rel in content_pages(root, lang, generated=True)
                 if "/lists/" not in rel]
        assert len(pages) >= 13 + 5
        assert set(pages) <= set(links), root
        assert not [link for link in links if "/lists/" in link]
        assert prefix + "llms-full.txt" in links
        if prefix:
            assert all(link.startswith(BASE) for link in links), links
    root_links = re.findall(r"\]\(([^)]+)\)", (deployed / "llms.txt").read_text(encoding="utf-8"))
    assert f"{BASE}{lang}/llms-full.txt" in root_links
