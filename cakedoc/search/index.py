"""Sphinx's own search index: written only when asked, and what it holds.

* ``searchindex.js`` is written only with ``cake_sphinx_search_index``
  (``make search-eval``'s baseline: ``SPHINX_SEARCH_INDEX=1``).  No page
  loads it (the search page ranks with searchstats.js, cakedoc.search.stats),
  yet Sphinx loads the old one whole, prunes it and dumps it whole again on
  every build that writes a page, and keeps its word mapping in the pickled
  environment: at 40x the guide's size that was 0.35 s of a one-page edit's
  3.6 s, and 3 of the zh environment's 8.2 MB (bench/README.md, section 9).
  A build without it deletes the file an earlier build left.
* Code is not in the index: the examples' numbers and Python names are noise
  to a reader's search (``return`` found on every page with an example),
  and they were a quarter of the index.  The numbers a reader looks for
  are in the prose too.
* ``searchindex.js`` is written in UTF-8, not ``\\uXXXX`` escapes: a
  Chinese character costs 3 bytes instead of 6.

Pinned internals (Sphinx 9.0.4), each checked by
tests/test_sphinx_search_index.py:

* The HTML builder's ``load_indexer``, ``index_page`` and
  ``dump_search_index`` are replaced on the builder instance by no-ops: its
  ``search`` flag must stay on, or there is no search page, no search box
  (``hasdoc('search')``) and no ``language_data.js`` context, which the
  search page's stemmer and stop words come from.  The environment's
  ``_search_index_*`` dictionaries (IndexBuilder's state) are emptied.
* ``sphinx.search.js_index`` is an undocumented module-level instance
  whose class we subclass, set on the builder's undocumented
  ``indexer_format``.  If it changes, the zh index goes back to escapes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.search import js_index

#: IndexBuilder's state, kept in the environment (sphinx/search/__init__.py).
INDEX_STATE = ("_search_index_titles", "_search_index_filenames", "_search_index_mapping",
               "_search_index_title_mapping", "_search_index_all_titles",
               "_search_index_index_entries", "_search_index_objtypes",
               "_search_index_objnames")


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


def wanted(app: Sphinx) -> bool:
    return bool(app.config.cake_sphinx_search_index)


def searching_builder(app: Sphinx) -> bool:
    return app.builder.format == "html" and bool(getattr(app.builder, "search", False))


def sphinx_index_only_when_asked(app: Sphinx) -> None:
    """Without cake_sphinx_search_index, the HTML builder neither loads,
    feeds nor dumps searchindex.js, and the environment keeps no index."""
    if wanted(app) or not searching_builder(app):
        return
    builder = app.builder
    builder.load_indexer = lambda docnames: None  # type: ignore[method-assign]
    builder.index_page = lambda pagename, doctree, title: None  # type: ignore[method-assign]
    builder.dump_search_index = lambda: None  # type: ignore[method-assign]
    for name in INDEX_STATE:
        state = getattr(app.env, name, None)
        if state:
            state.clear()


def remove_unwanted_index(app: Sphinx, exception: Exception | None) -> None:
    """The searchindex.js a build with the baseline left is not this build's."""
    if exception is None and not wanted(app) and searching_builder(app):
        (Path(app.outdir) / app.builder.searchindex_filename).unlink(missing_ok=True)


def setup(app: Sphinx) -> dict[str, Any]:
    # "html": switching it writes every page again, so the index a build
    # with it writes is complete (Sphinx feeds the indexer what it writes).
    app.add_config_value("cake_sphinx_search_index", False, "html", types=[bool])
    app.connect("builder-inited", sphinx_index_only_when_asked)
    app.connect("build-finished", remove_unwanted_index)
    app.connect("builder-inited", utf8_search_index)
    app.connect("doctree-read", code_not_searched)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
