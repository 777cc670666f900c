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
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display; chosen before pyplot is imported
from matplotlib import font_manager  # noqa: E402
from matplotlib import pyplot  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator, NullLocator  # noqa: E402

from cakedoc.charts import numbers  # noqa: E402
from cakedoc.charts.data import Spec, axis_title  # noqa: E402

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
    fig.patch.set_visible(False)  # transparent: the page's background shows
    ax.patch.set_visible(False)
    text = colours["text"]
    for side in ("left", "bottom"):
        ax.spines[side].set_color(colours["axis"])
    # No tick marks: the labels sit at their places, and the marks would
    # cost each page some hundred bytes per chart (pages are held to 200 KB).
    ax.tick_params(which="both", colors=colours["axis"], labelcolor=text, length=0)
    formatter = FuncFormatter(lambda value, _: numbers.tick(value, chart.lang))
    label = {"color": text}
    value_axis = ax.xaxis if chart.kind == "range" else ax.yaxis
    if chart.scale == "log":
        (ax.set_xscale if chart.kind == "range" else ax.set_yscale)("log")
    value_axis.set_major_formatter(formatter)
    if chart.scale != "log":
        # The marks carry their values: a few round ticks give the scale.
        value_axis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10]))
    # No minor ticks on a log axis: 1, 10, 100 … say the scale, and each
    # minor tick would cost the page bytes for little.
    value_axis.set_minor_locator(NullLocator())
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
            ax.plot([low], [y], marker="o", markersize=8, linestyle="none", color=colour)
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


XML_PROLOGUE = re.compile(r"^.*?(?=<svg\b)", re.S)
METADATA = re.compile(r"<metadata>.*?</metadata>", re.S)
#: matplotlib's <style>*{…}</style> would style the whole page (an inline
#: SVG's style sheet is the document's): the root carries it instead.
GLOBAL_STYLE = re.compile(r'<style type="text/css">\*\{[^}]*\}</style>')
FONT_FAMILY = re.compile(r"font-family: *'?" + re.escape(FONT_NAME) + r"'?; *")
NO_ROTATION = re.compile(r' transform="rotate\(-0 [^"]*\)"')
ATTRIBUTE = re.compile(r'="([^"]*)"')
LONG_DECIMAL = re.compile(r"(\d+)\.(\d)\d*")
ID = re.compile(r' id="([^"]+)"')
REFERENCE = re.compile(r'(?:url\(#|href="#)([^)"]+)')
BETWEEN_TAGS = re.compile(r">\s+<")
BARE_GROUP = re.compile(r"<g>|</g>")
EMPTY_DEFS = re.compile(r"<defs></defs>")
#: On the root: what matplotlib's page-wide style said, and one font for
#: every label, falling back to the reader's sans-serif where Noto is missing.
ROOT_ATTRIBUTES = (f' stroke-linejoin="round" stroke-linecap="butt" '
                   f"""font-family="'{FONT_NAME}', {FALLBACK}\"""")


def without_bare_groups(text: str) -> str:
    """Drop <g> wrappers with no attributes (and their </g>): they group
    nothing a reader sees, and matplotlib nests three or four deep."""
    kept, stack, last = [], [], 0
    for match in re.finditer(r"<g\b[^>]*>|</g>", text):
        kept.append(text[last:match.start()])
        last = match.end()
        if match.group(0) == "</g>":
            if stack.pop():
                kept.append("</g>")
        elif match.group(0).endswith("/>"):  # an empty group: nothing at all
            continue
        else:
            bare = match.group(0) == "<g>"
            stack.append(not bare)
            if not bare:
                kept.append(match.group(0))
    kept.append(text[last:])
    return "".join(kept)


TEXT_ANCHOR = re.compile(r'style="text-anchor: (\w+)"')
USE = re.compile(r'<use xlink:href="#([^"]+)"([^>]*?) style="([^"]*)"/>')


def styles_on_definitions(text: str) -> str:
    """Where every <use> of a marker or tick carries the same style, say it
    once, on the definition (a tick axis repeats it a dozen times)."""
    styles: dict[str, set[str]] = {}
    for ref, _, style in USE.findall(text):
        styles.setdefault(ref, set()).add(style)
    for ref, found in styles.items():
        if len(found) != 1:
            continue
        style = found.pop()
        text, defined = re.subn(rf'(<path id="{re.escape(ref)}"[^>]*?) style="[^"]*"',
                                rf'\1 style="{style}"', text)
        if defined:
            text = re.sub(rf'(<use xlink:href="#{re.escape(ref)}"[^>]*?) style="[^"]*"', r"\1", text)
    return text


def slim(text: str, text_colour: str) -> str:
    """The SVG fit to be inlined, and about half as big, with nothing a
    reader sees changed: no page-wide style, the labels' font, size and
    colour declared once on the root, coordinates to 1/10 pt (in
    attributes only, never in the labels), no rotate(0), no bare groups, no
    indentation, and no ids but those the drawing refers to (clip paths,
    markers: named from the salt, so unique on the page; matplotlib's group
    ids, figure_1 …, repeat in every chart)."""
    text = METADATA.sub("", XML_PROLOGUE.sub("", text))
    text = GLOBAL_STYLE.sub("", text)
    # Every label's colour and most labels' size, once on the root (every
    # path states its own fill, so the root's is the labels' alone).
    root = f'{ROOT_ATTRIBUTES} fill="{text_colour}" font-size="10"'
    text = re.sub(r"<svg\b", lambda m: m.group(0) + root, text, count=1).replace(' version="1.1"', "")
    text = FONT_FAMILY.sub("", NO_ROTATION.sub("", text))
    text = text.replace("font-size: 10px; ", "").replace(f"; fill: {text_colour}\"", '"')
    text = TEXT_ANCHOR.sub(r'text-anchor="\1"', text)
    referenced = set(REFERENCE.findall(text))
    text = ID.sub(lambda m: m.group(0) if m.group(1) in referenced else "", text)
    text = BETWEEN_TAGS.sub("><", text)  # indentation: no <text> has children
    text = styles_on_definitions(EMPTY_DEFS.sub("", without_bare_groups(text)))
    return ATTRIBUTE.sub(
        lambda m: '="' + " ".join(LONG_DECIMAL.sub(tenths, m.group(1)).split()) + '"', text)


def tenths(match: re.Match) -> str:
    """12.345 → 12.3; 73.0 → 73."""
    whole, tenth = match.groups()
    return whole if tenth == "0" else f"{whole}.{tenth}"


def svg(chart: Spec, variant: str, salt: str) -> str:
    """The chart as an SVG element (no XML prologue), ids unique to *salt*."""
    setup_font()
    with matplotlib.rc_context({**STYLE, "svg.hashsalt": salt}):
        fig = figure(chart, variant)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        pyplot.close(fig)
    return slim(buffer.getvalue(), PALETTES[variant]["text"])


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
