"""The sidebar holds the book's top level and the current page's branch,
not the whole book.

In: each HTML page's context, before furo's html-page-context handler.
Out: the same context, with its ``toctree()`` template function asked for
the collapsed tree (Sphinx's ``collapse=True``: the root's entries, and
below them only the entries on the way to the current page).

Why: furo (2025.12.19) asks ``toctree(collapse=False, maxdepth=-1)`` for
every page and parses the whole tree with BeautifulSoup
(``furo._compute_navigation_tree``), so a book of P pages writes P
sidebars of P entries: O(P²) time and bytes.  Measured on the bench's
grown copies (bench/README.md §9): the warm build grew with exponent 1.85
from N=1 to N=4, and a content page would reach about 240 KB at N=40, over
the 200 KB page budget.  Collapsed, a sidebar holds the parts and the
current part's pages.  In the guide itself only the sources page has
children (its six layer pages, docs/<lang>/sources/), shown on the sources
pages only; the glossary's generated pages are orphans
(cakedoc.glossary.stubs).  tests/test_small_sites.py checks both settings.

``toctree`` is the documented template function (Sphinx's "Templating"
page); wrapping it is the only way to change what furo asks for without
replacing furo's handler.  Parallel-safe: nothing is kept between pages.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

#: After sphinx-notfound-page (1.1.0) replaces ``toctree`` for the 404 page
#: with its own (its ``finalize_media``, priority 400: run at 400, in
#: extension order, this wrapped the function it then threw away, and the 404
#: page listed every page), and before furo's own handler (the default, 500).
AFTER_NOTFOUND_BEFORE_THEME = 450


def collapse_sidebar(app: Sphinx, pagename: str, templatename: str,
                     context: dict[str, Any], doctree: object) -> None:
    if not app.config.cake_collapsed_navigation or "toctree" not in context:
        return
    whole = context["toctree"]

    def collapsed(**options: Any) -> str:
        return whole(**{**options, "collapse": True})

    context["toctree"] = collapsed


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("cake_collapsed_navigation", True, "html", bool)
    app.connect("html-page-context", collapse_sidebar, priority=AFTER_NOTFOUND_BEFORE_THEME)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
