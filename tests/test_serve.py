"""``make serve`` in Chromium: one port for both languages, the language link,
live reload of both languages after an edit, and build errors over the page.

The server is what ``make serve`` runs (``python -m cakedoc.serve``), on a
small site in a temporary folder — three pages per language and a copy of
the glossary — so no test edits docs/ or glossary/.  Edits are batched into
as few rebuilds as the checks allow (each rebuilds both languages).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from cakedoc.serve.rebuild import Project, problems
from conftest import ROOT, entry_sheet

# Long (make serve rebuilding both languages; about 35 s on a quiet
# machine): `make test` starts it first (tests/xdist_groups.py).
pytestmark = pytest.mark.long(seconds=35)

PAGES = {
    "zh/index.md": "# 一个小网站\n\n首页。\n\n```{toctree}\nchips\nglossary\n```\n",
    "en/index.md": "# A small site\n\nThe home page.\n\n```{toctree}\nchips\nglossary\n```\n",
    "zh/chips.md": "# 芯片\n\n芯片把电变成计算，靠{term}`高带宽内存<hbm>`喂数据。\n",
    "en/chips.md": "# Chips\n\nChips turn electricity into computation, fed by "
                   "{term}`high-bandwidth memory <hbm>`.\n",
    "zh/glossary.md": "# 术语表\n\n```{cake-glossary}\n```\n",
    "en/glossary.md": "# Glossary\n\n```{cake-glossary}\n```\n",
}
#: How long one rebuild of both languages may take on a busy shared machine.
REBUILD = 180_000
#: sphinx-autobuild's reload script (sphinx_autobuild/middleware.py) keeps its
#: socket in a global `ws`: open means a change will reach the page.
SOCKET_OPEN = "() => typeof ws !== 'undefined' && ws.readyState === WebSocket.OPEN"


class Preview:
    def __init__(self, url: str, project: Path, log: Path) -> None:
        self.url, self.project, self.log = url, project, log

    def edit(self, path: str, old: str, new: str) -> None:
        file = self.project / path
        text = file.read_text(encoding="utf-8")
        assert old in text, (path, old)
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def test_problems_are_read_through_terminal_colours(tmp_path: Path) -> None:
    project = Project(root=tmp_path, docs=tmp_path / "docs", glossary=tmp_path / "glossary",
                      builddir=tmp_path / "_build")
    page = tmp_path / "docs" / "zh" / "chips.md"
    coloured = (f"\x1b[91m{page}:3: WARNING: term not in glossary: 'x' [ref.term]\x1b[39;49;00m\n"
                "\x1b[91mWARNING: a problem with no place\x1b[39;49;00m\n")
    assert problems(project, "zh", coloured, 1) == [
        {"language": "zh", "location": "docs/zh/chips.md:3",
         "message": "WARNING: term not in glossary: 'x' [ref.term]"},
        {"language": "zh", "location": "docs/zh",
         "message": "WARNING: a problem with no place"},
    ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    project = tmp_path_factory.mktemp("serve")
    for name, text in PAGES.items():
        (project / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (project / "docs" / name).write_text(text, encoding="utf-8")
    shutil.copytree(ROOT / "glossary", project / "glossary",
                    ignore=shutil.ignore_patterns("README.md"))
    port = free_port()
    log = project / "serve.log"
    with log.open("w") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "cakedoc.serve", "--port", str(port),
             "--docs", str(project / "docs"), "--glossary", str(project / "glossary"),
             "--builddir", str(project / "_build")],
            # Coloured output is the harder case for the overlay's parser,
            # and CI's environment asks for it: ask for it here too.
            cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT,
            env={**os.environ, "FORCE_COLOR": "1"})
    url = f"http://127.0.0.1:{port}/"
    preview = Preview(url, project, log)
    try:
        deadline = time.monotonic() + REBUILD / 1000
        while True:
            assert process.poll() is None, f"make serve stopped:\n{preview.output()}"
            assert time.monotonic() < deadline, f"make serve never answered:\n{preview.output()}"
            try:
                with urllib.request.urlopen(url + "en/chips.html", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        yield preview
    finally:
        process.terminate()
        process.wait(timeout=30)


def open_page(context: object, url: str) -> object:
    """A page of the preview, listening for reloads, marked so that a
    reload (which forgets the mark) can be told from no reload."""
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(SOCKET_OPEN, timeout=30_000)
    page.evaluate("window.cakeNotReloaded = true")
    return page


def wait_for_reload(page: object) -> None:
    page.wait_for_function("() => window.cakeNotReloaded === undefined", timeout=REBUILD)
    page.wait_for_load_state("load")
    page.wait_for_function(SOCKET_OPEN, timeout=30_000)
    page.evaluate("window.cakeNotReloaded = true")


def test_one_port_serves_the_landing_page_and_both_languages(browser, preview: Preview) -> None:
    page = browser.new_page(locale="en-US")
    try:
        page.goto(preview.url + "index.html#choose")
        assert page.locator("a.lang").evaluate_all("links => links.map(a => a.href)") == [
            preview.url + "zh/index.html", preview.url + "en/index.html"]
        for lang, other in (("zh", "en"), ("en", "zh")):
            page.goto(f"{preview.url}{lang}/chips.html")
            page.locator("a.cake-language-link").click()
            page.wait_for_load_state("load")
            assert page.url == f"{preview.url}{other}/chips.html"
            assert page.locator("#cake-serve-overlay").count() == 0
    finally:
        page.close()


def test_edits_reload_both_languages_and_errors_show_over_the_page(browser,
                                                                   preview: Preview) -> None:
    context = browser.new_context()
    try:
        hbm = {lang: f"{lang}/{entry_sheet('hbm')}.html" for lang in ("zh", "en")}
        pages = {name: open_page(context, preview.url + name)
                 for name in ("zh/chips.html", hbm["zh"], hbm["en"], "en/chips.html")}
        # A zh page and a glossary entry (both languages' text) in one go.
        preview.edit("docs/zh/chips.md", "喂数据", "喂数据，改过一次")
        preview.edit("glossary/hbm.md", "垂直堆叠", "垂直堆叠（已编辑）")
        preview.edit("glossary/hbm.md", "stacked vertically", "stacked vertically (edited)")
        for page in pages.values():
            wait_for_reload(page)
        assert "改过一次" in pages["zh/chips.html"].locator("article").inner_text()
        assert "垂直堆叠（已编辑）" in pages[hbm["zh"]].locator("article").inner_text()
        assert "stacked vertically (edited)" in pages[hbm["en"]].locator(
            "article").inner_text()
        assert pages["zh/chips.html"].locator("#cake-serve-overlay").count() == 0

        # A broken edit: the overlay names the file and line, in both languages.
        preview.edit("docs/zh/chips.md", "<hbm>", "<no-such-term>")
        for page in pages.values():
            wait_for_reload(page)
        for page in pages.values():
            overlay = page.locator("#cake-serve-overlay")
            assert overlay.is_visible()
            assert "docs/zh/chips.md:3" in overlay.locator(".cake-serve-location").all_inner_texts()
            assert "no-such-term" in overlay.inner_text()
        assert "docs/zh/chips.md:3: WARNING: term not in glossary" in preview.output()

        # Fixed: the overlay is gone after the next reload.
        preview.edit("docs/zh/chips.md", "<no-such-term>", "<hbm>")
        for page in pages.values():
            wait_for_reload(page)
            assert page.locator("#cake-serve-overlay").count() == 0
    finally:
        context.close()
