"""The sources page's lists, drawn from the registry.

In: ```` ```{source-list} chips ```` (one group of the registry: ``essay``,
the five layers, ``terms``) and ```` ```{source-legend} ````.  Out: a table of
the group's sources — source, the figures it supports, as of, confidence
in words — and the legend of those words.  The page writes its headings and
prose; the rows come only from the registry, so the page lists exactly the
registry (:mod:`.cite` checks every group is shown once).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from cakedoc.languages import language_of
from cakedoc.messages import _
from cakedoc.sources import registry, render
from cakedoc.sources.cite import sources_of

def table(rows: list[tuple[str, list[list[nodes.Node]]]]) -> nodes.table:
    """The group's table; its headers translated now, in the build's language."""
    headers = (_("Source"), _("Figures it supports"), _("As of"), _("Confidence"))
    # Given widths, in HTML and LaTeX alike: room for "secondary report" /
    # "二手转述" and a date range on one or two lines.
    found = nodes.table(classes=["cake-sources", "colwidths-given"])
    group = nodes.tgroup(cols=len(headers))
    found += group
    for width in (34, 36, 14, 16):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += nodes.row("", *(nodes.entry("", nodes.paragraph(str(h), str(h))) for h in headers))
    group += head
    body = nodes.tbody()
    for key, cells in rows:
        # An anchor per source: #registry-<key> (not source-<key>: that is
        # the name of the key's footnote on a page that cites it).
        body += nodes.row("", *(nodes.entry("", nodes.paragraph("", "", *cell)) for cell in cells),
                          ids=[f"registry-{key}"])
    group += body
    return found


class SourceList(SphinxDirective):
    """Every source of one group, in key order."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        group = self.arguments[0]
        location = "{}:{}".format(*self.get_source_info())
        if group not in registry.GROUPS:
            raise self.error(f"source-list: {group!r} is no group; groups are "
                             f"{', '.join(registry.GROUPS)}")
        self.env.cake_source_lists.setdefault(self.env.docname, []).append((group, location))
        sources = sources_of(self.env)
        if not sources:
            return []  # the registry could not be read: reported at its file and line
        lang = language_of(self.config).code
        rows = [(key, render.cells(source, sources, lang))
                for key, source in sorted(sources.items()) if source.layer == group]
        if not rows:
            raise self.error(f"source-list: the registry has no source in the group {group!r}")
        return [table(rows)]


class SourceLegend(SphinxDirective):
    """What the confidence words mean."""

    def run(self) -> list[nodes.Node]:
        return [render.legend()]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("source-list", SourceList)
    app.add_directive("source-legend", SourceLegend)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
