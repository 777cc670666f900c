"""The ``{chart}`` directive: a data table in the page, drawn at build time.

::

    ```{chart} line
    :caption: 全球数据中心用电量：2024 年的估计与 IEA 基准情景的预测
    :xlabel: 年份
    :ylabel: 用电量
    :unit: TWh

    2024 | 415   | [^iea]
    2030 | 945   | [^iea]
    2035 | 1,200 | [^iea]
    ```

The kind is ``line``, ``bar`` or ``range`` (low–high).  Options, all
translated: ``caption``, ``xlabel``, ``ylabel``, ``unit``, ``series``
(series names, ``|``-separated, for more than one value column),
``labels`` (row names shown instead of the first cells, ``|``-separated);
``scale: log`` is copied.  The body is the table (cakedoc.charts.data),
identical in both languages.  The figure gets the caption and, under it, a
line citing every source the rows cite, as the page's own footnote
references.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from cakedoc.charts import data
from cakedoc.languages import language_of
from cakedoc.messages import gettext

logger = logging.getLogger(__name__)


class chart(nodes.General, nodes.Element):
    """A chart to draw: kind, rows and labels in its attributes."""


def bar_list(argument: str | None) -> list[str]:
    return [item.strip() for item in (argument or "").split("|") if item.strip()]


class Chart(SphinxDirective):
    has_content = True
    required_arguments = 1
    option_spec = {
        "caption": directives.unchanged_required,
        "xlabel": directives.unchanged,
        "ylabel": directives.unchanged_required,
        "unit": directives.unchanged,
        "series": bar_list,
        "labels": bar_list,
        "scale": lambda argument: directives.choice(argument, ("linear", "log")),
    }

    def row_line(self, offset: int) -> int:
        """The file line of the body's line *offset* (0-based).

        MyST's ``content_offset`` does not count the ``:option:`` lines and
        the blank line after them, so the row is looked up in the file,
        from the directive's first line on, by its text."""
        wanted = self.content[offset].strip() if offset < len(self.content) else ""
        source, _ = self.get_source_info()
        try:
            lines = Path(source).read_text(encoding="utf-8").splitlines()
        except OSError:  # not from a file: the best we know
            return self.lineno
        for number in range(self.lineno, len(lines) + 1):
            if lines[number - 1].strip() == wanted:
                return number
        return self.lineno

    def fail(self, message: str, line: int) -> list[nodes.Node]:
        logger.warning("chart: %s", message, location=(self.env.docname, line),
                       type="cake", subtype="chart")
        return []

    def run(self) -> list[nodes.Node]:
        kind = self.arguments[0]
        if kind not in data.KINDS:
            return self.fail(f"unknown chart kind {kind!r}: one of {', '.join(data.KINDS)}",
                             self.lineno)
        try:
            rows = data.parse("\n".join(self.content), kind)
        except data.DataError as error:
            return self.fail(str(error), self.row_line(error.offset))
        labels = self.options.get("labels", [])
        if labels and len(labels) != len(rows):
            return self.fail(f":labels: names {len(labels)} rows, the table has {len(rows)}",
                             self.lineno)
        series = self.options.get("series", [])
        if len(rows[0].values) > 1 and kind != "range" and len(series) != len(rows[0].values):
            return self.fail(f":series: must name the {len(rows[0].values)} value columns",
                             self.lineno)
        lang = language_of(self.config)
        node = chart(kind=kind, lang=lang.code, sphinx_language=self.config.language,
                     keys=labels or [row.key for row in rows],
                     values=[[str(value) for value in row.values] for row in rows],
                     written=[list(row.written) for row in rows],
                     cites=[list(row.footnotes) for row in rows],
                     doctest=[row.doctest for row in rows],
                     lines=[self.row_line(row.offset) for row in rows],
                     series=series, xlabel=self.options.get("xlabel", ""),
                     ylabel=self.options["ylabel"] if "ylabel" in self.options else "",
                     unit=self.options.get("unit", ""),
                     scale=self.options.get("scale", "linear"))
        self.set_source_info(node)
        figure = nodes.figure(classes=["cake-chart"])
        self.set_source_info(figure)
        figure += node
        caption_text = self.options.get("caption", "")
        if caption_text:
            caption = nodes.caption(caption_text, "", *self.parse_inline(caption_text)[0])
            self.set_source_info(caption)
            figure += caption
        legend = nodes.legend()
        legend += self.parse_text_to_nodes(sources_line(rows, self.config.language),
                                           offset=self.lineno)
        figure += legend
        return [figure]


def sources_line(rows: list[data.Row], sphinx_language: str) -> str:
    """MyST for the line under a chart: its sources, as footnote references."""
    labels = list(dict.fromkeys(label for row in rows for label in row.footnotes))
    keys = [label.removeprefix(data.SOURCE) for label in labels if label.startswith(data.SOURCE)]
    cited = "".join(f"[^{label}]" for label in labels if not label.startswith(data.SOURCE))
    if keys:
        cited = f"{{footcite}}`{','.join(keys)}`" + cited
    if any(row.doctest for row in rows):
        cited += (" " if cited else "") + gettext("the calculations on this page (doctest)",
                                                  sphinx_language)
    return gettext("Sources: ", sphinx_language) + cited
