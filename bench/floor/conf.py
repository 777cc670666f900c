"""Baseline configuration: the guide's pages and theme, with none of cakedoc.

What plain Sphinx costs for the same pages: MyST, sphinxcontrib-mermaid
(the pages' ```mermaid fences need a directive) and furo, nothing of ours.
The benchmark builds ``docs/<lang>`` with it next to the real build and
divides (see bench/README.md).  It is built without ``-W``: the glossary
is cakedoc's, so ``{term}`` links cannot resolve here.

Two modes:

* floor (default): ``{stack-diagram}`` and the glossary's directives are
  tiny stand-ins that produce nothing, so the baseline does no work of ours;
* ``BENCH_VENDORED_MERMAID=<dir>``: sphinxcontrib-mermaid's own rendering in
  the reader's browser, from the pinned mermaid copied into *dir* (its
  vendored ES-module mode), with the stack diagram as a real mermaid
  diagram: the page-weight baseline.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive

project = "floor"
author = "The Five-Layer Cake authors"
copyright = "2026, The Five-Layer Cake authors"
language = "zh_CN"

extensions = ["myst_parser", "sphinxcontrib.mermaid"]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["**/README.md"]

myst_enable_extensions = ["colon_fence", "deflist", "attrs_inline"]
myst_heading_anchors = 3
myst_fence_as_directive = ["mermaid"]

html_theme = "furo"
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
# Not cakedoc: a plain Sphinx setting.  Without it Sphinx reloads jieba's
# dictionary on every zh build (~2 s), and the floor would be slower than
# plain Sphinx needs to be, flattering our ratio.
html_search_options = {"dict": ""}

VENDORED = os.environ.get("BENCH_VENDORED_MERMAID", "")
if VENDORED:
    html_static_path = [VENDORED]
    mermaid_use_local = "mermaid/mermaid.esm.min.mjs"


class AnyOptions(dict):
    """An option spec that accepts every option (the stand-ins ignore them)."""

    def __missing__(self, key: str) -> object:
        return str

    def __contains__(self, key: object) -> bool:
        return True


class NoOp(Directive):
    """Stands in for a cakedoc directive: accepts anything, produces nothing."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = AnyOptions()

    def run(self) -> list[nodes.Node]:
        return []


def pass_through(translator: object, node: nodes.Node) -> None:
    """Writes nothing of its own: the node's children are written as usual."""


def setup(app: object) -> None:
    app.add_directive("cake-glossary", NoOp)
    # The glossary's generated pages (cakedoc.glossary.stubs), where the real
    # build has written them: read like any page, rendered by no code of ours.
    app.add_directive("cake-glossary-sheet", NoOp)
    app.add_directive("cake-glossary-list", NoOp)
    if VENDORED:
        # The same diagram source as the real site, drawn by the reader's browser.
        sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
        from cakedoc.diagrams.directives import StackDiagram
        from cakedoc.diagrams.marker import layer_marker

        app.add_directive("stack-diagram", StackDiagram)
        # A layer page's highlighted stack: plain Sphinx shows the whole
        # Mermaid figure it holds (drawn in the browser), not our marker.
        app.add_node(layer_marker, html=(pass_through, pass_through))
    else:
        app.add_directive("stack-diagram", NoOp)
