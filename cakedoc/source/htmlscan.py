"""HTML and CSS read the way a browser reads them, for the checks on what a page holds.

In: a fragment of HTML (a page's raw HTML, a whole rendered page) or a style
sheet.  Out: its start tags with their attributes and line, the CSS it
holds, and the URLs that CSS loads.  Sphinx-free; no opinion on what is
allowed (cakedoc.source.safety and cakedoc.source.remote decide that).

The HTML is read by the standard library's ``html.parser``, as a browser
tokenises it: tag and attribute names lower-cased, character references in
attribute values decoded, comments and the text of ``<script>`` and
``<style>`` not mistaken for tags.  So ``<abbr title="go online=now">`` is
one harmless attribute, and ``java&#115;cript:`` is ``javascript:``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

#: Browsers ignore ASCII tab and newline anywhere in a URL, and leading (and
#: trailing) spaces and control characters.
IGNORED_IN_URL = re.compile(r"[\x00-\x20]")
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
#: Schemes that fetch from another host.
REMOTE_SCHEMES = {"http", "https"}


@dataclass(frozen=True)
class Tag:
    """A start tag: ``<img src=…>`` is ``Tag("img", {"src": …}, line)``."""

    name: str
    attrs: dict[str, str]  #: names lower-cased, values decoded ("" for a bare attribute)
    line: int  #: 1-based, in the fragment


@dataclass(frozen=True)
class StyleSheet:
    css: str
    line: int  #: the fragment's line the CSS starts on


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[Tag] = []
        self.sheets: list[StyleSheet] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # A repeated attribute: browsers keep the first, so do we.
        values: dict[str, str] = {}
        for name, value in attrs:
            values.setdefault(name, value or "")
        line = self.getpos()[0]
        self.tags.append(Tag(tag, values, line))
        if "style" in values:
            self.sheets.append(StyleSheet(values["style"], line))
        self._in_style = tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.sheets.append(StyleSheet(data, self.getpos()[0]))


def read(fragment: str) -> tuple[list[Tag], list[StyleSheet]]:
    """The start tags of *fragment* and the CSS in it (``<style>`` and ``style=``)."""
    reader = _Reader()
    reader.feed(fragment)
    reader.close()
    return reader.tags, reader.sheets


def normalised_url(url: str) -> str:
    return IGNORED_IN_URL.sub("", url).lower()


def scheme(url: str) -> str:
    """The URL's scheme as a browser sees it ("" for a relative URL)."""
    match = SCHEME.match(normalised_url(url))
    return match.group(1) if match else ""


def is_remote(url: str) -> bool:
    """True when loading *url* makes a request to another host: an
    ``http(s):`` URL or a network-path reference (``//host/…``; browsers
    read a backslash as a slash there)."""
    normal = normalised_url(url).replace("\\", "/")
    return normal.startswith("//") or scheme(normal) in REMOTE_SCHEMES


def srcset_urls(value: str) -> list[str]:
    """The URLs of a ``srcset``: comma-separated candidates, each a URL and
    an optional descriptor.  Every word is returned, descriptors too, so a
    URL with a comma in it cannot hide its remote half."""
    return [word for candidate in value.split(",") for word in candidate.split()]


# -- CSS -------------------------------------------------------------------------

CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
#: A CSS escape: up to six hex digits and one optional space, or one character.
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t]?|\\(.)")
CSS_URL = re.compile(r"""\burl\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)""", re.I)
#: @import "x.css" and image-set("a.png" 1x, …): strings that are URLs.
CSS_URL_STRINGS = re.compile(r"""(?:@import|image-set\()\s*((?:[^;{}()]|\([^)]*\))*)""", re.I)
CSS_STRING = re.compile(r""""([^"]*)"|'([^']*)'""")


def _unescape_css(match: re.Match[str]) -> str:
    if match.group(1):
        code = int(match.group(1), 16)
        return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"
    return match.group(2)


def css_urls(css: str) -> list[tuple[int, str]]:
    """``(line, url)`` for every URL *css* loads: ``url(…)``, ``@import``
    strings, ``image-set()`` strings.  Comments are dropped and escapes
    decoded first, as a browser does (``u\\72l(`` is ``url(``); *line* is
    1-based in *css*."""
    # Comments become as many newlines as they held, so lines keep their numbers.
    text = CSS_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), css)
    found: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = CSS_ESCAPE.sub(_unescape_css, line)
        for match in CSS_URL.finditer(line):
            found.append((number, next(g for g in match.groups() if g is not None)))
        for match in CSS_URL_STRINGS.finditer(line):
            for string in CSS_STRING.finditer(match.group(1)):
                found.append((number, string.group(1) if string.group(1) is not None
                              else string.group(2)))
    # @import url("…") is found by both patterns: once is enough.
    return list(dict.fromkeys(found))
