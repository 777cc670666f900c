"""cakedoc — the Sphinx extensions of the bilingual guide "AI is a five-layer cake".

One module per concern; ``setup()`` here only loads them.  Every module is
parallel-safe for reading and writing.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

#: The modules this package loads, in order.  Each has its own ``setup()``.
EXTENSIONS = (
    "cakedoc.languages",
    "cakedoc.counterpart",
    "cakedoc.search_zh",
    "cakedoc.diagrams",
    "cakedoc.glossary",
    "cakedoc.pdf",
    "cakedoc.weight",
)


def setup(app: Sphinx) -> dict[str, Any]:
    for name in EXTENSIONS:
        app.setup_extension(name)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
