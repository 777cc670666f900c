"""Draw a chart with matplotlib: SVG for the page (light, dark), PDF for LaTeX.

Why matplotlib (not Vega-Lite in the diagrams' Chromium session): it draws
in the build's own process, with no browser, in tens of milliseconds; its
SVG keeps text as text (``svg.fonttype: none``) and its PDF backend embeds
the Noto CJK font, so the PDF edition gets vector charts whose Chinese
labels pdftotext can read, with no SVG-to-PDF conversion step; and with
fixed ids and no dates its bytes are reproducible.

Colours are chosen for furo's backgrounds (white; #131416 in dark mode):
every line, bar and label has a contrast of at least 4.5 against them
(tests/test_charts_browser.py measures ≥ 3 in the browser).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display; chosen before pyplot is imported
from matplotlib import font_manager  # noqa: E402
from matplotlib import pyplot  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from cakedoc.charts import numbers  # noqa: E402
from cakedoc.charts.data import Row  # noqa: E402

#: Debian's fonts-noto-cjk (tools/bootstrap.sh): one face for both languages,
#: so a zh and an en chart look alike.
FONT_FILE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
FONT_NAME = "Noto Sans CJK SC"
#: What the page's CSS falls back to where the reader lacks Noto.
FALLBACK = "sans-serif"

#: Per variant: text, axes, and one colour per series.
PALETTES = {
    "light": {"text": "#1f2328", "axis": "#4d5560", "series": ("#1d5fb8", "#a3520b", "#1d7a3a")},
    "dark": {"text": "#e6e8eb", "axis": "#b6bcc4", "series": ("#7cb3ff", "#f2a25c", "#6fd08b")},
}
PALETTES["pdf"] = PALETTES["light"]

WIDTH, HEIGHT = 6.0, 3.0  # inches: 432 × 216 pt, the article's width at 100 %


class SetupError(RuntimeError):
    """The font the charts are drawn with is missing."""


@dataclass(frozen=True)
class Spec:
    """Everything that decides a drawing (its cache key is made from this)."""

    kind: str
    keys: tuple[str, ...]  #: row names as displayed
    values: tuple[tuple[float, ...], ...]
    series: tuple[str, ...]
    xlabel: str
    ylabel: str
    unit: str
    scale: str  #: "linear" or "log"
    lang: str


def spec(kind: str, rows: Sequence[Row], labels: Sequence[str], series: Sequence[str],
         xlabel: str, ylabel: str, unit: str, scale: str, lang: str) -> Spec:
    return Spec(kind, tuple(labels or (row.key for row in rows)),
                tuple(tuple(float(v) for v in row.values) for row in rows),
                tuple(series), xlabel, ylabel, unit, scale, lang)


def axis_title(label: str, unit: str, lang: str) -> str:
    if not unit:
        return label
    return f"{label}（{unit}）" if lang == "zh" else f"{label} ({unit})"


def setup_font() -> None:
    if not FONT_FILE.is_file():
        raise SetupError(f"{FONT_FILE} is missing: the charts are drawn with Noto Sans CJK "
                         "(Debian fonts-noto-cjk; run `make bootstrap` as root)")
    if FONT_NAME not in {entry.name for entry in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(FONT_FILE))


STYLE = {
    "svg.fonttype": "none",  # text stays text: readable, searchable, translatable
    "pdf.fonttype": 42,  # the font embedded as TrueType/CID: text pdftotext can extract
    "font.family": [FONT_NAME],
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": None,  # set per drawing below: fixed ids, unique on a page
    "path.simplify": False,
}


def figure(chart: Spec, variant: str) -> pyplot.Figure:
    colours = PALETTES[variant]
    # A range chart is one row per item: as tall as its rows need.
    height = min(HEIGHT, 0.75 + 0.45 * len(chart.keys)) if chart.kind == "range" else HEIGHT
    fig, ax = pyplot.subplots(figsize=(WIDTH, height), layout="constrained")
    fig.patch.set_alpha(0)
    ax.set_facecolor("none")
    text = colours["text"]
    for side in ("left", "bottom"):
        ax.spines[side].set_color(colours["axis"])
    ax.tick_params(which="both", colors=colours["axis"], labelcolor=text)
    formatter = FuncFormatter(lambda value, _: numbers.tick(value, chart.lang))
    label = {"color": text}
    value_axis = ax.xaxis if chart.kind == "range" else ax.yaxis
    if chart.scale == "log":
        (ax.set_xscale if chart.kind == "range" else ax.set_yscale)("log")
    value_axis.set_major_formatter(formatter)
    value_axis.set_minor_formatter(FuncFormatter(lambda value, _: ""))
    title = axis_title(chart.ylabel, chart.unit, chart.lang)
    if chart.kind == "range":
        draw_range(ax, chart, colours)
        ax.set_xlabel(title, **label)
        if chart.xlabel:
            ax.set_ylabel(chart.xlabel, **label)
    else:
        (draw_line if chart.kind == "line" else draw_bar)(ax, chart, colours)
        ax.set_ylabel(title, **label)
        if chart.xlabel:
            ax.set_xlabel(chart.xlabel, **label)
    if len(chart.series) > 1:
        legend = ax.legend(frameon=False, labelcolor=text)
        legend.set_in_layout(True)
    return fig


def value_text(value: float, chart: Spec) -> str:
    return numbers.tick(value, chart.lang)


def draw_line(ax: object, chart: Spec, colours: dict) -> None:
    positions = range(len(chart.keys))
    for index in range(len(chart.values[0])):
        ys = [row[index] for row in chart.values]
        colour = colours["series"][index % len(colours["series"])]
        name = chart.series[index] if index < len(chart.series) else None
        ax.plot(positions, ys, color=colour, linewidth=2.2, marker="o", markersize=5, label=name)
        for x, y in zip(positions, ys):
            ax.annotate(value_text(y, chart), (x, y), textcoords="offset points", xytext=(0, 7),
                        ha="center", color=colours["text"], fontsize=9)
    ax.set_xticks(list(positions), chart.keys)
    ax.margins(x=0.08, y=0.2)
    if chart.scale != "log":
        ax.set_ylim(bottom=0)


def draw_bar(ax: object, chart: Spec, colours: dict) -> None:
    count = len(chart.values[0])
    width = 0.7 / count
    for index in range(count):
        offset = (index - (count - 1) / 2) * width
        xs = [x + offset for x in range(len(chart.keys))]
        ys = [row[index] for row in chart.values]
        colour = colours["series"][index % len(colours["series"])]
        name = chart.series[index] if index < len(chart.series) else None
        bars = ax.bar(xs, ys, width=width * 0.92, color=colour, label=name)
        ax.bar_label(bars, labels=[value_text(y, chart) for y in ys], padding=2,
                     color=colours["text"], fontsize=9)
    ax.set_xticks(list(range(len(chart.keys))), chart.keys)
    ax.margins(y=0.15)


def draw_range(ax: object, chart: Spec, colours: dict) -> None:
    colour = colours["series"][0]
    ys = list(range(len(chart.keys)))[::-1]  # first row on top
    for y, (low, high) in zip(ys, chart.values):
        if low == high:
            ax.plot([low], [y], marker="o", markersize=8, color=colour)
            ax.annotate(value_text(low, chart), (low, y), textcoords="offset points",
                        xytext=(0, 8), ha="center", color=colours["text"], fontsize=9)
            continue
        ax.plot([low, high], [y, y], color=colour, linewidth=7, solid_capstyle="butt")
        for x, ha, dx in ((low, "right", -5), (high, "left", 5)):
            ax.annotate(value_text(x, chart), (x, y), textcoords="offset points",
                        xytext=(dx, -3), ha=ha, color=colours["text"], fontsize=9)
    ax.set_yticks(ys, chart.keys)
    ax.set_ylim(-0.6, len(chart.keys) - 0.4)
    ax.margins(x=0.15)
    if chart.scale != "log":
        ax.set_xlim(left=0)  # a quantity: its axis starts at zero
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)


XML_PROLOGUE = re.compile(r"^.*?(?=<svg\b)", re.S)
METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
FONT_DECLARATION = re.compile(r"font-family: *'?" + re.escape(FONT_NAME) + r"'?")
FONT_SHORTHAND = re.compile(r"(font: [^;\"]*?)'?" + re.escape(FONT_NAME) + r"'?")


NO_ROTATION = re.compile(r' transform="rotate\(-0 [^"]*\)"')
ATTRIBUTE = re.compile(r'="([^"]*)"')
LONG_DECIMAL = re.compile(r"(\d+\.\d{2})\d+")


ID = re.compile(r' id="([^"]+)"')
GLOBAL_STYLE = re.compile(r'<style type="text/css">\*\{[^}]*\}</style>\s*')
SVG_ROOT = re.compile(r"<svg\b")
BETWEEN_TAGS = re.compile(r">\s+<")
REFERENCE = re.compile(r'(?:url\(#|href="#)([^)"]+)')


def slim(text: str) -> str:
    """The SVG fit to be inlined, and about a third smaller, with nothing a
    reader sees changed: coordinates to
    1/100 pt (in attributes only, never in the labels), no rotate(0), and
    no ids but those the drawing refers to (clip paths, markers: named from
    the salt, so unique on the page; matplotlib's group ids, figure_1 …,
    would repeat in every chart)."""
    text = NO_ROTATION.sub("", text)
    # matplotlib's <style>*{…}</style> would style the whole page (an
    # inline SVG's style sheet is the document's): the root carries it.
    text = GLOBAL_STYLE.sub("", text)
    text = SVG_ROOT.sub(r'\g<0> stroke-linejoin="round" stroke-linecap="butt"', text, count=1)
    referenced = set(REFERENCE.findall(text))
    text = ID.sub(lambda m: m.group(0) if m.group(1) in referenced else "", text)
    text = BETWEEN_TAGS.sub("><", text)  # indentation: no <text> has children
    return ATTRIBUTE.sub(
        lambda m: '="' + " ".join(LONG_DECIMAL.sub(r"\1", m.group(1)).split()) + '"', text)


def svg(chart: Spec, variant: str, salt: str) -> str:
    """The chart as an SVG element (no XML prologue), ids unique to *salt*."""
    setup_font()
    with matplotlib.rc_context({**STYLE, "svg.hashsalt": salt}):
        fig = figure(chart, variant)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        pyplot.close(fig)
    text = slim(METADATA.sub("", XML_PROLOGUE.sub("", buffer.getvalue())))
    # The reader may not have Noto: let the browser fall back to its sans-serif.
    text = FONT_SHORTHAND.sub(rf"\1'{FONT_NAME}', {FALLBACK}", text)
    return FONT_DECLARATION.sub(f"font-family: '{FONT_NAME}', {FALLBACK}", text)


def pdf(chart: Spec) -> bytes:
    """The chart as a one-page vector PDF with the CJK font embedded."""
    setup_font()
    with matplotlib.rc_context(STYLE):
        fig = figure(chart, "pdf")
        buffer = io.BytesIO()
        fig.savefig(buffer, format="pdf",
                    metadata={"CreationDate": None, "ModDate": None, "Creator": None,
                              "Producer": None})
        pyplot.close(fig)
    return buffer.getvalue()
