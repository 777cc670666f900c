"""The layer marker: the compact "you are here" stack at the top of a layer page.

``{stack-diagram}`` with ``:highlight: <layer>`` makes one.  A reader on a
phone used to get the full Mermaid stack (five tall boxes, 560 px on a
desktop) before the first line of text; the marker is five slim rows drawn
here, in Python, from :data:`cakedoc.layers.LAYERS`, as inline SVG with real
text: the current layer highlighted (and ``aria-current="page"``), every
layer a link to its page.  The drawing carries its own stylesheet (an SVG
``<style>``), so only the five layer pages pay for it, not every page's
cake.css: colours as CSS variables, so one drawing serves the light and the
dark scheme.  The presentation attributes hold the light colours, which
the e-book (no dark rules: reading apps set their own) and print keep.

The book (LaTeX) keeps the full highlighted stack: the marker node holds
the Mermaid figure as its child, and the LaTeX writer simply writes it.
"""

from __future__ import annotations

import html
import posixpath
from typing import Any

from docutils import nodes

from cakedoc.layers import LAYERS

#: The drawing's size in SVG units (also its CSS pixel size at most).
WIDTH = 340
ROW = 28
GAP = 4
HEIGHT = len(LAYERS) * ROW + (len(LAYERS) - 1) * GAP

#: Light-scheme colours, as presentation attributes (cake.css overrides them
#: per scheme): the same palette as the full stack diagram.
LIGHT = {"fill": "#e8ecfb", "stroke": "#4458b8", "text": "#111827",
         "current-fill": "#f6b73c", "current-stroke": "#9a5b00"}


#: The marker's own CSS: its layout, and the colours of the light scheme,
#: then (on the site) of the dark one, chosen as furo chooses its scheme.
STYLE = (
    ".cake-layer-marker{--cake-layer-fill:#e8ecfb;--cake-layer-stroke:#4458b8;"
    "--cake-layer-text:#111827;margin:.75rem 0 1.25rem}"
    ".cake-layer-marker svg{display:block;max-width:100%;height:auto}"
    ".cake-layer-marker a{text-decoration:none}"
    ".cake-layer rect{fill:var(--cake-layer-fill);stroke:var(--cake-layer-stroke)}"
    ".cake-layer text{fill:var(--cake-layer-text)}"
    ".cake-layer-marker a:hover rect,.cake-layer-marker a:focus-visible rect{stroke-width:3}"
    ".cake-layer-marker-caption{margin:0 0 .35rem;font-size:var(--font-size--small,.875rem);"
    "color:var(--color-foreground-secondary,#4b5563)}"
)
DARK = "--cake-layer-fill:#1e2746;--cake-layer-stroke:#8ea2ff;--cake-layer-text:#eef0f6"
# Not in print: on paper the light colours, as furo prints its light scheme.
DARK_STYLE = (
    f'@media not print{{body[data-theme="dark"] .cake-layer-marker{{{DARK}}}'
    f'@media (prefers-color-scheme:dark){{body:not([data-theme="light"]) .cake-layer-marker{{{DARK}}}}}}}'
)


class layer_marker(nodes.General, nodes.Element):
    """The compact stack with ``layer`` highlighted; its children are the
    full Mermaid figure, for builders that draw that instead (LaTeX)."""


def row_svg(number: int, layer: Any, lang: str, href: str, current: bool, top: int) -> str:
    """One layer: a link holding its box, its number and name, and its blurb."""
    name = html.escape(getattr(layer, lang))
    blurb = html.escape(getattr(layer, f"{lang}_blurb"))
    kind = "cake-layer-current" if current else "cake-layer"
    fill = LIGHT["current-fill" if current else "fill"]
    stroke = LIGHT["current-stroke" if current else "stroke"]
    weight = ' font-weight="700"' if current else ""
    aria = ' aria-current="page"' if current else ""
    middle = top + ROW // 2
    return (
        # The <title> names the link for readers of the SVG alone (EPUBCheck
        # asks for it: ACC-011).
        f'<a href="{html.escape(href)}" class="{kind}"{aria}><title>{number} {name}: {blurb}</title>'
        f'<rect x="1" y="{top + 1}" width="{WIDTH - 2}" height="{ROW - 2}" rx="4" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="{2 if current else 1}"/>'
        f'<text x="12" y="{middle}" dominant-baseline="central" font-size="14" '
        f'fill="{LIGHT["text"]}"{weight}>{number} {name}</text>'
        f'<text x="{WIDTH - 12}" y="{middle}" dominant-baseline="central" text-anchor="end" '
        f'font-size="12" fill="{LIGHT["text"]}" class="cake-layer-blurb">{blurb}</text></a>'
    )


def marker_html(current: str, lang: str, label: str, href_of: Any, ident: str,
                dark: bool = True) -> str:
    """The marker as HTML: a labelled navigation landmark around the SVG.

    *href_of* maps a layer id (its docname) to the link from this page;
    *dark* adds the dark scheme's colours."""
    rows = []
    # Top to bottom on screen: applications first, energy (the base) last.
    for index, layer in enumerate(reversed(LAYERS)):
        number = len(LAYERS) - index
        rows.append(row_svg(number, layer, lang, href_of(layer.id), layer.id == current,
                            index * (ROW + GAP)))
    return (
        f'<nav class="cake-layer-marker" aria-labelledby="{ident}">'
        f'<p class="cake-layer-marker-caption" id="{ident}">{html.escape(label)}</p>'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}"><style>{STYLE}{DARK_STYLE if dark else ""}</style>'
        f'{"".join(rows)}</svg></nav>'
    )


def visit_marker_html(self: Any, node: layer_marker) -> None:
    builder = self.builder
    here = builder.current_docname

    def href_of(docname: str) -> str:
        # Sphinx's relative URI of a page to itself is "": name the file.
        return (builder.get_relative_uri(here, docname)
                or posixpath.basename(builder.get_target_uri(docname)))

    ident = f"cake-layer-marker-{node['layer']}"
    self.body.append(marker_html(node["layer"], node["lang"], node["label"], href_of, ident,
                                 dark=builder.name != "epub"))
    raise nodes.SkipNode


def visit_marker_children(self: Any, node: layer_marker) -> None:
    """Builders without the marker write its child, the full stack figure."""


def depart_marker_children(self: Any, node: layer_marker) -> None:
    pass


def setup_nodes(app: Any) -> None:
    app.add_node(layer_marker, html=(visit_marker_html, None),
                 latex=(visit_marker_children, depart_marker_children),
                 text=(visit_marker_children, depart_marker_children),
                 man=(visit_marker_children, depart_marker_children),
                 texinfo=(visit_marker_children, depart_marker_children))
