"""Read built pages the way a crawler does: ids, links, and what a browser loads.

Shared by the link crawl (tests/test_links.py) and the privacy scan
(tests/test_privacy.py).  Standard library only: html.parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

#: <link rel=…> values that make the browser fetch the href.
FETCHING_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "preconnect",
                 "dns-prefetch", "icon", "apple-touch-icon", "manifest", "mask-icon"}
#: Attributes whose URL is fetched as the page loads, on any element.
FETCHING_ATTRIBUTES = {"src", "srcset", "poster", "data", "background"}
#: A URL that leaves the site: a scheme with a host, or scheme-relative.
REMOTE = r"(?:(?:https?|wss?|ftp):)?//"


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


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._text_of: str | None = None  # "style" or "script" while inside one

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values = {name: value or "" for name, value in attrs}
        page = self.page
        if values.get("id"):
            page.ids.add(values["id"])
        if tag == "a" and values.get("name"):  # the old way to make an anchor
            page.ids.add(values["name"])
        for attribute in ("href", "src", "action"):
            if attribute in values:
                page.references.append(Reference(
                    line, tag, attribute, values[attribute],
                    followed=(tag, attribute) in {("a", "href"), ("form", "action")}))
        for attribute in FETCHING_ATTRIBUTES & values.keys():
            # srcset lists "url width, url width": each url is fetched.
            urls = ([item.split()[0] for item in values[attribute].split(",") if item.strip()]
                    if attribute == "srcset" else [values[attribute]])
            page.loads.extend((line, f"<{tag} {attribute}>", url) for url in urls)
        rels = set(values.get("rel", "").lower().split())
        if tag == "link" and rels & FETCHING_RELS:
            page.loads.append((line, f"<link rel={values['rel']}>", values.get("href", "")))
        if tag in ("use", "image") and "href" in values:
            page.loads.append((line, f"<{tag} href>", values["href"]))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            target = re.search(r"url\s*=\s*['\"]?([^'\"]+)", values.get("content", ""), re.I)
            page.loads.append((line, "<meta refresh>", target.group(1) if target else ""))
        if "style" in values:
            page.styles.append((line, values["style"]))
        if tag in ("style", "script"):
            self._text_of = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._text_of:
            self._text_of = None

    def handle_data(self, data: str) -> None:
        if self._text_of == "style":
            self.page.styles.append((self.getpos()[0], data))
        elif self._text_of == "script":
            self.page.scripts.append((self.getpos()[0], data))


def read_page(path: Path) -> Page:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.page


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
