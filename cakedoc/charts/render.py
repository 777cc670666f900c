"""The charts' output: inline SVG (light, dark) in HTML, a vector PDF in LaTeX.

Each drawing is looked up in a content-addressed cache beside the
diagrams' (``_build/.cache/charts``) by a hash of what decides it (the
chart, the variant, the drawing code, matplotlib's version) and drawn
only when missing, so a rebuild draws nothing it has drawn before.
Writes are atomic (cakedoc.diagrams.cache.Store): the zh and en builds
may share the cache.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import importlib.metadata
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import SphinxError

from cakedoc.build import codeversion
from cakedoc.charts import calculator, citations, describe
from cakedoc.charts.data import Spec
from cakedoc.charts.directive import Chart, chart
from cakedoc.diagrams import variants
from cakedoc.diagrams.cache import Store



@functools.cache
def code_digest() -> str:
    """Drawing code and matplotlib decide every drawing: a change misses old entries."""
    here = Path(__file__).resolve().parent
    return codeversion.digest([here / "draw.py", here / "numbers.py"])[:16] + importlib.metadata.version("matplotlib")


def spec_of(node: chart) -> Spec:
    return Spec(node["kind"], tuple(node["keys"]),
                     tuple(tuple(float(v) for v in row) for row in node["values"]),
                     tuple(node["series"]), node["xlabel"], node["ylabel"], node["unit"],
                     node["scale"], node["lang"])


def key(spec: Spec, variant: str) -> str:
    material = json.dumps({"spec": asdict(spec), "variant": variant, "code": code_digest()},
                          sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def store(config: Config) -> Store:
    return Store(Path(config.cake_diagram_cache).parent / "charts")


def drawing(config: Config, spec: Spec, variant: str) -> tuple[str, bytes]:
    """The cached drawing of *spec* (drawn and stored if missing) and its key."""
    digest = key(spec, variant)
    cached = store(config)
    path = cached.path(digest, variant)
    if not path.is_file():
        from cakedoc.charts import draw  # matplotlib: only when something is drawn

        try:
            data = draw.pdf(spec) if variant == "pdf" else \
                draw.svg(spec, variant, salt=digest[:12]).encode("utf-8")
        except draw.SetupError as error:
            # One line saying what to install, not Sphinx's crash report.
            raise SphinxError(str(error)) from None
        cached.write(digest, variant, data)
        return digest, data
    return digest, path.read_bytes()


def labelled(svg: str, label: str) -> str:
    """The SVG as an image named by *label*: no <title> (the diagrams'
    tooltip), since the chart shows its values and every byte counts."""
    return svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label)}" ', 1)


def visit_chart_html(self: Any, node: chart) -> None:
    spec = spec_of(node)
    label = describe.describe(spec, [tuple(row) for row in node["written"]],
                              node["sphinx_language"])
    parts = []
    # The schemes the builder shows: light and dark, the light one only in
    # the e-book (cakedoc.diagrams.variants).
    for variant in variants(self.builder):
        _, svg = drawing(self.builder.config, spec, variant)
        parts.append(f'<div class="cake-chart-drawing cake-chart-{variant}">'
                     f"{labelled(svg.decode('utf-8'), label)}</div>")
    self.body.append("".join(parts))
    raise nodes.SkipNode


def visit_chart_latex(self: Any, node: chart) -> None:
    digest, pdf = drawing(self.builder.config, spec_of(node), "pdf")
    name = f"chart-{digest[:16]}"
    (Path(self.builder.outdir) / f"{name}.pdf").write_bytes(pdf)
    self.body.append(f"\\sphinxincludegraphics[width=\\linewidth]{{{{{name}}}.pdf}}\n")
    raise nodes.SkipNode


def skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> None:
    app.add_node(chart, html=(visit_chart_html, None), latex=(visit_chart_latex, None),
                 text=(skip, None), man=(skip, None), texinfo=(skip, None))
    app.add_directive("chart", Chart)
    app.connect("doctree-read", citations.check)
    calculator.setup(app)
