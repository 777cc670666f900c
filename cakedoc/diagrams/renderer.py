"""Render Mermaid diagrams in one headless Chromium session.

A browser start costs ~3 s and a diagram ~40 ms, so every diagram a build
needs is rendered in one session, not one browser per diagram (what ``mmdc``
does).  Chromium is Debian's (/usr/bin/chromium), driven by Playwright with
``executable_path``; mermaid is the pinned npm package in tools/npm, loaded
from disk.  Nothing is fetched from the network.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Iterator
from typing import Any
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MERMAID_PACKAGE = ROOT / "tools" / "npm" / "node_modules" / "mermaid"
#: Strips what mermaid writes into every SVG but the drawing does not use.
SLIM_JS = Path(__file__).with_name("slim.js")
DEFAULT_CHROMIUM = "/usr/bin/chromium"

# Flags that keep Chromium from calling out (updates, metrics) and let it run
# as root in a container.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-default-apps", "--disable-extensions",
]

# Labels as SVG <text>, not <foreignObject> HTML: selectable in the page,
# and kept by PDF printing and SVG converters (which drop foreignObject).
FONT_FAMILY = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
THEMES = {"light": "default", "dark": "dark"}


# Skia stamps every printed PDF with the wall-clock time (/CreationDate and
# /ModDate in its Info dictionary), so the same diagram never printed to the
# same bytes twice.  The entries are blanked with as many spaces (whitespace
# to a PDF parser), which keeps every byte offset in the xref table right.
PDF_DATES = re.compile(rb"/(?:CreationDate|ModDate)\s*\(D:[^)]*\)")


def without_dates(pdf: bytes) -> bytes:
    """*pdf* with its creation and modification dates blanked out."""
    return PDF_DATES.sub(lambda match: b" " * len(match.group(0)), pdf)


class RenderError(Exception):
    """Mermaid rejected a diagram; the message is mermaid's own."""


class SetupError(Exception):
    """The renderer cannot run on this machine; the message says how to fix it."""


def mermaid_config(variant: str) -> dict[str, object]:
    """The configuration each diagram is rendered with (part of its cache key)."""
    theme = THEMES["dark" if variant == "dark" else "light"]
    return {
        "startOnLoad": False,
        "securityLevel": "strict",
        "htmlLabels": False,
        "flowchart": {"htmlLabels": False, "useMaxWidth": True},
        "theme": theme,
        "fontFamily": FONT_FAMILY,
        "deterministicIds": True,
    }


@functools.cache
def mermaid_version() -> str:
    """The pinned mermaid's version (read once: every diagram's key has it)."""
    package = MERMAID_PACKAGE / "package.json"
    if not package.is_file():
        raise SetupError(
            f"mermaid is not installed in {MERMAID_PACKAGE.parent}: run `make venv` "
            "(it runs `npm ci` in tools/npm)"
        )
    return json.loads(package.read_text(encoding="utf-8"))["version"]


def chromium_path() -> Path:
    # CAKE_CHROMIUM lets tests point at a browser that is not there.
    path = Path(os.environ.get("CAKE_CHROMIUM", DEFAULT_CHROMIUM))
    if not path.is_file():
        raise SetupError(
            f"Chromium is not installed at {path}; diagrams are rendered with "
            "Debian's chromium. Install it with `make bootstrap` (as root: "
            "apt-get install chromium)"
        )
    return path


@dataclass(frozen=True)
class Job:
    """One diagram to render: its DOM id (unique per page), source and variant."""

    svg_id: str
    source: str
    variant: str  #: "light", "dark" or "pdf" (light, printed to PDF)


RENDER_JS = """async ([id, code, config]) => {
  mermaid.initialize(config);
  try {
    await mermaid.parse(code);
    const result = await mermaid.render(id, code);
    return {svg: window.cakeSlimSvg(result.svg)};
  } catch (error) {
    document.getElementById("d" + id)?.remove();
    return {error: String((error && error.message) || error)};
  }
}"""


class Session:
    """An open browser page with mermaid loaded; renders one job at a time."""

    def __init__(self, page: object) -> None:
        self.page = page

    def svg(self, job: Job) -> str:
        result = self.page.evaluate(
            RENDER_JS, [job.svg_id, job.source, mermaid_config(job.variant)])
        if "error" in result:
            raise RenderError(result["error"].strip())
        return result["svg"]

    def pdf(self, svg: str) -> bytes:
        """A one-page vector PDF the size of the diagram, its text as text."""
        printer = self.page.context.new_page()
        try:
            printer.set_content(
                '<!DOCTYPE html><html><head><meta charset="utf-8"><style>'
                "html,body{margin:0;padding:0;background:transparent}"
                # Skia rasterises filter effects (mermaid's drop shadows)
                # when printing: without them the PDF stays pure vector.
                "svg{display:block} svg *{filter:none!important}"
                "</style></head><body>" + svg + "</body></html>")
            box = printer.evaluate(
                """() => { const s = document.querySelector("svg");
                           const v = s.viewBox.baseVal;
                           s.removeAttribute("style");
                           s.setAttribute("width", v.width);
                           s.setAttribute("height", v.height);
                           return {width: Math.ceil(v.width), height: Math.ceil(v.height)}; }""")
            return without_dates(printer.pdf(
                width=f"{box['width'] + 2}px", height=f"{box['height'] + 2}px",
                margin={"top": "0", "right": "0", "bottom": "0", "left": "0"},
                print_background=False, page_ranges="1"))
        finally:
            printer.close()


@contextmanager
def session() -> Iterator[Session]:
    """Start Chromium once, load mermaid from disk, and yield a renderer."""
    mermaid_version()  # a clear error if mermaid is missing
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(executable), headless=True, args=CHROMIUM_ARGS)
        try:
            with session_in(browser) as renderer:
                yield renderer
        finally:
            browser.close()


@contextmanager
def session_in(browser: Any) -> Iterator[Session]:
    """A renderer in a Playwright browser already running (a process can run
    only one sync Playwright: the tests draw in their session's browser)."""
    context = browser.new_context()
    try:
        # Nothing may leave the machine while rendering.
        context.route("http://**", lambda route: route.abort())
        context.route("https://**", lambda route: route.abort())
        page = context.new_page()
        page.set_content('<!DOCTYPE html><html><head><meta charset="utf-8"></head>'
                         "<body></body></html>")
        page.add_script_tag(path=str(MERMAID_PACKAGE / "dist" / "mermaid.min.js"))
        page.add_script_tag(path=str(SLIM_JS))
        yield Session(page)
    finally:
        context.close()
