"""A chart's text alternative, generated from its data in the page's language.

A screen-reader user hears what a sighted reader sees: the kind of chart,
what it shows, and every value with its unit, e.g.
``折线图：全球数据中心用电量（TWh）。2024：415 TWh；2030：945 TWh；…``.
"""

from __future__ import annotations

from cakedoc.charts import numbers
from cakedoc.charts.data import Spec, axis_title
from cakedoc.messages import gettext

KIND_NAMES = {"line": "Line chart", "bar": "Bar chart", "range": "Range chart (low to high)"}


def with_unit(value: str, unit: str) -> str:
    return f"{value} {unit}" if unit else value


def value_text(written: tuple[str, ...], chart: Spec, series: int | None = None) -> str:
    shown = [numbers.written(text, chart.lang) for text in written]
    if chart.kind == "range":
        low, high = shown
        text = low if low == high else f"{low}–{high}"
        return with_unit(text, chart.unit)
    return with_unit(shown[series or 0], chart.unit)


def describe(chart: Spec, written: list[tuple[str, ...]], sphinx_language: str) -> str:
    """The accessible description: kind, axis, and every value with its unit."""
    zh = chart.lang == "zh"
    colon, semicolon, stop = ("：", "；", "。") if zh else (": ", "; ", ".")
    head = gettext(KIND_NAMES[chart.kind], sphinx_language) + colon + \
        axis_title(chart.ylabel, chart.unit, chart.lang) + stop
    if chart.xlabel:
        head = head[:-len(stop)] + (f"，按{chart.xlabel}" if zh else f", by {chart.xlabel.lower()}") + stop
    parts = []
    if chart.kind != "range" and len(chart.series) > 1:
        for index, name in enumerate(chart.series):
            items = (", " if not zh else "，").join(
                f"{key} {value_text(row, chart, index)}" for key, row in zip(chart.keys, written))
            parts.append(f"{name}{colon}{items}")
    else:
        parts = [f"{key}{colon}{value_text(row, chart)}" for key, row in zip(chart.keys, written)]
    return head + (" " if not zh else "") + semicolon.join(parts) + stop
