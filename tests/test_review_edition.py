"""The review edition reads like the site (`make review` → _build/review/):
blocks rendered (no MyST syntax in view until a block's source is opened),
diagrams as SVG from the diagram cache, a stale Chinese block's change
marked character by character, and the sign-off commands: copied with one
click, they clear exactly their finding; `make review-serve` signs off from
its own pages and refuses every other origin.

Everything runs on a copy, never on docs/: of docs/ and glossary/ (the
`review_copy` fixture), or of the whole project where `make` runs (the
`workdir` fixture).  The unedited guide's edition is built once, for the
tests that only read it.  The diagram cache is the one `make html` filled
(read only).
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cakedoc.review import textdiff
from cakedoc.review.blocks import split_text
from cakedoc.review.pages import Project
from cakedoc.review.pictures import Pictures
from cakedoc.review.render import render_page
from conftest import ROOT, offline_context
from sitescan import parse
from test_review import REVIEWER, copy_reviewed, edit, review

# Long (the review edition in Chromium, and its server; about 40 s on a quiet
# machine): `make test` starts it first (tests/xdist_groups.py).
pytestmark = pytest.mark.long(seconds=40)

CACHE = ROOT / "_build" / ".cache" / "diagrams"
#: What MyST source looks like and a reader never sees.
MYST_SYNTAX = ("{term}", "{doc}", "{footcite}", "[^", "```", ":::", ":caption:", "<chips>")


def diagram_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Draw the edition's diagrams from the real build's cache."""
    if not CACHE.is_dir():
        pytest.fail(f"{CACHE} is missing: run `make html` first (make test does)")
    monkeypatch.setenv("CAKE_DIAGRAM_CACHE", str(CACHE))


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_AUTHOR_NAME", REVIEWER)
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "reviewer@example.invalid")
    diagram_cache(monkeypatch)


def edition(project: Path, capsys: pytest.CaptureFixture[str] | None) -> tuple[int, list[dict], Path]:
    """`make review` on *project*: its exit code, its findings and the
    folder where it published the edition (the copy's _build/review)."""
    published = project / "_build" / "review"
    code, found = review(project, capsys, "--html", str(published),
                         "--staging", str(project / "_build/staging/review"))
    return code, found, published


@pytest.fixture
def review_copy(tmp_path: Path) -> Path:
    """A copy of what the review reads, to edit (as in tests/test_review.py)."""
    return copy_reviewed(tmp_path / "project")


@pytest.fixture(scope="module")
def unedited(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, Path]:
    """The edition of the guide as it is (on a copy), built once for the
    tests that only read it: its exit code and its folder."""
    project = copy_reviewed(tmp_path_factory.mktemp("unedited") / "project")
    with pytest.MonkeyPatch.context() as monkeypatch:
        diagram_cache(monkeypatch)
        code, _, published = edition(project, None)
    return code, published


# -- rendering, in-process ---------------------------------------------------------

def test_a_block_is_rendered_by_myst_as_the_site_shows_it(tmp_path: Path) -> None:
    page = """# Title

A {term}`chip <chips>` links to the glossary, see {doc}`energy`, `code` and a note[^a].
Cited{footcite}`iea,a`.

| a | b |
|---|---|
| 1 | **2** |

```{doctest}
>>> 1 + 1
2
```

[^a]: The note.
"""
    blocks = split_text(page)
    html = render_page(blocks, "en", {"energy": "Energy: the base"}, "../", Pictures(ROOT, tmp_path))
    paragraph, header, row, code, note = (parse(html[b.index]) for b in blocks[1:])
    term = paragraph.select_one("a.reference span.std-term")
    assert term.get_text() == "chip" and term.parent["href"] == "../terms.html#term-chips"
    assert paragraph.select_one('a[href="../pages/energy.html"]').get_text() == "Energy: the base"
    assert paragraph.select_one("code").get_text() == "code"
    # Footnote marks and registry citations numbered in order of first use, as on the site.
    assert [a.get_text() for a in paragraph.select("a.footnote-reference")] == ["1", "2", "1"]
    assert [th.get_text() for th in header.select("thead th")] == ["a", "b"]
    assert [td.get_text() for td in row.select("tbody td")] == ["1", "2"] and not row.select("thead")
    assert row.select_one("td strong").get_text() == "2"
    assert code.select_one("pre").get_text().strip() == ">>> 1 + 1\n2"
    assert note.select_one(".footnote .label").get_text() == "[1]" and "The note." in note.get_text()
    for fragment in html.values():
        assert not any(syntax in parse(fragment).get_text() for syntax in MYST_SYNTAX), fragment


def test_chinese_changes_are_marked_by_character_and_english_by_word() -> None:
    assert textdiff.pieces("它的任务说起来只有一句话", "它的任务可以用一句话概括", "zh") == [
        ("equal", "它的任务"), ("delete", "说起来只有"), ("insert", "可以用"), ("equal", "一句话"),
        ("insert", "概括")]
    assert textdiff.pieces("Their job fits in one sentence", "Their job can be summed up in one sentence",
                           "en") == [("equal", "Their job "), ("delete", "fits"),
                                     ("insert", "can be summed up"), ("equal", " in one sentence")]
    # A number is one unit in Chinese too: 1,440 → 1,450 is one change, not "4" → "5".
    assert ("delete", "1,440") in textdiff.pieces("共 1,440 GB", "共 1,450 GB", "zh")


# -- the edition in Chromium ---------------------------------------------------------

def test_no_myst_syntax_is_in_view_until_a_block_s_source_is_opened(
        unedited: tuple[int, Path], watched) -> None:
    code, published = unedited
    assert code == 0
    pages = sorted((published / "pages").glob("*.html"))
    # One page of the edition per page pair of the guide.
    assert len(pages) == len(list((ROOT / "docs" / "zh").glob("*.md")))
    for path in pages:
        watched.page.goto(path.as_uri())
        shown = watched.page.locator("main").inner_text()
        assert not [syntax for syntax in MYST_SYNTAX if syntax in shown], path.name
    # The negative control: the toggle shows the MyST source.
    watched.page.goto((published / "pages/chips.html").as_uri())
    block = watched.page.locator("#block-3 .block").first
    assert "{term}" not in block.inner_text()
    block.locator("details.source summary").click()
    assert "{term}`芯片（Chips）<chips>`" in block.inner_text()
    # Term links, footnote marks, tables and code as on the site.
    assert watched.page.locator("#block-3 a.reference .std-term").count() >= 4
    assert watched.page.locator("main a.footnote-reference").count() > 10
    assert watched.page.locator("main table tbody td").count() > 50
    doctests = watched.page.locator("main .rendered pre.pycon")  # ```{doctest} blocks
    assert doctests.count() >= 2 and doctests.first.inner_text().startswith(">>>")
    assert watched.foreign_requests() == [] and watched.console_errors == []


def test_diagrams_are_drawn_as_svg_from_the_diagram_cache(
        unedited: tuple[int, Path], review_copy: Path, capsys: pytest.CaptureFixture[str], watched,
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _, published = unedited
    watched.page.goto((published / "pages/chips.html").as_uri())
    images = watched.page.locator("figure.diagram img")
    assert images.count() >= 1
    for index in range(images.count()):
        image = images.nth(index)
        assert image.get_attribute("src").endswith(".svg")
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    for svg in (published / "diagrams").glob("*.svg"):
        assert "<svg" in svg.read_text(encoding="utf-8")[:500]
    # A layer page's highlighted stack is the site's marker, inline SVG.
    assert watched.page.locator("#block-2 nav.cake-layer-marker svg").count() == 2
    assert "```" not in watched.page.locator("main").inner_text()
    # Negative control: with an empty cache, the diagram is not drawn and says why.
    monkeypatch.setenv("CAKE_DIAGRAM_CACHE", str(tmp_path / "empty"))
    _, _, published = edition(review_copy, capsys)
    chips = parse((published / "pages/chips.html").read_text(encoding="utf-8"))
    assert not chips.select("figure.diagram img") and chips.select("figure.diagram.missing")


def test_a_stale_chinese_block_highlights_only_the_changed_characters(
        review_copy: Path, capsys: pytest.CaptureFixture[str], watched) -> None:
    edit(review_copy / "docs/zh/chips.md", "它的任务说起来只有一句话", "它的任务可以用一句话概括")
    code, found, published = edition(review_copy, capsys)
    assert code == 1 and [f["check"] for f in found] == ["stale"]
    watched.page.goto((published / "pages/chips.html").as_uri())
    change = watched.page.locator("#block-3 .changed > .textdiff")
    assert change.locator("del").all_inner_texts() == ["说起来只有"]
    assert change.locator("ins").all_inner_texts() == ["可以用", "概括"]
    # Highlighted, and what a reader reads (no markup) unless the source diff is opened.
    assert change.locator("ins").first.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert "{term}" not in change.inner_text() and "芯片（Chips）" in change.inner_text()
    # Every other block is unchanged: nothing marked anywhere else.
    assert watched.page.locator("main del, main ins").count() == 3 + 3  # the reader's diff and the MyST one


def test_findings_filter_by_kind_and_sign_offs_are_counted(
        review_copy: Path, capsys: pytest.CaptureFixture[str], watched) -> None:
    edit(review_copy / "docs/zh/chips.md", "它的任务说起来只有一句话", "它的任务可以用一句话概括")
    edit(review_copy / "docs/en/chips.md", "system lists 1,440 GB across 8 GPUs",
         "system lists 1,450 GB across 8 GPUs")
    _, _, published = edition(review_copy, capsys)
    blocks = len(split_text((review_copy / "docs/zh/chips.md").read_text(encoding="utf-8")))
    page = watched.page
    page.goto((published / "pages/chips.html").as_uri())
    assert page.locator("header .signoffs").inner_text().startswith(
        f"{blocks - 1} of {blocks} blocks signed off by ")
    stale, numbers = page.locator("main li[data-kind=stale]"), page.locator("main li[data-kind=inconsistent]")
    assert stale.is_visible() and numbers.first.is_visible()
    page.locator("form.filters input[value=stale]").uncheck()
    assert not stale.is_visible() and numbers.first.is_visible()
    page.locator("form.filters input[name=only]").check()
    shown = page.locator("main section.pair:visible")
    assert shown.count() == numbers.count() and shown.locator("li[data-kind=stale]").count() == 0
    page.locator("form.filters input[value=stale]").check()
    assert shown.count() == numbers.count() + 1
    # The guide's count on the dashboard, one block short of all.
    index = parse((published / "index.html").read_text(encoding="utf-8"))
    copy = Project.create(review_copy, "zh")
    total = sum(len(split_text(copy.page_file("zh", page).read_text(encoding="utf-8")))
                for page in copy.pages("zh"))
    assert f"{total - 1} of {total} blocks signed off by" in index.select_one(".signoffs").get_text()


def test_the_copied_command_clears_exactly_its_finding(
        workdir: Path, capsys: pytest.CaptureFixture[str], browser) -> None:
    edit(workdir / "docs/zh/chips.md", "它的任务说起来只有一句话", "它的任务可以用一句话概括")
    edit(workdir / "docs/zh/chips.md", "读这张表要注意两点", "读这张表需要注意两点")
    _, found, published = edition(workdir, capsys)
    stale = {f["block"] for f in found if f["check"] == "stale"}
    assert len(stale) == 2 and 3 in stale
    context = offline_context(browser)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto((published / "pages/chips.html").as_uri())
    page.locator("#block-3 button.copy").click()
    page.locator("#block-3 button.copy", has_text="Copied").wait_for()
    command = page.evaluate("navigator.clipboard.readText()")
    context.close()
    assert command == "make review-accept PAGE=chips BLOCK=3"
    # Run as copied, in the copy (with the project's own venv, never reinstalled).
    venv = ROOT / ".venv"
    ran = subprocess.run([*shlex.split(command), f"VENVDIR={venv}", "-o", f"{venv}/.installed"],
                         cwd=workdir, capture_output=True, text=True, timeout=120,
                         env={**os.environ, "GIT_AUTHOR_NAME": REVIEWER})
    assert ran.returncode == 0, ran.stdout + ran.stderr
    # Only the findings are read now: no edition is published again.
    _, found = review(workdir, capsys)
    assert [(f["check"], f["block"]) for f in found] == [("stale", (stale - {3}).pop())]


# -- make review-serve ------------------------------------------------------------------

@pytest.fixture
def review_server(review_copy: Path) -> Iterator[Callable[[], str]]:
    """Starts `make review-serve`'s server on the copy (on a free port); its URL."""
    from cakedoc.review.serve import serve

    servers = []

    def start() -> str:
        server = serve(Project.create(review_copy, "zh"), review_copy / "_build/review",
                       review_copy / "_build/staging/review", 0)
        # Polled often, so that shutdown() below returns at once (the default is every 0.5 s).
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def post(url: str, origin: str | None, host: str | None = None) -> int:
    headers = {"Content-Type": "application/json"}
    if origin:
        headers["Origin"] = origin
    if host:
        headers["Host"] = host
    request = urllib.request.Request(f"{url}/api/accept", data=b'{"page": "chips", "block": 3}',
                                     headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_review_serve_signs_off_from_its_own_pages_and_refuses_other_origins(
        review_copy: Path, review_server, browser) -> None:
    zh = review_copy / "docs/zh/chips.md"
    sidecar = review_copy / "docs/en/chips.review.yaml"
    edit(zh, "它的任务说起来只有一句话", "它的任务可以用一句话概括")
    before = sidecar.read_bytes()
    url = review_server()
    # Another origin: a page on another local port, and requests without the right headers.
    other = offline_context(browser)
    page = other.new_page()
    page.route("http://127.0.0.1:1/", lambda route: route.fulfill(body="<p>elsewhere</p>",
                                                                   content_type="text/html"))
    page.goto("http://127.0.0.1:1/")
    outcome = page.evaluate("""url => fetch(url + "/api/accept", {method: "POST",
        headers: {"Content-Type": "application/json"}, body: JSON.stringify({page: "chips", block: 3})})
        .then(r => "status " + r.status, e => "failed: " + e.message)""", url)
    # A "simple" request needs no preflight: the browser sends it, the server refuses it.
    other.close()
    # Chromium itself refuses (CORS preflight, and its local network access rules) ...
    assert outcome.startswith("failed"), outcome
    # ... and so does the server, whatever sends the request.
    assert post(url, "http://127.0.0.1:1") == 403
    assert post(url, None) == 403
    assert post(url, url, host="attacker.example") == 403
    assert sidecar.read_bytes() == before
    # Its own page: the "Sign off" button writes the sidecar, and the page reloads.
    own = offline_context(browser)
    page = own.new_page()
    page.goto(f"{url}/pages/chips.html#block-3")
    assert page.locator("#block-3 .badge").inner_text() == "stale"
    with page.expect_navigation(timeout=120_000):
        page.locator("#block-3 button.sign").click()
    assert page.locator("#block-3 .badge").inner_text() == "✓"
    own.close()
    assert sidecar.read_bytes() != before and "可以用一句话概括" in sidecar.read_text(encoding="utf-8")
    # The review is clean now: as the server's rebuild after the sign-off (the
    # review and edition of `make review`) published it before the page reloaded.
    report = json.loads((review_copy / "_build/review/report.json").read_text(encoding="utf-8"))
    assert report["errors"] == 0
    # The control for the refusals above: the same request with its own Origin is served.
    assert post(url, url) == 200
