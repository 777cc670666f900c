"""A small site for the {chart} directive's tests (tests/test_charts.py).

The test passes ``language`` and ``cake_diagram_cache`` (the charts' cache
is beside it) as overrides."""

extensions = ["myst_parser", "sphinx.ext.doctest", "cakedoc.charts"]
myst_enable_extensions = ["colon_fence"]
source_suffix = {".md": "markdown"}
root_doc = "index"
latex_engine = "xelatex"
