"""Page weight and rendering, as a reader's browser sees them.

Every page of both languages is loaded once in Debian's Chromium from a
server on 127.0.0.1 (plain http.server: no compression), each in a fresh
browser context, i.e. an empty cache: a first visit.  Counted from the
DevTools protocol: bytes received (headers included) and requests; requests
for anywhere but 127.0.0.1 are blocked and counted.  A layout-shift observer
runs from the first byte.  The heaviest page is then loaded again several
times, alternating light and dark, for DOMContentLoaded and load times.

Baseline: the heaviest page that has diagrams, built instead with
sphinxcontrib-mermaid drawing in the browser from its vendored JavaScript
(bench/floor/conf.py, vendored mode), loaded the same way.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from bench import builds, project
from bench.measure import summary
from bench.report import Figures, progress
from cakedoc.diagrams import renderer

KB = 1000
VIEWPORT = {"width": 1280, "height": 800}
# Installed before any page script: sums every layout shift not caused by
# input, and says what moved (element, time, its box before -> after), so a
# shift seen once on a busy machine can be diagnosed from results.json.
# window.__benchShifts() also counts the entries not yet delivered to the
# observer (takeRecords), so reading the sum needs no waiting.
SHIFT_OBSERVER = """
window.__benchShift = 0;
window.__benchMoved = [];
window.__benchRecord = (entries) => {
  for (const entry of entries) {
    if (entry.hadRecentInput) continue;
    window.__benchShift += entry.value;
    for (const source of entry.sources || []) {
      const node = source.node;
      const name = !node ? "?" : node.nodeType !== 1 ? "#text" : node.tagName.toLowerCase()
        + (node.id ? "#" + node.id : "")
        + (typeof node.className === "string" && node.className.trim()
           ? "." + node.className.trim().split(/\\s+/).join(".") : "");
      const box = (rect) => [rect.x, rect.y, rect.width, rect.height].map(Math.round).join(",");
      window.__benchMoved.push(name + " at " + Math.round(entry.startTime) + " ms: x,y,w,h "
        + box(source.previousRect) + " -> " + box(source.currentRect));
    }
  }
};
window.__benchObserver = new PerformanceObserver((list) => window.__benchRecord(list.getEntries()));
window.__benchObserver.observe({type: "layout-shift", buffered: true});
window.__benchShifts = () => {
  window.__benchRecord(window.__benchObserver.takeRecords());
  return [window.__benchShift, window.__benchMoved];
};
"""
TIMINGS = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const [shift, moved] = window.__benchShifts();
  return {dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, shift, moved};
}"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """*directory* on http://127.0.0.1:<free port>/."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(renderer.chromium_path()),
                                             headless=True, args=renderer.CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def off_machine(url: str) -> bool:
    parts = urlparse(url)
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname != "127.0.0.1"


#: The search index files a search page loads.  Issue #17 lets the index grow
#: with the guide (its size is the search figures' index_raw_kb / gzip_kb) as
#: long as loading it does not hold up the page's first paint: a page's
#: weight, which must stay <= 200 KB, is counted without them.
SEARCH_INDEX = ("searchstats.js", "searchindex.js")


def load(browser: Any, url: str, scheme: str = "light", wait_for: str = "") -> dict[str, Any]:
    """Open *url* in a fresh context; what it cost and how it rendered.
    ``bytes`` is the page's weight without the search index (SEARCH_INDEX),
    ``index_bytes`` the index's."""
    context = browser.new_context(viewport=VIEWPORT, color_scheme=scheme)
    blocked: list[str] = []

    def block(route: Any) -> None:  # nothing may leave the machine
        blocked.append(route.request.url)
        route.abort()

    context.route(off_machine, block)
    context.add_init_script(SHIFT_OBSERVER)
    page = context.new_page()
    devtools = context.new_cdp_session(page)
    devtools.send("Network.enable")
    sent: dict[str, str] = {}
    received: dict[str, int] = {}
    devtools.on("Network.requestWillBeSent",
                lambda event: sent.setdefault(event["requestId"], event["request"]["url"]))
    devtools.on("Network.loadingFinished",
                lambda event: received.__setitem__(event["requestId"], event["encodedDataLength"]))
    try:
        page.goto(url, wait_until="load")
        if wait_for:
            page.wait_for_selector(wait_for, state="attached", timeout=30_000)
        page.wait_for_load_state("networkidle")
        timings = page.evaluate(TIMINGS)
    finally:
        context.close()
    fetched = [request for request in sent.values() if urlparse(request).scheme in ("http", "https")]
    index = sum(size for request_id, size in received.items()
                if urlparse(sent.get(request_id, "")).path.endswith(SEARCH_INDEX))
    return {"bytes": sum(received.values()) - index, "index_bytes": index,
            "requests": len(fetched), "offsite": len(blocked),
            "dcl": timings["dcl"], "load": timings["load"], "shift": timings["shift"],
            "moved": timings["moved"]}


def pages_of(site: Path) -> list[str]:
    """Every page of both languages, relative to the site root."""
    return sorted(path.relative_to(site).as_posix()
                  for lang in project.LANGUAGES for path in (site / lang).rglob("*.html"))


def has_diagram(site: Path, rel: str) -> bool:
    return 'class="cake-diagram ' in (site / rel).read_text(encoding="utf-8")


def vendored_site(lang: str) -> Path:
    """The *lang* pages built with sphinxcontrib-mermaid's vendored JavaScript."""
    static = project.BENCH / "vendored-static"
    dist = renderer.MERMAID_PACKAGE / "dist"
    target = static / "mermaid"
    project.reset(static)
    # The ES module and the chunks it imports; source maps are never fetched.
    shutil.copytree(dist / "chunks" / "mermaid.esm.min", target / "chunks" / "mermaid.esm.min",
                    ignore=shutil.ignore_patterns("*.map"))
    shutil.copy2(dist / "mermaid.esm.min.mjs", target)
    builddir = project.BENCH / "vendored"
    project.reset(builddir)
    command = project.floor_command(project.sphinx_command(lang, builddir))
    result = subprocess.run(command, cwd=project.ROOT, capture_output=True, text=True,
                            env=project.environment(BENCH_VENDORED_MERMAID=str(static)))
    if result.returncode != 0:
        raise RuntimeError(f"the vendored-mermaid baseline did not build:\n{result.stderr[-3000:]}")
    return builddir / "staging" / "html"


def measure(figures: Figures, runs: int) -> None:
    progress("pages: building the site into _build/bench/site")
    site = builds.site()
    pages = pages_of(site)
    weights: dict[str, dict[str, Any]] = {}
    with chromium() as browser, serve(site) as base:
        for rel in pages:
            weights[rel] = load(browser, base + rel)
        heaviest = max(pages, key=lambda rel: weights[rel]["bytes"])
        progress(f"pages: rendering {heaviest}")
        loads = [load(browser, base + heaviest, scheme)
                 for _ in range(max(runs, 5)) for scheme in ("light", "dark")]
    per_page = {rel: {key: weights[rel][key]
                      for key in ("bytes", "requests", "offsite", "shift", "moved")}
                for rel in pages}
    figures.add("pages.bytes", f"page weight, each of {len(pages)} pages (without the search index)", "KB",
                summary([weights[rel]["bytes"] / KB for rel in pages]),
                heaviest=heaviest, pages=per_page)
    figures.add("pages.requests", "  requests per page", "count",
                summary([weights[rel]["requests"] for rel in pages]))
    figures.add("pages.offsite", "  requests off the machine, per page", "count",
                summary([weights[rel]["offsite"] for rel in pages]))
    over = sorted((rel for rel in pages if weights[rel]["bytes"] > 200 * KB),
                  key=lambda rel: -weights[rel]["bytes"])
    if over:
        figures.note("pages over 200 KB: " + ", ".join(
            f"{rel} {weights[rel]['bytes'] / KB:.0f} KB" for rel in over))

    diagram_pages = [rel for rel in pages if has_diagram(site, rel)]
    heaviest_diagrams = max(diagram_pages, key=lambda rel: weights[rel]["bytes"])
    lang = heaviest_diagrams.split("/", 1)[0]
    progress(f"pages: vendored-mermaid baseline of {heaviest_diagrams}")
    baseline_site = vendored_site(lang)
    with chromium() as browser, serve(baseline_site) as base:
        baseline = load(browser, base + heaviest_diagrams, wait_for=".mermaid svg")
    ours = weights[heaviest_diagrams]["bytes"]
    figures.add("pages.diagram_page", f"heaviest diagram page, {heaviest_diagrams}", "KB",
                summary([ours / KB]))
    figures.add("pages.vendored", "  baseline: same page, mermaid JavaScript in the browser", "KB",
                summary([baseline["bytes"] / KB]), requests=baseline["requests"])
    figures.add("pages.vendored_ratio", "  baseline / ours", "x",
                summary([baseline["bytes"] / ours]))

    figures.add("render.dcl", f"DOMContentLoaded, {heaviest}", "ms",
                summary([entry["dcl"] for entry in loads]))
    figures.add("render.load", f"load event, {heaviest}", "ms",
                summary([entry["load"] for entry in loads]))
    shifts = [weights[rel]["shift"] for rel in pages] + [entry["shift"] for entry in loads]
    for rel, entry in [(rel, weights[rel]) for rel in pages] + [(heaviest, entry) for entry in loads]:
        if entry["shift"]:
            figures.note(f"layout shift {entry['shift']:.4f} on {rel}: " + "; ".join(entry["moved"][:6]))
    figures.add("render.layout_shift", "layout shift, every page and the heaviest light+dark",
                "score", summary(shifts))
