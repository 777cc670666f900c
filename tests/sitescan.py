"""Read built pages the way a crawler does: ids, links, and what a browser loads.

The one HTML parser of the tests: BeautifulSoup (with the standard library's
html.parser underneath, which gives each tag its source line).  `soup()`
parses a file once per session; every test that looks inside a page's
markup goes through it.  Shared by the link crawl (tests/test_links.py), the
privacy scan (tests/test_privacy.py) and the checks on the markup of pages.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup, Tag

#: <link rel=…> values that make the browser fetch the href.
FETCHING_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "preconnect",
                 "dns-prefetch", "icon", "apple-touch-icon", "manifest", "mask-icon"}
#: Attributes whose URL is fetched as the page loads, on any element.
FETCHING_ATTRIBUTES = {"src", "srcset", "poster", "data", "background"}
#: A URL that leaves the site: a scheme with a host, or scheme-relative.
REMOTE = r"(?:(?:https?|wss?|ftp):)?//"


def parse(text: str) -> BeautifulSoup:
    """*text* as a tree, every tag with its ``sourceline``."""
    return BeautifulSoup(text, "html.parser")


@functools.lru_cache(maxsize=None)
def _soup(data: bytes) -> BeautifulSoup:
    return parse(data.decode("utf-8"))


def soup(path: Path) -> BeautifulSoup:
    """The page at *path*, parsed once however many tests read it, or
    copies of it (html.parser under BeautifulSoup takes about 0.2 s a page:
    the negative controls copy the whole site and change one page).  Read
    the tree; do not change it."""
    return _soup(path.read_bytes())


def attribute(tag: Tag, name: str) -> str:
    """An attribute as the page wrote it (BeautifulSoup splits class and rel
    into lists)."""
    value = tag.get(name)
    return " ".join(value) if isinstance(value, list) else (value or "")


def classes(tag: Tag) -> list[str]:
    return tag.get("class") or []


@dataclass(frozen=True)
class Reference:
    """An href/src/action in a page, with where it is."""

    line: int
    tag: str
    attribute: str
    url: str
    followed: bool  #: a link a reader follows (<a href>, <form action>)


@dataclass
class Page:
    ids: set[str] = field(default_factory=set)
    references: list[Reference] = field(default_factory=list)
    #: URLs the browser fetches while loading the page: (line, what, url).
    loads: list[tuple[int, str, str]] = field(default_factory=list)
    #: Inline CSS (<style>, style="") and inline scripts, scanned as text.
    styles: list[tuple[int, str]] = field(default_factory=list)
    scripts: list[tuple[int, str]] = field(default_factory=list)


def read_page(path: Path) -> Page:
    return _read_page(path.read_bytes())


@functools.lru_cache(maxsize=None)
def _read_page(data: bytes) -> Page:
    page = Page()
    for tag in _soup(data).find_all(True):
        line, name = tag.sourceline, tag.name
        values = {key: attribute(tag, key) for key in tag.attrs}
        if values.get("id"):
            page.ids.add(values["id"])
        if name == "a" and values.get("name"):  # the old way to make an anchor
            page.ids.add(values["name"])
        for key in ("href", "src", "action"):
            if key in values:
                page.references.append(Reference(
                    line, name, key, values[key],
                    followed=(name, key) in {("a", "href"), ("form", "action")}))
        for key in FETCHING_ATTRIBUTES & values.keys():
            # srcset lists "url width, url width": each url is fetched.
            urls = ([item.split()[0] for item in values[key].split(",") if item.strip()]
                    if key == "srcset" else [values[key]])
            page.loads.extend((line, f"<{name} {key}>", url) for url in urls)
        rels = set(values.get("rel", "").lower().split())
        if name == "link" and rels & FETCHING_RELS:
            page.loads.append((line, f"<link rel={values['rel']}>", values.get("href", "")))
        if name in ("use", "image") and "href" in values:
            page.loads.append((line, f"<{name} href>", values["href"]))
        if name == "meta" and values.get("http-equiv", "").lower() == "refresh":
            target = re.search(r"url\s*=\s*['\"]?([^'\"]+)", values.get("content", ""), re.I)
            page.loads.append((line, "<meta refresh>", target.group(1) if target else ""))
        if "style" in values:
            page.styles.append((line, values["style"]))
        if name == "style":
            page.styles.append((line, tag.get_text()))
        elif name == "script":
            page.scripts.append((line, tag.get_text()))
    return page


def is_remote(url: str) -> bool:
    return re.match(REMOTE, url.strip(), re.I) is not None


#: CSS that fetches: url(…) and @import "…" (a data: URL fetches nothing).
CSS_FETCHES = re.compile(rf"""url\(\s*["']?({REMOTE}[^"')\s]*)|@import\s+["']({REMOTE}[^"']*)""",
                         re.I)
#: JavaScript that fetches a literal remote URL.  (URLs in comments, in
#: messages and XML namespaces fetch nothing and are not matched.)
JS_FETCHES = re.compile(
    rf"""(?:\b(?:fetch|import|importScripts|Worker|SharedWorker|WebSocket|EventSource|sendBeacon)\s*\(\s*"""
    rf"""|\.open\(\s*["'][A-Za-z]+["']\s*,\s*|\bfrom\s+|\.(?:src|href)\s*=\s*|\bsrc=\\?)"""
    rf"""[`"']({REMOTE}[^`"'\s]*)""", re.I)


def remote_fetches_in_css(text: str) -> list[str]:
    return [a or b for a, b in CSS_FETCHES.findall(text)]


def remote_fetches_in_js(text: str) -> list[str]:
    return JS_FETCHES.findall(text)
