"""One registry of sources (``sources/<key>.yaml``), cited by key.

- :mod:`.registry` reads and checks the registry (no Sphinx);
- :mod:`.render` writes a source in one language, confidence in words;
- :mod:`.cite` the ``{footcite}`` role: footnotes generated from the
  registry, unknown keys and uncited entries reported at file:line;
- :mod:`.listing` the sources page's ``{source-list}`` and ``{source-legend}``.

The glossary's ``## sources`` and the translation review read the same keys.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("cake_sources_dir", "../../sources", "env", types=[str])
    app.setup_extension("cakedoc.sources.cite")
    app.setup_extension("cakedoc.sources.listing")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
