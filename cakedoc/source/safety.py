"""No script in the guide: unsafe raw HTML and ``javascript:`` links fail the build.

Translations come from many hands, and MyST passes raw HTML through to the
page untouched.  So every page is checked as it is read, and each of these
is a warning (``cake.unsafe``, fatal under ``-W``) at its file and line:

* raw HTML holding ``<script``, ``<iframe`` or an ``on…=`` event attribute
  (``onclick=``, ``onerror=`` …), or a ``javascript:`` URL;
* any reference whose URI has the ``javascript:`` scheme (a directive's
  ``:target:``, for one).

Raw HTML is checked as a browser would read it: character references are
decoded and the whitespace browsers drop inside a URL scheme is ignored, so
``java&#115;cript:`` and ``java\tscript:`` are caught too.  (A Markdown link
``[x](javascript:…)`` is never a link: markdown-it leaves it as text.)
"""

from __future__ import annotations

import html
import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: What raw HTML may not contain, each with what to tell the author.
UNSAFE_HTML = (
    (re.compile(r"<\s*script\b", re.I), "a <script> element"),
    (re.compile(r"<\s*iframe\b", re.I), "an <iframe> element"),
    (re.compile(r"<[^>]*\son[a-z]+\s*=", re.I), "an on…= event attribute"),
)
#: Browsers ignore ASCII tab and newline anywhere in a URL, and leading
#: spaces and control characters.
IGNORED_IN_URL = re.compile(r"[\x00-\x20]")
JAVASCRIPT = "javascript:"
#: An attribute value that is a javascript: URL, once normalised as above.
JAVASCRIPT_VALUE = re.compile(r"""=["']?javascript:""")


def normalised(text: str) -> str:
    return IGNORED_IN_URL.sub("", html.unescape(text)).lower()


def is_javascript_url(uri: str) -> bool:
    return normalised(uri).startswith(JAVASCRIPT)


def raw_html_problems(text: str) -> list[str]:
    found = [what for pattern, what in UNSAFE_HTML if pattern.search(text)]
    if JAVASCRIPT_VALUE.search(normalised(text)):
        found.append("a javascript: URL")
    return found


def warn(node: nodes.Node, message: str) -> None:
    # location=node: Sphinx takes the file and line from the node or its
    # nearest ancestor that has them (inline raw HTML has no line of its own),
    # so HTML in a glossary entry is reported in glossary/, not on its page.
    logger.warning(message, location=node, type="cake", subtype="unsafe")


def check_page(app: Sphinx, doctree: nodes.document) -> None:
    for node in doctree.findall(nodes.raw):
        if "html" not in node.get("format", "").split():
            continue
        for problem in raw_html_problems(node.astext()):
            warn(node, f"raw HTML with {problem} is not allowed in the guide; "
                            "use Markdown or a directive instead")
    for node in doctree.findall(nodes.reference):
        if is_javascript_url(node.get("refuri", "")):
            warn(node, f"link to a javascript: URL is not allowed: {node['refuri']!r}; "
                            "link to a page or an https:// address")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", check_page)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
