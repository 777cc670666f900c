"""What a reader on a slow link sees: the page painted before all of it has
arrived must not move when the rest comes.

The server sends a page in two parts, cut where a layout used to move, and
sends the second only once the browser has painted the first; the shift is
measured with bench/pages.py's layout-shift observer and may be at most
the budget, bench.budgets.LAYOUT_SHIFT (0.01; Chrome calls < 0.1 good).
Before the fixes the language link, right-aligned, jumped 138 px when the
PDF link after it arrived; tables widened their columns and re-centred
their cells as rows arrived; furo's icon row above the article grew
leftwards between its icons.

Each case is also loaded with the old layout put back (a control style
sheet), to show that the cut does catch that shift.  The old layouts moved
small boxes (0.0002, 0.00004, 0.008–0.012: under the budget), so each case
has a magnifier: a style sheet that makes the box that used to move large,
applied to the page under test and to its control alike.  Magnified, the
old layout must shift more than the budget, and the page must not.
"""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.budgets import LAYOUT_SHIFT
from bench.pages import SHIFT_OBSERVER
from conftest import offline_context

OLD_PAGE_LINKS = ".cake-page-links { flex-direction: row !important; justify-content: flex-end !important; }"
OLD_TABLES = ("table.cake-fixed-columns { table-layout: auto !important; width: auto !important; }"
              " table.cake-fixed-columns col { width: auto !important; }"
              " table.cake-fixed-columns :is(td, th) { vertical-align: middle !important; }")
OLD_CONTENT_ICONS = ".content-icon-container { flex-direction: row !important; min-width: 0 !important; }"
#: The language link as a tall, wide box (it moved 138 px: 0.03–0.04 so).
BIG_LANGUAGE_LINK = ".cake-language-link { padding: 0 0 700px 400px; }"
#: The icon row as a box filling the viewport's right side: its left edge
#: moved 32 px, 0.014 so (the icons themselves keep their size: the fix
#: reserves room for them).
BIG_CONTENT_ICONS = ".content-icon-container { padding: 0 0 800px 700px; }"
#: Table text twice as large (0.02–0.04 so).
BIG_TABLES = "table.cake-fixed-columns { font-size: 2em; }"


@dataclass(frozen=True)
class Case:
    page: str
    #: The first part ends after the first *end* after *anchor*.
    anchor: str
    end: str
    #: What shows the first part has arrived.
    first_part: str
    magnifier: str
    #: The layout the fix replaced.
    old_layout: str


CASES = {
    "page links, en": Case("en/chips.html", 'class="cake-language-link"', "</a>",
                           "a.cake-language-link", BIG_LANGUAGE_LINK, OLD_PAGE_LINKS),
    "page links, zh": Case("zh/energy.html", 'class="cake-language-link"', "</a>",
                           "a.cake-language-link", BIG_LANGUAGE_LINK, OLD_PAGE_LINKS),
    "content icons, en": Case("en/models.html", 'class="content-icon-container"', "</svg>",
                              "div.content-icon-container svg", BIG_CONTENT_ICONS,
                              OLD_CONTENT_ICONS),
    "table, en": Case("en/stack.html", "<tbody>", "</tr>", "table tbody tr", BIG_TABLES, OLD_TABLES),
    "table, zh": Case("zh/stack.html", "<tbody>", "</tr>", "table tbody tr", BIG_TABLES, OLD_TABLES),
}

# Adds a style sheet as soon as <head> exists, before anything is painted.
CONTROL_STYLE = """(css) => new MutationObserver((changes, observer) => {
  if (!document.head) return;
  const style = document.createElement("style");
  style.textContent = css;
  document.head.append(style);
  observer.disconnect();
}).observe(document, {childList: true, subtree: true})"""


class TwoPartHandler(http.server.SimpleHTTPRequestHandler):
    """Serves ``cuts[path]`` bytes of an HTML page, then the rest once
    ``second_part`` is set (by the test, when the first part is on screen)."""

    cuts: dict[str, int] = {}
    second_part = threading.Event()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?")[0].lstrip("/")
        if path not in self.cuts:
            return super().do_GET()
        data = (Path(self.directory) / path).read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        cut = self.cuts[path]
        self.wfile.write(data[:cut])
        self.wfile.flush()
        self.second_part.wait(timeout=60)
        self.wfile.write(data[cut:])


@dataclass
class SlowServer:
    url: str
    second_part: threading.Event


@pytest.fixture(scope="module")
def slow_server(site: Path) -> Iterator[SlowServer]:
    cuts = {}
    for case in CASES.values():
        data = (site / case.page).read_bytes()
        start = data.index(case.anchor.encode())
        cuts[case.page] = data.index(case.end.encode(), start) + len(case.end)
    handler = type("Handler", (TwoPartHandler,), {"cuts": cuts, "second_part": threading.Event()})
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), lambda *args: handler(*args, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield SlowServer(f"http://127.0.0.1:{httpd.server_address[1]}/", handler.second_part)
    handler.second_part.set()
    httpd.shutdown()


# Resolves after the next frame has been painted: requestAnimationFrame runs
# before a paint, so the second one runs after the first paint.
AFTER_PAINT = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def layout_shift(browser: object, server: SlowServer, rel: str, first_part: str,
                 css: str = "") -> tuple[float, list[str]]:
    """The page's layout shift, with *css* added, when its second part comes
    after the first was painted (the server holds it until then)."""
    server.second_part.clear()
    context = offline_context(browser, viewport={"width": 1280, "height": 800})
    context.add_init_script(SHIFT_OBSERVER)
    if css:
        context.add_init_script(script=f"({CONTROL_STYLE})({json.dumps(css)})")
    page = context.new_page()
    try:
        page.goto(server.url + rel, wait_until="commit")
        page.wait_for_selector(first_part, state="attached")
        page.evaluate(AFTER_PAINT)
        server.second_part.set()
        page.wait_for_load_state("load")
        # A shift is reported for the frame that shows it: let one be drawn,
        # then read every entry, delivered or not.
        page.evaluate(AFTER_PAINT)
        return page.evaluate("window.__benchShifts()")
    finally:
        server.second_part.set()
        context.close()


@pytest.mark.parametrize("case", CASES)
def test_a_page_arriving_in_two_parts_does_not_move(browser, slow_server: SlowServer,
                                                     case: str) -> None:
    page, first_part, magnifier = CASES[case].page, CASES[case].first_part, CASES[case].magnifier
    shift, moved = layout_shift(browser, slow_server, page, first_part)
    assert shift <= LAYOUT_SHIFT, moved
    shift, moved = layout_shift(browser, slow_server, page, first_part, magnifier)
    assert shift <= LAYOUT_SHIFT, moved
    # The control: the layout this replaced, magnified alike, does move
    # more than the budget under the same cut.
    shift, moved = layout_shift(browser, slow_server, page, first_part,
                                f"{magnifier} {CASES[case].old_layout}")
    assert shift > LAYOUT_SHIFT, f"the cut in {page} no longer catches the old layout's shift: {moved}"
