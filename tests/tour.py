"""One visit of every page, in each colour scheme, with every in-page check.

Before, six tests each walked the whole site in Chromium (axe in light, axe
in dark, a clean load per language, diagrams per language and scheme,
tables per language, charts per language and scheme): up to eight visits of
a page.  The tour visits each page once per scheme and, while it is there,
records everything those tests assert on; the tests (test_validators,
test_browser, test_diagrams, test_tables, test_charts_browser) then only
read the record.

Two pages work at once, one per scheme, in two browser contexts of the one
session Chromium: the tour starts axe in the light page, loads the same
page in the dark one and starts axe there, then collects both.  Each
context has its own renderer process, so the two runs overlap (axe is
started from a timer: started inside the evaluate call, it would run to
its end before the call returned, and nothing would overlap).

axe is the costly part (about 0.7 s a page and scheme, half of it its
colour-contrast rule), and what it judges is elements and their styles: so
it audits a sample of pages that together hold every kind of element the
toured pages hold (audited_pages), in both schemes, and the other checks
run on every page.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

from bs4 import Tag

from bench.pages import SHIFT_OBSERVER
from cakedoc.glossary.stubs import is_generated
from conftest import LANGS, ROOT, SITE, offline_context, site_pages
from sitescan import soup

SCHEMES = ("light", "dark")
#: The tables' widths are worked out for furo's article at this width.
VIEWPORT = {"width": 1280, "height": 800}
AXE = ROOT / "tools" / "npm" / "node_modules" / "axe-core" / "axe.min.js"

#: Starts axe without waiting for it; AXE_RESULT waits.  What axe must not
#: find, as "impact rule: help (where)" lines.
AXE_START = """() => { window.__cakeAxe = new Promise((started) => setTimeout(started, 0))
  .then(() => axe.run(document, {resultTypes: ["violations"]}))
  .then((result) => result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`)); }"""
AXE_RESULT = "() => window.__cakeAxe"

# For every visible diagram: each node's label must lie inside its shape and
# contrast with what is behind it (WCAG ratio >= 3 for large/graphical text);
# and as many diagrams visible as the page holds.
CHECK_DIAGRAMS_JS = r"""
() => {
  const lum = (rgb) => {
    const [r, g, b] = rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const parse = (color) => {
    const m = color.match(/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/);
    if (!m) return null;
    if (m[4] !== undefined && parseFloat(m[4]) === 0) return null;
    return [m[1], m[2], m[3]].map(Number);
  };
  const page = parse(getComputedStyle(document.body).backgroundColor) || [255, 255, 255];
  // Every diagram the page holds (each drawn twice: light and dark).
  const report = {expected: document.querySelectorAll(".cake-diagram.cake-diagram-light").length,
                  svgs: 0, nodes: 0, problems: []};
  // Charts (cakedoc.charts) have their own test: tests/test_charts_browser.py.
  for (const svg of document.querySelectorAll("article .cake-diagram svg[role=img]")) {
    if (svg.getBoundingClientRect().width === 0) continue;  // the other scheme's drawing
    report.svgs += 1;
    if (!svg.getAttribute("aria-label")) report.problems.push({svg: svg.id, problem: "no aria-label"});
    for (const node of svg.querySelectorAll("g.node")) {
      report.nodes += 1;
      const shape = node.querySelector("rect, polygon, circle, ellipse, path");
      const text = node.querySelector("text");
      if (!shape || !text || !text.textContent.trim()) {
        report.problems.push({node: node.id, problem: "no shape or no label text"});
        continue;
      }
      const s = shape.getBoundingClientRect(), t = text.getBoundingClientRect();
      if (t.width === 0 || t.left < s.left - 1 || t.right > s.right + 1 || t.top < s.top - 1 || t.bottom > s.bottom + 1) {
        report.problems.push({node: node.id, label: text.textContent, problem: "label outside its box"});
      }
      const fg = parse(getComputedStyle(text).fill) || parse(getComputedStyle(text.querySelector("tspan") || text).fill);
      const bg = parse(getComputedStyle(shape).fill) || page;
      if (fg) {
        const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
        const ratio = (hi + 0.05) / (lo + 0.05);
        if (ratio < 3) report.problems.push({node: node.id, label: text.textContent, problem: `contrast ${ratio.toFixed(2)}`});
      }
    }
  }
  return report;
}
"""

#: Fixed-column tables (cakedoc.tables) on the page, and those that make
#: their container scroll sideways.
TABLES_JS = """() => ({
  count: document.querySelectorAll("table.cake-fixed-columns").length,
  sideways: [...document.querySelectorAll("table.cake-fixed-columns")]
    .filter(table => table.parentElement.scrollWidth > table.parentElement.clientWidth)
    .map(table => table.innerText.slice(0, 60)),
})"""
#: Each chart on the page (cakedoc.charts), as tests/test_charts_browser.py
#: checks it: the drawing shown in this scheme, its role, name and texts,
#: its size, and the worst contrast of its marks against the page.
CHARTS_JS = """() => {
  function rgb(text) {
    const m = text.match(/rgba?\\(([\\d.]+), ([\\d.]+), ([\\d.]+)(?:, ([\\d.]+))?\\)/);
    return m ? {c: [+m[1], +m[2], +m[3]], a: m[4] === undefined ? 1 : +m[4]} : null;
  }
  function luminance(c) {
    const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }
  function contrast(a, b) {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  }
  let background = null;
  for (let el = document.querySelector(".cake-chart"); el && !background; el = el.parentElement) {
    const c = rgb(getComputedStyle(el).backgroundColor);
    if (c && c.a > 0) background = c.c;
  }
  background = background || [255, 255, 255];
  return [...document.querySelectorAll("figure.cake-chart")].map(figure => {
    const shown = [...figure.querySelectorAll(".cake-chart-drawing")]
      .filter(div => getComputedStyle(div).display !== "none");
    const svg = shown.length === 1 ? shown[0].querySelector("svg") : null;
    if (!svg) return {shown: shown.length};
    const box = svg.getBoundingClientRect();
    let worst = Infinity, marks = 0;
    for (const el of svg.querySelectorAll("text, path, use")) {
      if (el.closest("defs, clipPath")) continue;
      const style = getComputedStyle(el);
      if (+style.opacity === 0) continue;
      for (const prop of el.tagName === "text" ? ["fill"] : ["stroke", "fill"]) {
        const colour = rgb(style[prop]);
        if (!colour || colour.a === 0 || style[prop] === "none") continue;
        marks += 1;
        worst = Math.min(worst, contrast(colour.c, background));
      }
    }
    return {shown: 1, role: svg.getAttribute("role"), label: svg.getAttribute("aria-label"),
            text: [...svg.querySelectorAll("text")].map(t => t.textContent),
            width: box.width, height: box.height, worst, marks,
            legend: figure.querySelector(".legend").textContent};
  });
}"""
#: A page with a chart is given this long after its load before its layout
#: shift is read (the charts' drawings must not move the text).
SETTLE_SECONDS = 0.3

# Without the break-word fallback, a word wider than its column overflows
# the cell instead of being broken: that is what this looks for.  It changes
# the page's style, so it runs last on each visit.  Pieces longer than
# tables.LONGEST_PIECE (URLs) may be broken: see test_tables.holds_a_url.
OVERFLOWING_CELLS_JS = """() => {
  const style = document.createElement("style");
  style.textContent = "table.cake-fixed-columns :is(td, th) { overflow-wrap: normal !important; }";
  document.head.append(style);
  return [...document.querySelectorAll("table.cake-fixed-columns :is(td, th)")]
    .filter(cell => cell.scrollWidth > cell.clientWidth + 1)
    .map(cell => cell.innerText);
}"""


def every_page() -> list[str]:
    """The landing page, the root 404 page and every page of both languages
    but the glossary's generated ones, of which a sample (toured_glossary_pages)."""
    # #choose: the landing page sends a reader on at once unless asked to stay.
    return ["index.html#choose", "404.html",
            *(rel for lang in LANGS for rel in site_pages(lang)
              if not is_generated(docname_of(rel)) or rel in toured_glossary_pages(lang))]


def docname_of(rel: str) -> str:
    return rel.split("/", 1)[1].removesuffix(".html")


def toured_glossary_pages(lang: str) -> set[str]:
    """The glossary's generated pages come from two directives, sheets of
    entries and lists (cakedoc.glossary.pages), 14 pages a language today and
    ~150 at 40×: the tour, which runs axe twice on each page it visits,
    takes the heaviest sheet (it holds entries without a translation note),
    and the first sheet with a note if the heaviest has none; the list of
    all terms and the first layer's list.  The link crawl, html-validate
    and the weight check read every page."""
    sheets = sorted(rel for rel in site_pages(lang) if is_generated(docname_of(rel))
                    and "/glossary/terms/" in rel)
    text = {rel: (SITE / rel).read_text(encoding="utf-8") for rel in sheets}
    noted = [rel for rel in sheets if "cake-translation-note" in text[rel]]
    heaviest = max(sheets, key=lambda rel: len(text[rel].encode("utf-8")))
    picked = {heaviest} if heaviest in noted else {heaviest, noted[0]}
    lists = sorted(rel for rel in site_pages(lang) if "/glossary/lists/" in rel)
    layer_list = next(rel for rel in lists if not rel.endswith("/all.html"))
    return picked | {f"{lang}/glossary/lists/all.html", layer_list}


#: An element's kind for the audit sample: its tag, classes, role and ARIA
#: attribute names, and those of this many of its ancestors (a link in a
#: table header in an admonition is styled unlike a link in a paragraph).
KIND_DEPTH = 3


def element_kind(element: Tag) -> str:
    kinds = []
    for _ in range(KIND_DEPTH):
        if not isinstance(element, Tag) or element.name == "[document]":
            break
        aria = sorted(name for name in element.attrs if name.startswith("aria-"))
        kinds.append(".".join([element.name, *sorted(element.get("class") or []),
                               f"role={element.get('role', '')}", *aria]))
        element = element.parent
    return " < ".join(kinds)


def page_kinds(rel: str) -> set[str]:
    """Every kind of element on a page (element_kind), and its language: so
    each language has an audited page, whose <html lang> axe checks."""
    page = soup(SITE / rel.split("#")[0])
    language = page.html.get("lang", "") if page.html else ""
    return {f"lang={language}", *(element_kind(element) for element in page.find_all(True))}


def audited_pages(pages: list[str]) -> list[str]:
    """The pages axe audits: few, and together holding every kind of
    element the *pages* hold (a greedy set cover, the page that adds most
    kinds first).  17 of the 64 toured pages today; a new kind of element on
    any page (a new directive, a theme change) adds a page that shows it."""
    kinds = {rel: page_kinds(rel) for rel in pages}
    missing = set().union(*kinds.values())
    audited = []
    while missing:
        best = max(pages, key=lambda rel: len(kinds[rel] & missing))
        audited.append(best)
        missing -= kinds[best]
    return audited


@dataclass
class Visit:
    """What one page showed in one colour scheme."""

    rel: str
    scheme: str
    status: int
    console_errors: list[str]
    #: What axe found; None on a page it did not audit (audited_pages).
    axe: list[str] | None
    diagrams: dict
    tables: int
    sideways: list[str]
    overflowing: list[str]
    charts: list[dict]
    #: The layout shift while the visit lasted, and what moved.
    shift: float
    moved: list[str]


@dataclass
class Tour:
    visits: list[Visit] = field(default_factory=list)
    #: Every URL any page of the tour asked for (other hosts are refused).
    requests: list[str] = field(default_factory=list)

    def of(self, scheme: str, lang: str | None = None) -> list[Visit]:
        """The visits in *scheme*, of *lang*'s pages only if given."""
        return [visit for visit in self.visits if visit.scheme == scheme
                and (lang is None or visit.rel.startswith(f"{lang}/"))]

    def foreign_requests(self) -> list[str]:
        """Requests to anywhere but the local server or the local disk."""
        return [url for url in self.requests
                if urlparse(url).scheme not in ("file", "data", "blob", "about")
                and urlparse(url).hostname != "127.0.0.1"]


class Lane:
    """One page in one scheme's context, visiting page after page."""

    def __init__(self, browser: object, scheme: str, tour: Tour) -> None:
        self.scheme = scheme
        self.context = offline_context(browser, color_scheme=scheme, viewport=VIEWPORT)
        self.context.add_init_script(SHIFT_OBSERVER)
        self.page = self.context.new_page()
        self.loaded = 0.0
        self.errors: list[str] = []
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("request", lambda req: tour.requests.append(req.url))

    def start(self, url: str, audit: bool) -> int:
        """Load *url* and, if *audit*, set axe going; the HTTP status."""
        self.errors.clear()
        response = self.page.goto(url, wait_until="load")
        self.loaded = time.monotonic()
        if audit:
            self.page.add_script_tag(path=str(AXE))
            self.page.evaluate(AXE_START)
        return response.status if response is not None else 0

    def finish(self, rel: str, status: int, audit: bool) -> Visit:
        diagrams = self.page.evaluate(CHECK_DIAGRAMS_JS)
        tables = self.page.evaluate(TABLES_JS)
        axe = self.page.evaluate(AXE_RESULT) if audit else None
        charts = self.page.evaluate(CHARTS_JS)
        if charts:
            time.sleep(max(0.0, self.loaded + SETTLE_SECONDS - time.monotonic()))
        shift, moved = self.page.evaluate("() => window.__benchShifts()")
        overflowing = self.page.evaluate(OVERFLOWING_CELLS_JS)  # changes the page: last
        return Visit(rel.split("#")[0], self.scheme, status, list(self.errors), axe, diagrams,
                     tables["count"], tables["sideways"], overflowing, charts, shift, moved)


def visit_site(browser: object, server: str) -> Tour:
    """Every page of the site in every scheme, one lane per scheme at once."""
    tour = Tour()
    pages = every_page()
    audited = set(audited_pages(pages))
    lanes = [Lane(browser, scheme, tour) for scheme in SCHEMES]
    try:
        for rel in pages:
            audit = rel in audited
            statuses = [lane.start(server + rel, audit) for lane in lanes]
            tour.visits += [lane.finish(rel, status, audit) for lane, status in zip(lanes, statuses)]
    finally:
        for lane in lanes:
            lane.context.close()
    return tour
