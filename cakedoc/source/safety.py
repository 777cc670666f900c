"""No script in the guide: unsafe raw HTML and ``javascript:`` links fail the build.

Translations come from many hands, and MyST passes raw HTML through to the
page untouched.  So every page is checked as it is read, and each of these
is a warning (``cake.unsafe``, fatal under ``-W``) at its file and line:

* in raw HTML, an element that runs code, loads another document or changes
  the page's base, refresh or submission: ``<script>``, ``<iframe>``,
  ``<frame>``, ``<object>``, ``<embed>``, ``<applet>``, ``<base>``,
  ``<meta>``, ``<form>``;
* in raw HTML, an ``on…=`` event attribute (``onclick=``, ``onerror=`` …);
* in raw HTML, a ``javascript:`` or ``data:`` URL in an attribute that holds
  a URL (``href``, ``src``, ``srcset``, ``action``, ``poster`` …);
* any link whose URI has the ``javascript:`` or ``data:`` scheme (a
  directive's ``:target:``, for one).

Raw HTML is read by a real HTML parser (cakedoc.source.htmlscan), as a
browser reads it: ``<abbr title="go online=now">`` is an ordinary attribute,
``java&#115;cript:`` and ``java\\tscript:`` are ``javascript:``, and a tag in
a comment is no tag.  (A Markdown link ``[x](javascript:…)`` is never a
link: markdown-it leaves it as text.)  What raw HTML may *load* is
cakedoc.source.remote's concern.
"""

from __future__ import annotations

import html
from typing import Any

from docutils import nodes
from docutils.utils import get_source_line
from sphinx.application import Sphinx
from sphinx.util import logging

from cakedoc.source import htmlscan

logger = logging.getLogger(__name__)

#: Elements raw HTML may not hold, each with what to tell the author.
FORBIDDEN_ELEMENTS = {
    "script": "a <script> element",
    "iframe": "an <iframe> element",
    "frame": "a <frame> element",
    "object": "an <object> element",
    "embed": "an <embed> element",
    "applet": "an <applet> element",
    "base": "a <base> element",
    "meta": "a <meta> element",
    "form": "a <form> element",
}
#: Attributes whose value is a URL (srcset: a list of them).
URL_ATTRIBUTES = {"href", "xlink:href", "src", "srcset", "imagesrcset", "action", "formaction",
                  "poster", "data", "background", "cite", "longdesc", "lowsrc", "dynsrc",
                  "codebase", "archive", "manifest", "ping", "icon", "usemap"}
#: SVG animation writes these into another attribute (attributeName=href).
ANIMATED_VALUES = {"values", "from", "to", "by"}
UNSAFE_SCHEMES = ("javascript", "data")


def attribute_urls(tag: htmlscan.Tag) -> list[tuple[str, str]]:
    """``(attribute, url)`` for every URL *tag* holds."""
    urls = []
    for name, value in tag.attrs.items():
        if name in ("srcset", "imagesrcset"):
            urls += [(name, url) for url in htmlscan.srcset_urls(value)]
        elif name in URL_ATTRIBUTES:
            urls.append((name, value))
    if tag.name in ("animate", "set") and tag.attrs.get("attributename", "").lower() in (
            "href", "xlink:href"):
        urls += [(name, part) for name in ANIMATED_VALUES if name in tag.attrs
                 for part in tag.attrs[name].split(";")]
    return urls


def raw_html_problems(text: str) -> list[tuple[int, str]]:
    """``(line in text, problem)`` for each unsafe thing in raw HTML *text*."""
    tags, _ = htmlscan.read(text)
    found = []
    for tag in tags:
        if tag.name in FORBIDDEN_ELEMENTS:
            found.append((tag.line, FORBIDDEN_ELEMENTS[tag.name]))
        for name in tag.attrs:
            if name.startswith("on"):
                found.append((tag.line, f"an on…= event attribute ({name}=)"))
        for name, url in attribute_urls(tag):
            if htmlscan.scheme(url) in UNSAFE_SCHEMES:
                found.append((tag.line, f"a {htmlscan.scheme(url)}: URL ({name}=)"))
    return found


def is_unsafe_url(uri: str) -> bool:
    """A ``javascript:`` or ``data:`` URI, as a browser would read it
    (character references decoded: the URI may come from raw HTML)."""
    return htmlscan.scheme(html.unescape(uri)) in UNSAFE_SCHEMES


def warn(node: nodes.Node, line: int | None, message: str) -> None:
    # location: Sphinx takes the file and line from the node or its nearest
    # ancestor that has them (inline raw HTML has no line of its own), so
    # HTML in a glossary entry is reported in glossary/, not on its page.
    source, node_line = get_source_line(node)
    location: Any = node
    if source and node_line and line is not None:
        location = f"{source}:{node_line + line - 1}"
    logger.warning(message, location=location, type="cake", subtype="unsafe")


def check_page(app: Sphinx, doctree: nodes.document) -> None:
    for node in doctree.findall(nodes.raw):
        if "html" not in node.get("format", "").split():
            continue
        for line, problem in raw_html_problems(node.astext()):
            # A line inside a block only makes sense from the block's own line.
            warn(node, line if node.line else None,
                 f"raw HTML with {problem} is not allowed in the guide; "
                 "use Markdown or a directive instead")
    for node in doctree.findall(nodes.reference):
        uri = node.get("refuri", "")
        if is_unsafe_url(uri):
            warn(node, None, f"link to a {htmlscan.scheme(uri)}: URL is not allowed: {uri!r}; "
                             "link to a page or an https:// address")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", check_page)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
