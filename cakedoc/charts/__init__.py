"""Charts drawn at build time from data tables in the pages (``{chart}``).

The directive (:mod:`.directive`) reads a small table whose every row cites
the page's footnotes or its doctests; :mod:`.citations` checks those
citations against the page once it is read; :mod:`.draw` draws it with
matplotlib and :mod:`.describe` writes its text alternative from the data.
HTML gets two inline SVGs (light, dark; cake.css shows one) with real text,
``role="img"`` and the description; LaTeX gets a vector PDF with the CJK
font embedded.  Drawings are kept in a content-addressed cache beside the
diagrams' (``_build/.cache/charts``), so a rebuild draws nothing it has
drawn before (:mod:`.render`).  The token-to-power calculator is
:mod:`.calculator`.

Importing the package loads nothing: the translation review, which runs
without Sphinx, uses :mod:`.data` alone.
"""

from __future__ import annotations

from typing import Any


def setup(app: Any) -> dict[str, Any]:
    app.setup_extension("cakedoc.diagrams")  # cake_diagram_cache, accessible()
    app.setup_extension("cakedoc.messages")
    from cakedoc.charts import render  # Sphinx and matplotlib, for a build only

    render.setup(app)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
