"""Mermaid diagrams rendered at build time: inline SVG in HTML, vector PDF in LaTeX.

Readers get every diagram with no JavaScript and no network: each one is an
inline ``<svg>`` drawn for furo's light and dark schemes.  The flow:

1. reading: each mermaid node becomes a :class:`diagram` node and is noted
   in the environment with its page and line;
2. ``env-updated`` (once per build, in the main process): every diagram the
   builder needs that is not in the cache is rendered in one Chromium
   session (:mod:`.renderer`), with Sphinx's progress display; a diagram
   mermaid rejects is reported at its file and line with mermaid's message;
3. writing: the visitors copy the stored SVG (HTML) or PDF (LaTeX) in.

A page whose diagrams the cache lacked (a new mermaid version, a cleared
cache) is returned from ``env-updated``, so Sphinx writes it again with the
new drawings although its source did not change (no need to read it again:
its doctree holds the diagrams' sources).
"""

from __future__ import annotations

import html
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.display import status_iterator
from sphinxcontrib.mermaid import mermaid

from cakedoc.diagrams import cache, marker, renderer
from cakedoc.diagrams.directives import CakeMermaid, StackDiagram

logger = logging.getLogger(__name__)

#: Variants each builder format needs.
VARIANTS = {"html": ("light", "dark"), "latex": ("pdf",)}
#: The e-book is drawn in the light scheme only: readers' apps set their own
#: colours and would not switch ours (cakedoc.epub).
BUILDER_VARIANTS = {"epub": ("light",)}


def variants(builder: Any) -> tuple[str, ...]:
    return BUILDER_VARIANTS.get(builder.name, VARIANTS.get(builder.format, ()))


class diagram(nodes.General, nodes.Element):
    """A Mermaid diagram, rendered at build time."""


@dataclass(frozen=True)
class Noted:
    docname: str
    line: int
    source: str


def replace_mermaid_nodes(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    noted = env.cake_diagrams.setdefault(env.docname, [])
    for node in list(doctree.findall(mermaid)):
        if app.builder.format == "html" and inside_marker(node):
            # Drawn as the compact marker: no Mermaid rendering wanted.
            node.parent.remove(node)
            continue
        source = node["code"]
        alt = node.get("alt", "")
        if not alt and isinstance(node.parent, nodes.figure):
            caption = node.parent.next_node(nodes.caption)
            alt = caption.astext() if caption else ""
        if not alt:
            alt = describe(source)
        replacement = diagram(source=source, alt=alt)
        replacement.source, replacement.line = node.source, node.line
        node.replace_self(replacement)
        noted.append(Noted(env.docname, node.line or 0, source))


def inside_marker(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, marker.layer_marker):
            return True
        parent = parent.parent
    return False


LABEL = re.compile(r'\["([^"]+)"\]')


def describe(source: str) -> str:
    """A text alternative from the node labels, for a diagram given none."""
    labels = [re.sub(r"<br\s*/?>", " ", label) for label in LABEL.findall(source)]
    return " → ".join(labels) or source.strip().splitlines()[0]


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    env.cake_diagrams.pop(docname, None)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str],
          other: BuildEnvironment) -> None:
    for docname in docnames:
        if docname in other.cake_diagrams:
            env.cake_diagrams[docname] = other.cake_diagrams[docname]


def init_env(app: Sphinx) -> None:
    if not hasattr(app.env, "cake_diagrams"):
        app.env.cake_diagrams = {}


def store(app: Sphinx) -> cache.Store:
    return cache.Store(app.config.cake_diagram_cache)


def render_missing(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Render what the cache lacks, all in one browser session, and return
    the pages that show it: Sphinx writes them again even when their source
    did not change."""
    wanted_variants = variants(app.builder)
    if not wanted_variants:
        return []
    try:
        version = renderer.mermaid_version()
    except renderer.SetupError as error:
        logger.error("%s", error, type="cake", subtype="diagram")
        return []
    cached = store(app)
    wanted: dict[tuple[str, str], Noted] = {}
    pages: set[str] = set()
    for docname in sorted(env.cake_diagrams):
        for noted in env.cake_diagrams[docname]:
            for variant in wanted_variants:
                digest = cache.key(noted.source, variant, version)
                if not cached.has(digest, variant):
                    wanted.setdefault((digest, variant), noted)
                    pages.add(docname)
    stats = {"browsers": 0, "rendered": 0, "failed": 0,
             "diagrams": sum(len(v) for v in env.cake_diagrams.values())}
    reported: set[tuple[str, int]] = set()
    if wanted:
        stats["browsers"] = 1
        try:
            with renderer.session() as session:
                jobs = sorted(wanted.items(), key=lambda item: (item[1].docname, item[1].line))
                for (digest, variant), noted in status_iterator(
                        jobs, "rendering diagrams... ", "darkgreen", len(jobs),
                        app.verbosity, stringify_func=lambda job: job[1].docname):
                    try:
                        render_one(session, cached, noted, digest, variant)
                        stats["rendered"] += 1
                    except renderer.RenderError as error:
                        stats["failed"] += 1
                        # Light and dark fail alike: say it once per diagram.
                        if (noted.docname, noted.line) in reported:
                            continue
                        reported.add((noted.docname, noted.line))
                        logger.warning("mermaid could not render this diagram: %s", error,
                                       location=(noted.docname, noted.line),
                                       type="cake", subtype="diagram")
        except renderer.SetupError as error:
            # An error, not an exception: the author gets one line saying
            # what to install, not Sphinx's crash report.
            logger.error("%s", error, type="cake", subtype="diagram")
    cached.write_stats(f"{app.builder.name}-{app.config.language}", stats)
    return sorted(pages)


def render_one(session: renderer.Session, cached: cache.Store, noted: Noted,
               digest: str, variant: str) -> None:
    job = renderer.Job(cache.svg_id(noted.source) + ("-dark" if variant == "dark" else ""),
                       noted.source, variant)
    svg = session.svg(job)
    if variant == "pdf":
        cached.write(digest, variant, session.pdf(svg))
    else:
        cached.write(digest, variant, svg.encode("utf-8"))


# -- HTML ------------------------------------------------------------------------

SVG_OPEN = re.compile(r"<svg\b[^>]*>")


def accessible(svg: str, label: str) -> str:
    """Give the SVG an image role, a name and a title in the page's language."""
    opening = SVG_OPEN.search(svg)
    tag = opening.group(0)
    tag = re.sub(r'\s(role|aria-roledescription)="[^"]*"', "", tag)
    tag = tag[:-1] + f' role="img" aria-label="{html.escape(label)}">'
    title = f"<title>{html.escape(label)}</title>"
    return svg[:opening.start()] + tag + title + svg[opening.end():]


def visit_diagram_html(self: Any, node: diagram) -> None:
    app = self.builder.app
    try:
        version = renderer.mermaid_version()
    except renderer.SetupError:  # reported once, in render_missing
        raise nodes.SkipNode from None
    parts = []
    for variant in variants(self.builder):
        svg = store(app).read_text(cache.key(node["source"], variant, version), variant)
        if svg is None:  # mermaid rejected it; the build has already failed
            self.body.append(f'<pre class="cake-diagram-error">{html.escape(node["source"])}</pre>')
            raise nodes.SkipNode
        parts.append(f'<div class="cake-diagram cake-diagram-{variant}">'
                     f"{accessible(svg, node['alt'])}</div>")
    self.body.append("".join(parts))
    raise nodes.SkipNode


# -- LaTeX -----------------------------------------------------------------------

def visit_diagram_latex(self: Any, node: diagram) -> None:
    app = self.builder.app
    try:
        digest = cache.key(node["source"], "pdf", renderer.mermaid_version())
    except renderer.SetupError:  # reported once, in render_missing
        raise nodes.SkipNode from None
    stored = store(app).path(digest, "pdf")
    if not stored.is_file():
        raise nodes.SkipNode
    name = f"diagram-{digest[:16]}.pdf"
    shutil.copyfile(stored, Path(self.builder.outdir) / name)
    in_figure = isinstance(node.parent, nodes.figure)
    if not in_figure:
        self.body.append("\n\\begin{center}")
    self.body.append(f"\\sphinxincludegraphics{{{{{name[:-4]}}}.pdf}}")
    if not in_figure:
        self.body.append("\\end{center}\n")
    raise nodes.SkipNode


def skip(self: Any, node: diagram) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinxcontrib.mermaid")
    app.add_config_value("cake_diagram_cache", "_build/.cache/diagrams", "env", types=[str])
    app.add_node(diagram, html=(visit_diagram_html, None), latex=(visit_diagram_latex, None),
                 text=(skip, None), man=(skip, None), texinfo=(skip, None))
    marker.setup_nodes(app)
    app.add_directive("mermaid", CakeMermaid, override=True)
    app.add_directive("stack-diagram", StackDiagram)
    app.connect("builder-inited", init_env)
    app.connect("doctree-read", replace_mermaid_nodes)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("env-updated", render_missing)
    return {"version": "1.0", "parallel_read_safe": True,
            "parallel_write_safe": True}
