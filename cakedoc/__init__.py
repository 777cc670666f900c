"""cakedoc — the Sphinx extensions of the bilingual guide "AI is a five-layer cake".

One module per concern; ``setup()`` here only loads them.  Every module is
parallel-safe for reading and writing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # Types only: tools that import a sphinx-free module of this package
    # (cakedoc.review) must not pay for importing Sphinx.
    from sphinx.application import Sphinx

#: The modules this package loads, in order.  Each has its own ``setup()``.
EXTENSIONS = (
    "cakedoc.build.recovery",
    "cakedoc.build.prune",
    "cakedoc.languages",
    "cakedoc.site.siteurl",
    "cakedoc.source.encoding",
    "cakedoc.source.safety",
    "cakedoc.counterpart",
    "cakedoc.anchors",
    "cakedoc.tables",
    "cakedoc.search.zh",
    "cakedoc.search.stats",
    "cakedoc.diagrams",
    "cakedoc.glossary.directive",
    "cakedoc.pdf.latex",
    "cakedoc.site.sitemap",
    "cakedoc.site.notfound_page",
    "cakedoc.site.social",
    "cakedoc.site.llms",
    "cakedoc.weight",
)


def setup(app: Sphinx) -> dict[str, Any]:
    from cakedoc.build import codeversion

    for name in EXTENSIONS:
        app.setup_extension(name)
    # One env_version for all the modules, from their code: any change to
    # it makes Sphinx read and write every page again (cakedoc.build.codeversion).
    return {"version": "1.0", "env_version": codeversion.env_version(),
            "parallel_read_safe": True, "parallel_write_safe": True}
