"""The token-to-power calculator: ``{token-calculator}`` on that page only.

The reader sets tokens per day, joules per token, PUE and GPU power, and
reads GPU-hours per day, wall power, energy per year and how many large
(1 GW) power plants that is, as they type.  The formulas are the page's
doctested ones, in the same order of operations (:func:`compute`; the
script, static/cake-calculator.js, repeats them), so the same inputs give
the same doubles; tests/test_charts_calculator.py runs both on a grid of
inputs.

With JavaScript off the page reads as before: the calculator is ``hidden``
and a one-line inline script right after it (run while the page is
parsed, before it is painted, so nothing moves) shows it.  Its outputs are
written here with the defaults' results, in the page's number style, so
the script's first update changes nothing on screen.  The script and its
style sheet (static/cake-calculator.js, .css) go to ``_static`` and are
linked only from pages that hold the calculator.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from cakedoc.charts.numbers import display
from cakedoc.languages import language_of
from cakedoc.messages import gettext

#: cake-calculator.js and cake-calculator.css, a static folder of their own.
STATIC = Path(__file__).resolve().parent / "static"

#: The page's constants (its doctests): seconds per day, hours per year.
SECONDS_PER_DAY = 24 * 3600
HOURS_PER_YEAR = 365 * 24
#: A large power plant, for scale: 1 GW = 1,000 MW (an assumption for
#: scale, said so on the page, like the page's 1,000 tokens per prompt).
PLANT_MW = 1000


@dataclass(frozen=True)
class Input:
    name: str
    label: str  #: English; the zh text is in cakedoc.po
    default: float
    low: float
    high: float
    step: str


#: Defaults: the page's low case (scenario A, ML.ENERGY's 0.12 J, Google's
#: PUE 1.10, an H100's 700 W).  Ranges: from scenario A to B (1–140
#: trillion), 0.12–4 J, PUE 1.10–1.58 (the page's low and high ends); GPU
#: power from an A100's 400 W to a GB200's 1,200 W (the chips page).
INPUTS = (
    Input("tokens", "Tokens per day (trillions)", 1, 1, 140, "1"),
    Input("joules", "Joules per token", 0.12, 0.12, 4, "0.01"),
    Input("pue", "PUE", 1.10, 1.10, 1.58, "0.01"),
    Input("watts", "GPU power (W)", 700, 400, 1200, "50"),
)
OUTPUTS = (
    ("gpu_hours", "GPU-hours per day"),
    ("wall_mw", "Wall power (MW)"),
    ("twh_year", "Energy per year (TWh)"),
    ("plants", "Large power plants (1 GW each)"),
)


def compute(tokens_trillion: float, joules: float, pue: float, watts: float) -> dict[str, float]:
    """The page's doctested chain, step for step (the same float operations)."""
    tokens = tokens_trillion * 10**12
    joules_per_day = tokens * joules  # low_joules = scenario_a * joules_per_token["low"]
    gpu_hours = joules_per_day / watts / 3600  # low_gpu_hours
    mw_chips = joules_per_day / SECONDS_PER_DAY / 1e6  # low_mw_chips
    wall_mw = mw_chips * pue  # low_mw_wall
    twh_year = wall_mw * HOURS_PER_YEAR / 1e6  # low_twh_b, without the scenario factor
    return {"gpu_hours": gpu_hours, "wall_mw": wall_mw, "twh_year": twh_year,
            "plants": wall_mw / PLANT_MW}


class calculator(nodes.General, nodes.Element):
    """The calculator's place on the page."""


class TokenCalculator(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        node = calculator(lang=language_of(self.config).code, sphinx_language=self.config.language)
        self.set_source_info(node)
        self.env.metadata[self.env.docname]["cake_calculator"] = True
        return [node]


def markup(lang: str, sphinx_language: str) -> str:
    """The calculator's HTML, its outputs showing the defaults' results."""
    def t(message: str) -> str:
        return html.escape(gettext(message, sphinx_language))
    results = compute(*(item.default for item in INPUTS))
    fields = "".join(
        f'<div class="cake-calculator-field"><label for="cake-calc-{item.name}">{t(item.label)}'
        f'</label><input id="cake-calc-{item.name}" name="{item.name}" type="number" '
        f'inputmode="decimal" min="{item.low:g}" max="{item.high:g}" step="{item.step}" '
        f'value="{item.default:g}" required></div>' for item in INPUTS)
    outputs = "".join(
        f'<div class="cake-calculator-output"><dt>{t(label)}</dt><dd>'
        f'<output id="cake-calc-{name}" for="{" ".join("cake-calc-" + i.name for i in INPUTS)}">'
        f"{html.escape(display(results[name], lang))}</output></dd></div>"
        for name, label in OUTPUTS)
    return (
        f'<section class="cake-calculator" hidden aria-labelledby="cake-calc-title" '
        f'data-lang="{lang}" data-invalid="{t("out of range")}">'
        f'<p class="cake-calculator-title" id="cake-calc-title">{t("Try it: your own numbers")}</p>'
        f'<form class="cake-calculator-inputs" action="#" onsubmit="return false">{fields}</form>'
        f'<div role="status" aria-live="polite"><dl class="cake-calculator-outputs">{outputs}</dl></div>'
        f'<p class="cake-calculator-note">{t(PLANT_NOTE)}</p></section>'
        # Shows the calculator as soon as it is parsed, before the page is
        # painted (an inline script blocks rendering until it has run):
        # with JavaScript off it stays hidden and the page reads as before.
        "<script>document.currentScript.previousElementSibling.hidden=false</script>")


PLANT_NOTE = ("The ranges are this page's low and high ends (GPU power: A100 to GB200). "
              "A large power plant is taken as 1 GW, an assumption for scale.")


def visit_calculator_html(self: Any, node: calculator) -> None:
    # Not in the e-book: it runs no JavaScript, and the page reads whole without.
    if self.builder.name != "epub":
        self.body.append(markup(node["lang"], node["sphinx_language"]))
    raise nodes.SkipNode


def skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def add_script(app: Sphinx, pagename: str, templatename: str, context: dict,
               doctree: nodes.document | None) -> None:
    """Link the script and its style sheet from the pages that hold a
    calculator, and no other."""
    if app.builder.name != "epub" and app.env.metadata.get(pagename, {}).get("cake_calculator"):
        app.add_js_file("cake-calculator.js", defer="defer")
        app.add_css_file("cake-calculator.css")


def add_static(app: Sphinx) -> None:
    """Ship the script and style sheet with the theme's static files.

    Copied with them, before any page is written, so each page links them
    with the ``?v=`` checksum Sphinx gives a file it finds in _static; a
    copy made after the pages would leave the first build's links without
    it and the next build's with it (tests/test_faults.py killed-half-way)."""
    if app.builder.format == "html" and app.builder.name != "epub":
        app.config.html_static_path = [*app.config.html_static_path, str(STATIC)]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(calculator, html=(visit_calculator_html, None), latex=(skip, None),
                 text=(skip, None), man=(skip, None), texinfo=(skip, None))
    app.add_directive("token-calculator", TokenCalculator)
    app.connect("html-page-context", add_script)
    app.connect("builder-inited", add_static)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
