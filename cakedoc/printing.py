"""A page printed from the browser: what cake.css's print rules need from the build.

The print rules (in cake.css, commented there in one line to keep every
page light) give the article alone — furo already hides its header, icons
and page footer; ours hide the language and download links and the
drawers — the light drawing of every diagram and of the layer marker (their
dark rules are ``@media not print``, as furo's dark scheme is), and no page
break inside a figure, table or code block.

Printed, a link is only its text; the print stylesheet writes each external
link's address after it.  A link whose text already is its address (the
bare URLs of footnotes and source tables) would print it twice, and CSS
cannot compare a link's text with its ``href``: such links get the class
``cake-url`` here, and the print rule leaves them alone.  Only those links
carry the class, so a page of hostname-labelled links (the glossary) gains
no bytes.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

BARE_URL_CLASS = "cake-url"


def mark_bare_urls(app: Sphinx, doctree: nodes.document) -> None:
    for reference in doctree.findall(nodes.reference):
        uri = reference.get("refuri", "")
        if uri.startswith(("http://", "https://")) and reference.astext().strip() == uri:
            reference["classes"].append(BARE_URL_CLASS)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", mark_bare_urls)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
