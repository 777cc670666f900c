"""The extensions' behaviour on small sites: each mistake in a page fails at file:line.

Most of these were cases of the full-project fault matrix
(tests/test_faults.py), which copies the whole project and runs ``make``
once per case, or full-project builds in test_diagrams.py and
test_foundation.py.  What they show is the extensions' and Sphinx's
behaviour under the project's strict configuration, so they run here on
tests/roots/test-pages (the project's own conf.py, a few pages) in a second
or a few each: page mistakes, a failed build failing again, a removed page
leaving the site, the pinyin anchors, the language link, the diagram cache.
What only the Makefile can show — a failed build never replaces the
published site, a killed build, a missing TeX, Chromium or jieba — stays in
the matrix.  The guards on raw HTML and remote resources are in
tests/test_guards.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cakedoc.diagrams import diagram
from cakedoc.review.blocks import split_text
from conftest import ROOT
from smallsite import build, copy_root, diagram_stats, line_of, sphinx_build, write

# Long (many small builds, some drawing diagrams; about 45 s on a quiet
# machine): `make test` starts it first (tests/xdist_groups.py).
pytestmark = pytest.mark.long(seconds=45)

CHIPS = ["# Chips", "", "Chips turn electricity into computation.", ""]
ZH_CHIPS = ["# 芯片", "", "芯片把电变成计算。", ""]


def add_energy_page(project: Path, lines: list[str] | None = None) -> None:
    """A second page in both languages, after chips in the home page's toctree."""
    write(project, "en/energy.md", lines or ["# Energy", "", "Power comes first."])
    write(project, "zh/energy.md", ["# 能源"])
    index = project / "en" / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("chips\n", "chips\nenergy\n"),
                     encoding="utf-8")


def located(built, page: str, line: int) -> str:
    """The start of a warning about *page* (``en/chips.md``) at *line*."""
    return f"{built.project}/{page}:{line}:"


# Each: the language, the page's new text, the text of the line at fault,
# and what the warning must say after the file and line.
APPENDED = {
    "mermaid-syntax-error": ("en", CHIPS + ["```{mermaid}", ":caption: broken", "",
                                            "flowchart LR", "  a[[[ -->", "```"],
                             "```{mermaid}", ("mermaid could not render", "Parse error")),
    "empty-diagram": ("zh", ZH_CHIPS + ["```{mermaid}", "```"], "```{mermaid}",
                      ("mermaid", "without content")),
    "unknown-term": ("zh", ZH_CHIPS + ["{term}`不存在的术语 <no-such-term>`"], "{term}",
                     ("no-such-term",)),
    "broken-ref": ("en", CHIPS + ["See {ref}`no-such-label`."], "See {ref}",
                   ("undefined label", "no-such-label")),
    "broken-doc": ("en", CHIPS + ["See {doc}`no-such-page`."], "See {doc}",
                   ("unknown document", "no-such-page")),
    "broken-markdown-link": ("en", CHIPS + ["See [the missing page](no-such-page.md)."],
                             "See [the", ("target not found", "no-such-page.md")),
    "missing-image": ("en", CHIPS + ["![A chart](img/missing-chart.png)"], "![A chart]",
                      ("image file not readable", "img/missing-chart.png")),
    "malformed-front-matter": ("en", ["---", "title: [never closed", "---"] + CHIPS, "---",
                               ("Malformed YAML",)),
}


@pytest.mark.parametrize("fault", APPENDED)
def test_a_mistake_in_a_page_fails_at_its_file_and_line(make_app, tmp_path: Path,
                                                         fault: str) -> None:
    lang, lines, at, words = APPENDED[fault]
    project = copy_root(tmp_path)
    write(project, f"{lang}/chips.md", lines)
    built = build(make_app, project, lang)
    assert built.statuscode != 0
    warning = next((w for w in built.warnings.splitlines()
                    if w.startswith(located(built, f"{lang}/chips.md", line_of(lines, at)))),
                   None)
    assert warning is not None, built.warnings
    for word in words:
        assert word in warning, built.warnings
    assert "Traceback" not in built.warnings
    # Our checks say each problem once (a diagram: not once per colour scheme).
    ours = [w for w in built.warnings.splitlines() if "[cake." in w]
    assert len(ours) == len(set(ours)), built.warnings


def test_a_duplicate_label_names_both_pages(make_app, tmp_path: Path) -> None:
    project = copy_root(tmp_path)
    write(project, "en/chips.md", CHIPS + ["(cake-duplicate)=", "## One"])
    add_energy_page(project, ["# Energy", "", "(cake-duplicate)=", "## Two"])
    built = build(make_app, project)
    # Sphinx reports the second one read, naming the first: energy after chips.
    assert f"{located(built, 'en/energy.md', 4)} WARNING: duplicate label cake-duplicate" \
        in built.warnings, built.warnings
    assert f"{project}/en/chips.md" in built.warnings.split("duplicate label cake-duplicate")[1]


def test_a_page_without_counterpart_fails_at_line_one(make_app, tmp_path: Path) -> None:
    # Deleted, not added: no zh page changes, yet the zh build must notice.
    project = copy_root(tmp_path)
    (project / "en" / "chips.md").unlink()
    built = build(make_app, project, "zh")
    assert (f"{located(built, 'zh/chips.md', 1)} WARNING: page has no English counterpart: "
            "create docs/en/chips.md") in built.warnings, built.warnings


def test_a_page_that_is_not_utf8_fails_at_its_first_bad_byte(make_app, tmp_path: Path) -> None:
    project = copy_root(tmp_path)
    page = project / "en" / "chips.md"
    page.write_bytes("\n".join(CHIPS).encode() + "\nCaf\xe9 au lait.\n".encode("latin-1"))
    built = build(make_app, project)
    assert (f"{located(built, 'en/chips.md', 5)} ERROR: the file is not UTF-8"
            in built.warnings), built.warnings
    assert "save it as UTF-8" in built.warnings and "Traceback" not in built.warnings


def test_a_wrong_glossary_example_fails_sphinx_doctest(make_app, tmp_path: Path) -> None:
    glossary = tmp_path / "glossary"
    shutil.copytree(ROOT / "glossary", glossary)
    entry = glossary / "hbm.md"
    good = "{'HBM3 (JESD238)': 819.2,"
    text = entry.read_text(encoding="utf-8")
    assert good in text
    entry.write_text(text.replace(good, good.replace("819.2", "819.3"), 1), encoding="utf-8")
    project = copy_root(tmp_path)
    write(project, "en/glossary.md", ["# Glossary", "", "```{cake-glossary}", "```"])
    write(project, "zh/glossary.md", ["# 术语表"])
    built = build(make_app, project, builder="doctest", cake_glossary_dir=str(glossary))
    report = (built.outdir / "output.txt").read_text(encoding="utf-8")
    assert built.statuscode != 0
    # Sphinx's doctest report names the file relative to the source folder.
    for words in ('glossary/hbm.md", line ', "Expected:", "819.3", "Got:", "819.2"):
        assert words in report, report


def test_a_bare_mermaid_fence_is_a_diagram_to_sphinx_and_to_the_review(
        make_app, tmp_path: Path) -> None:
    """One set of MyST settings (cakedoc/myst_settings.py) for conf.py and the
    review: the review once read this fence as a code block."""
    lines = CHIPS + ["```mermaid", "flowchart LR", '  a["Energy"] --> b["Chips"]', "```"]
    project = copy_root(tmp_path)
    write(project, "en/chips.md", lines)
    # The dummy builder reads like html but draws nothing: no Chromium needed.
    built = build(make_app, project, builder="dummy")
    assert built.warnings == ""
    doctree = built.app.env.get_doctree("chips")
    assert [node["source"] for node in doctree.findall(diagram)] == [
        'flowchart LR\n  a["Energy"] --> b["Chips"]']
    blocks = split_text("\n".join(lines) + "\n")
    assert [(block.kind, block.detail) for block in blocks][-1] == ("diagram", "mermaid")
    assert blocks[-1].inline.text == ["Energy\nChips"]


def test_running_a_failed_build_again_fails_again(make_app, tmp_path: Path) -> None:
    """Sphinx re-reads only changed pages: without cakedoc.build.recovery the
    second build would repeat no warning, succeed, and `make html` would
    publish the broken page."""
    lines = CHIPS + ["See {ref}`no-such-label`."]
    project = copy_root(tmp_path)
    write(project, "en/chips.md", lines)
    for attempt in ("first", "second"):
        built = build(make_app, project)
        assert f"{located(built, 'en/chips.md', 5)} WARNING: undefined label" in built.warnings, \
            f"{attempt} build: {built.warnings}"


def test_a_page_gone_from_the_sources_is_gone_from_the_site(make_app, tmp_path: Path) -> None:
    """Sphinx never deletes output: without cakedoc.build.prune the page of a
    removed source would stay in the output and be published for ever."""
    project = copy_root(tmp_path)
    first = build(make_app, project)
    assert first.warnings == "" and (first.outdir / "chips.html").is_file()
    leftover = first.outdir / "removed-page.html"
    leftover.write_text("<!DOCTYPE html><title>a page since removed</title>", encoding="utf-8")
    second = build(make_app, project)
    assert second.warnings == "" and second.outdir == first.outdir
    assert not leftover.exists() and (second.outdir / "chips.html").is_file()


def test_chinese_headings_get_pinyin_anchors_and_pages_their_language_link(
        make_app, tmp_path: Path) -> None:
    """cakedoc.anchors and cakedoc.counterpart on one zh page: a Chinese
    heading's anchor is its pinyin, whatever else the page holds (the
    docutils id it would have had stays as a second id), and the page links
    the same page in English."""
    project = copy_root(tmp_path)
    write(project, "zh/chips.md", ZH_CHIPS + ["## 文章怎么说", "", "一段话。", "",
                                              "## 一块 AI 芯片里有什么", "", "又一段话。"])
    built = build(make_app, project, "zh")
    assert built.warnings == ""
    page = built.page("chips")
    assert '<section id="wen-zhang-zen-me-shuo">' in page
    assert '<section id="yi-kuai-ai-xin-pian-li-you-shen-me">' in page
    assert '<span id="ai"></span>' in page  # the id docutils gave it, kept
    assert ('<a class="cake-language-link" href="../en/chips.html" hreflang="en" lang="en" '
            'rel="alternate">') in page


# -- the diagram cache ------------------------------------------------------------------

DIAGRAM = ["```mermaid", "flowchart LR", '  a["Energy"] --> b["Chips"]', "```"]


def test_a_rebuild_without_changes_starts_no_browser(make_app, tmp_path: Path) -> None:
    project = copy_root(tmp_path)
    write(project, "en/chips.md", CHIPS + DIAGRAM)
    first = build(make_app, project)
    assert first.warnings == ""
    assert diagram_stats(project) == {"browsers": 1, "rendered": 2, "failed": 0, "diagrams": 1}
    second = build(make_app, project)
    assert second.warnings == ""
    assert diagram_stats(project)["browsers"] == 0


def test_pages_are_rewritten_when_their_diagrams_leave_the_cache(make_app,
                                                                 tmp_path: Path) -> None:
    """A changed renderer or a new mermaid version changes no source: the
    page must still be written again with the new drawings, and only it."""
    project = copy_root(tmp_path)
    write(project, "en/chips.md", CHIPS + DIAGRAM)
    add_energy_page(project)
    first = build(make_app, project)
    assert first.warnings == ""
    before = {page: (first.outdir / f"{page}.html").stat().st_mtime_ns
              for page in ("chips", "energy")}
    shutil.rmtree(project.parent / "diagram-cache")
    second = build(make_app, project)
    assert second.warnings == ""
    assert diagram_stats(project)["browsers"] == 1
    assert (second.outdir / "chips.html").stat().st_mtime_ns != before["chips"], \
        "page with a diagram not rewritten"
    # (The home page is: Sphinx rewrites the pages whose toctree holds a rewritten one.)
    assert (second.outdir / "energy.html").stat().st_mtime_ns == before["energy"], \
        "page without diagrams rewritten"


def test_a_changed_diagram_renders_once_in_one_browser(make_app, tmp_path: Path) -> None:
    project = copy_root(tmp_path)
    write(project, "en/chips.md", CHIPS + DIAGRAM)
    assert build(make_app, project).warnings == ""
    write(project, "en/chips.md", CHIPS + DIAGRAM + ["", "```mermaid", "flowchart LR",
                                                     '  a["new"] --> b["diagram"]', "```"])
    assert build(make_app, project).warnings == ""
    # Light and dark of the new diagram; the other one comes from the cache.
    assert diagram_stats(project) == {"browsers": 1, "rendered": 2, "failed": 0, "diagrams": 2}


# -- the pinyin anchors' memory ------------------------------------------------------------

def imported_modules(stderr: str) -> set[str]:
    """Top-level modules named by ``PYTHONPROFILEIMPORTTIME``'s report."""
    return {line.rsplit("|", 1)[1].strip().split(".")[0]
            for line in stderr.splitlines() if line.startswith("import time:")}


def test_an_edit_that_keeps_the_headings_reuses_their_anchors(tmp_path: Path) -> None:
    """The pinyin slugs are remembered: rewriting a paragraph of a Chinese
    page must not load pypinyin's dictionaries again, and must give the same
    anchors.  In a process of its own per build: what matters is what it imports."""
    project = copy_root(tmp_path)
    page = ZH_CHIPS + ["## 文章怎么说", "", "一段话。"]
    write(project, "zh/chips.md", page)
    env = {"PYTHONPROFILEIMPORTTIME": "1"}
    first = sphinx_build(project, "zh", env=env)
    assert first.statuscode == 0, first.warnings[-3000:]
    assert "pypinyin" in imported_modules(first.warnings)  # the check can see it
    write(project, "zh/chips.md", page + ["", "新加的一段话。"])
    second = sphinx_build(project, "zh", env=env)
    assert second.statuscode == 0, second.warnings[-3000:]
    assert "pypinyin" not in imported_modules(second.warnings)
    text = second.page("chips")
    assert "新加的一段话" in text
    assert '<section id="wen-zhang-zen-me-shuo">' in text


def sidebar_links(built, page: str) -> list[str]:
    from bs4 import BeautifulSoup

    tree = BeautifulSoup(built.page(page), "html.parser").select_one(".sidebar-tree")
    return [link.get_text(strip=True) for link in tree.select("a.reference")]


@pytest.mark.parametrize("collapsed", [True, False])
def test_the_sidebar_holds_the_top_level_and_the_current_branch(make_app, tmp_path: Path,
                                                                collapsed: bool) -> None:
    """cakedoc.site.navigation: a book in parts lists every part and the
    current part's pages, not every page (the whole book on every page
    makes a build O(pages²)); switched off, furo's whole tree comes back."""
    project = copy_root(tmp_path)
    for lang, part in (("en", "Part"), ("zh", "部分")):
        for name in ("a", "b"):
            write(project, f"{lang}/part-{name}.md",
                  [f"# {part} {name.upper()}", "", "```{toctree}", f"{name}1", "```"])
            write(project, f"{lang}/{name}1.md", [f"# {name.upper()} one", "", "Text."])
        index = project / lang / "index.md"
        index.write_text(index.read_text(encoding="utf-8").replace(
            "chips\n", "chips\npart-a\npart-b\n"), encoding="utf-8")
    built = build(make_app, project, cake_collapsed_navigation=collapsed)
    assert built.statuscode == 0, built.warnings
    whole_book = ["Chips", "Part A", "A one", "Part B", "B one"]
    if collapsed:
        assert sidebar_links(built, "a1") == ["Chips", "Part A", "A one", "Part B"]
        assert sidebar_links(built, "chips") == ["Chips", "Part A", "Part B"]
        # sphinx-notfound-page gives the 404 page a toctree() of its own.
        assert sidebar_links(built, "404") == ["Chips", "Part A", "Part B"]
    else:
        assert sidebar_links(built, "a1") == whole_book
        assert sidebar_links(built, "chips") == whole_book
        assert sidebar_links(built, "404") == whole_book
