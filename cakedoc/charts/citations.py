"""Every number a chart draws is one the page already states, with its source.

Checked once the page is read (``doctree-read``), at the row's file and
line: a row citing ``[^label]`` needs that footnote on the page (a row
citing ``{footcite}`key``` cites the registry itself), and each of
its numbers written in the page's text outside the charts (prose, tables,
footnotes); a row citing ``doctest`` needs each number among the results
the page's doctests print.  A chart cannot bring a figure of its own.

A number is found by its value, read as the translation review reads it
(:mod:`cakedoc.review.figures`): a chart of 1.5 with the unit ``B``
(billion) is stated by "15 亿" in Chinese prose as by "1.5B" in English.
"""

from __future__ import annotations

import re
from decimal import Decimal

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from cakedoc.charts import data
from cakedoc.charts.directive import chart
from cakedoc.review import figures

logger = logging.getLogger(__name__)

NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def numbers_in(text: str) -> set[Decimal]:
    return {Decimal(match.replace(",", "")) for match in NUMBER.findall(text)}


def values_in(text: str) -> set[Decimal]:
    """Each number of *text* as written and by its value (``15 亿`` gives 15
    and 1500000000)."""
    return numbers_in(text) | {Decimal(value) for value, _ in figures.numbers(text)}


def in_chart(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.figure) and "cake-chart" in parent["classes"]:
            return True
        parent = parent.parent
    return False


def doctest_results(doctree: nodes.document) -> set[Decimal]:
    """The numbers the page's doctests print (their expected output lines)."""
    found: set[Decimal] = set()
    for block in doctree.findall(nodes.literal_block):
        if block.get("testnodetype") != "doctest":
            continue
        for line in block.astext().splitlines():
            if not line.startswith((">>>", "...")):
                found |= numbers_in(line)
    return found


def check(app: Sphinx, doctree: nodes.document) -> None:
    charts = list(doctree.findall(chart))
    if not charts:
        return
    docname = app.env.docname
    footnotes = {name for note in doctree.findall(nodes.footnote) for name in note["names"]}
    stated = values_in(" ".join(text.astext() for text in doctree.findall(nodes.Text)
                                 if not in_chart(text)))
    computed = doctest_results(doctree)
    for node in charts:
        # A unit that is a scale (B, million, 亿 …) multiplies the values.
        scale = figures.SCALES.get(node.get("unit", ""), 1)
        for written, cites, doctest, line in zip(node["written"], node["cites"],
                                                 node["doctest"], node["lines"]):
            for label in cites:
                # A registry key is cited by the chart's own source line (an
                # unknown key is reported by {footcite}); a label is the page's.
                if not label.startswith(data.SOURCE) and label not in footnotes:
                    warn(f"the row cites [^{label}], which is no footnote of this page",
                         docname, line)
            pool, where = (computed, "the results of this page's doctests") if doctest else \
                (stated, "this page's text")
            for text in written:
                value = Decimal(text.replace(",", ""))
                if value not in pool and (doctest or value * scale not in pool):
                    warn(f"{text} is not among {where}: a chart draws only numbers the page "
                         "states with their source", docname, line)


def warn(message: str, docname: str, line: int) -> None:
    logger.warning("chart: %s", message, location=(docname, line), type="cake", subtype="chart")
