"""A crawler over the built site: every internal link and #anchor resolves, and
every page can be reached from the home page by following links."""

from __future__ import annotations

import os
import posixpath
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

from cakedoc.glossary.stubs import is_entry_address
from cakedoc.site.siteurl import normalize, path_prefix
from conftest import LANGS, SITE
from sitescan import Page, read_page

#: Where a crawl starts: the landing page, which links both languages.
HOME = "index.html"
#: Pages no link leads to, by design: the host serves them at missing URLs.
SERVED_AT_MISSING_URLS = {"404.html", *(f"{lang}/404.html" for lang in LANGS)}
#: The site root as a path on its host: the 404 pages link from it
#: ("/en/index.html"), since they are served at any depth.
SITE_PATH = path_prefix(normalize(os.environ.get("BASE_URL", "")))


def read_site(site: Path) -> dict[str, Page]:
    return {path.relative_to(site).as_posix(): read_page(path)
            for path in sorted(site.rglob("*.html"))}


def resolve(page: str, url: str) -> tuple[str, str] | None:
    """(site path, fragment) a reference in *page* points to; None if it leaves the site."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None  # http(s), mailto, data: … the privacy scan deals with those
    path = unquote(parts.path)
    if path.startswith("/"):
        # Outside the site root it cannot resolve: "../" marks it broken.
        path = (path.removeprefix(SITE_PATH) or "index.html") if path.startswith(SITE_PATH) \
            else "../" + path
        page = ""
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
    if path.endswith("/"):
        target += "/index.html"
    return target, unquote(parts.fragment)


def broken_links(site: Path, pages: dict[str, Page]) -> list[str]:
    problems = []
    for name, page in pages.items():
        for ref in page.references:
            resolved = resolve(name, ref.url)
            if resolved is None:
                continue
            target, fragment = resolved
            where = f"{name}:{ref.line}: <{ref.tag} {ref.attribute}={ref.url!r}>"
            if target.startswith("../") or not (site / target).is_file():
                problems.append(f"{where}: no file {target}")
            elif fragment and target.endswith(".html") and fragment not in pages[target].ids:
                problems.append(f"{where}: {target} has no id {fragment!r}")
    return problems


def unreachable(pages: dict[str, Page]) -> list[str]:
    """Pages no chain of links (or the search form) leads to from the home
    page.  A glossary entry's address (``zh/glossary/hbm.html``) is where
    old links and the glossary page's script arrive, never linked: it is
    not counted, and its own link is checked like any other."""
    seen, queue = {HOME}, [HOME]
    while queue:
        name = queue.pop()
        for ref in pages[name].references:
            resolved = resolve(name, ref.url) if ref.followed else None
            if resolved and resolved[0] in pages and resolved[0] not in seen:
                seen.add(resolved[0])
                queue.append(resolved[0])
    addresses = {name for name in pages
                 if is_entry_address(name.partition("/")[2].removesuffix(".html"))}
    return sorted(pages.keys() - seen - SERVED_AT_MISSING_URLS - addresses)


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    pages = read_site(site)
    assert len(pages) > 20
    assert broken_links(site, pages) == []


def test_every_page_is_reachable_from_the_home_page(site: Path) -> None:
    assert unreachable(read_site(site)) == []


def test_the_crawl_finds_a_dead_anchor_and_an_orphan_page(tmp_path: Path) -> None:
    """The checks above fail when what they guard is broken."""
    site = tmp_path / "html"
    shutil.copytree(SITE, site)
    page = site / "en" / "chips.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("</article>", '<a href="energy.html#no-such-anchor">x</a></article>', 1),
                    encoding="utf-8")
    (site / "en" / "orphan.html").write_text("<!DOCTYPE html><title>orphan</title>", encoding="utf-8")
    pages = read_site(site)
    assert [p for p in broken_links(site, pages) if "no-such-anchor" in p] != []
    assert unreachable(pages) == ["en/orphan.html"]
