"""What the search index holds, and how it is written.

* Code is not in the index: the examples' numbers and Python names are noise
  to a reader's search (``return`` found on every page with an example),
  and they were a quarter of the index every search page loads.  The
  numbers a reader looks for are in the prose too.
* ``searchindex.js`` is written in UTF-8, not ``\\uXXXX`` escapes: a
  Chinese character costs 3 bytes instead of 6.

Pinned internals (Sphinx 9.0.4): ``sphinx.search.js_index`` is an
undocumented module-level instance whose class we subclass, set on the
builder's undocumented ``indexer_format``.  If it changes, the zh index
goes back to escapes and tests/test_weight.py's UTF-8 check fails.
"""

from __future__ import annotations

import json
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.search import js_index


def code_not_searched(app: Sphinx, doctree: nodes.document) -> None:
    """Keep code blocks out of the search index (Sphinx skips 'no-search')."""
    for block in doctree.findall(lambda node: isinstance(node, (nodes.literal_block,
                                                                 nodes.doctest_block))):
        block["classes"].append("no-search")


class Utf8JavaScriptIndex(type(js_index)):  # type: ignore[misc]
    """Sphinx's searchindex.js format (js_index), written in UTF-8: Sphinx
    escapes every non-ASCII character."""

    def dumps(self, data: Any) -> str:
        text = json.dumps(data, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
        return self.PREFIX + text + self.SUFFIX


def utf8_search_index(app: Sphinx) -> None:
    """Have the HTML builder write its index with Utf8JavaScriptIndex (it
    also reads the old one with it, on an incremental build)."""
    if getattr(app.builder, "indexer_format", None) is js_index:
        app.builder.indexer_format = Utf8JavaScriptIndex()


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", utf8_search_index)
    app.connect("doctree-read", code_not_searched)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
