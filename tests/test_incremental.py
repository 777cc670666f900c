"""What an incremental rebuild keeps from the last build gives the bytes a clean build gives.

A one-page edit must cost about the same whatever the size of the book
(issue #17, bench/growth): so the build keeps, between builds, what it
would otherwise make again from every page — the search statistics
(cakedoc.search.stats patches searchstats.js), the parsed glossary
(cakedoc.glossary.entries), the environment pickled once more only when
the writing changed it (cakedoc.build.envsave), … .  Each test here edits a small site
(tests/roots/test-pages), rebuilds it, and compares what the rebuild wrote
with what a clean build of the same sources writes; and checks that a
rebuild with nothing changed leaves the file alone.
"""

from __future__ import annotations

import os
import shutil
import weakref
from pathlib import Path

import pytest

from sphinx.util.console import strip_escape_sequences

from smallsite import build, copy_root, in_own_thread, write

pytestmark = pytest.mark.long(seconds=30)

CHIPS = ["# Chips", "", "Chips turn electricity into computation.", "",
         "## Memory", "", "High-bandwidth memory feeds the chips.", "",
         "## Power", "", "Every chip draws power."]
ENERGY = ["# Energy", "", "Power comes first, then chips.", "", "## Grids", "",
          "The grid feeds the data centre."]


def two_pages(tmp_path: Path) -> Path:
    project = copy_root(tmp_path)
    write(project, "en/chips.md", CHIPS)
    write(project, "en/energy.md", ENERGY)
    write(project, "zh/energy.md", ["# 能源"])
    index = project / "en" / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("chips\n", "chips\nenergy\n"),
                     encoding="utf-8")
    return project


def clean_build(make_app, project: Path, tmp_path: Path, name: str) -> Path:
    """The same sources built from nothing, in a folder of their own."""
    fresh = tmp_path / name / "docs"
    shutil.copytree(project, fresh)
    built = build(make_app, fresh)
    assert built.warnings == ""
    return built.outdir


@pytest.mark.parametrize("edit", [
    # more words in a section: the page keeps its units, the file is patched
    ("en/chips.md", CHIPS + ["", "Chips and memory, memory and chips."]),
    # a word gone from the first page, so its postings start on the second
    ("en/chips.md", [line.replace("Chips turn", "They turn") for line in CHIPS]),
    # one unit more: every later unit's number changes
    ("en/chips.md", CHIPS + ["", "## Cooling", "", "Water cools the chips."]),
    # the last page
    ("en/energy.md", ENERGY + ["", "Chips need the grid's power."]),
], ids=["words-added", "word-removed", "section-added", "last-page"])
def test_an_edit_writes_the_search_statistics_a_clean_build_writes(
        make_app, tmp_path: Path, edit: tuple[str, list[str]]) -> None:
    project = two_pages(tmp_path)
    assert build(make_app, project).warnings == ""
    page, lines = edit
    write(project, page, lines)
    rebuilt = build(make_app, project)
    assert rebuilt.warnings == ""
    clean = clean_build(make_app, project, tmp_path, "clean")
    assert ((rebuilt.outdir / "searchstats.js").read_text(encoding="utf-8")
            == (clean / "searchstats.js").read_text(encoding="utf-8"))


def built_statistics(make_app, project: Path) -> Path:
    """searchstats.js of a first build of *project*."""
    first = build(make_app, project)
    assert first.warnings == ""
    return first.outdir / "searchstats.js"


def test_an_edit_and_its_revert_give_the_first_statistics_back(make_app,
                                                                 tmp_path: Path) -> None:
    project = two_pages(tmp_path)
    stats = built_statistics(make_app, project)
    before = stats.read_bytes()
    write(project, "en/chips.md", CHIPS + ["", "A benchmark edit."])
    assert build(make_app, project).warnings == ""
    assert stats.read_bytes() != before  # the check can see an edit
    write(project, "en/chips.md", CHIPS)
    assert build(make_app, project).warnings == ""
    assert stats.read_bytes() == before


def test_a_rebuild_without_changes_leaves_the_search_statistics_alone(make_app,
                                                                      tmp_path: Path) -> None:
    project = two_pages(tmp_path)
    stats = built_statistics(make_app, project)
    written = stats.stat().st_mtime_ns
    assert build(make_app, project).warnings == ""
    assert stats.stat().st_mtime_ns == written


def test_the_search_units_live_beside_the_environment_not_in_it(make_app, tmp_path: Path,
                                                                monkeypatch) -> None:
    """Each page's units are a file of their own (cakedoc.search.stats), not
    part of the environment Sphinx loads and saves every build; an edit
    patches searchstats.js from the old and new readings' files and drops
    the old one; a deleted folder of units re-reads its pages."""
    from cakedoc.search import stats

    frozen = []
    freeze = stats.freeze
    monkeypatch.setattr(stats, "freeze", lambda *args: frozen.append(1) or freeze(*args))
    project = two_pages(tmp_path)
    first = build(make_app, project)
    assert first.warnings == "" and frozen == [1]
    env = first.app.env
    folder = Path(first.app.doctreedir) / stats.UNITS_DIR

    def files() -> set[str]:
        return {str(path.relative_to(folder)) for path in folder.rglob("*.units")}

    assert stats.units_of(env) == {}  # nothing left for the pickle
    expected = {f"{docname}.{mark.hex()}.units" for docname, mark in stats.versions_of(env).items()}
    assert files() == expected and {"chips", "energy"} <= set(stats.summaries_of(env))
    write(project, "en/chips.md", CHIPS + ["", "Chips and memory, memory and chips."])
    edited = build(make_app, project)
    assert edited.warnings == "" and frozen == [1]  # patched, not made whole
    marks = stats.versions_of(edited.app.env)
    assert files() == {f"{docname}.{mark.hex()}.units" for docname, mark in marks.items()}
    assert files() != expected  # chips' old reading is gone, its new one there
    shutil.rmtree(folder)
    again = build(make_app, project)
    assert again.warnings == ""
    status = strip_escape_sequences(again.app.status.getvalue())
    assert "0 added, 3 changed, 0 removed" in status, status
    clean = clean_build(make_app, project, tmp_path, "clean")
    assert ((again.outdir / "searchstats.js").read_text(encoding="utf-8")
            == (clean / "searchstats.js").read_text(encoding="utf-8"))


# -- the parsed glossary ---------------------------------------------------------------

def test_the_glossary_is_parsed_again_only_where_a_file_changed(tmp_path: Path,
                                                               monkeypatch) -> None:
    """cakedoc.glossary.entries keeps parsed entries by the digest of their
    bytes, across builds through a file: an unchanged entry is not parsed
    again, an edited one is, even when its size and modification time stay
    the same."""
    from cakedoc.glossary import entries as module
    from conftest import ROOT

    glossary = tmp_path / "glossary"
    shutil.copytree(ROOT / "glossary", glossary)
    kept = tmp_path / "parsed.pickle"
    first = module.load(glossary)
    module.save_parsed(kept, "v1", glossary)
    module._PARSED.clear()  # a new process
    parsed: list[str] = []
    read_entry = module.read_entry
    monkeypatch.setattr(module, "read_entry",
                        lambda path, raw=None: parsed.append(path.name) or read_entry(path, raw))
    module.restore_parsed(kept, "v1")
    assert module.load(glossary) == first and parsed == []
    hbm = glossary / "hbm.md"
    text, stat = hbm.read_text(encoding="utf-8"), hbm.stat()
    edited = text.replace("en: high-bandwidth memory", "en: high-bandwidth memorx")
    assert edited != text and len(edited) == len(text)
    hbm.write_text(edited, encoding="utf-8")
    os.utime(hbm, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert module.load(glossary)["hbm"].en == "high-bandwidth memorx"
    assert parsed == ["hbm.md"]
    module._PARSED.clear()  # entries parsed by other code are not taken
    module.restore_parsed(kept, "v2")
    module.load(glossary)
    assert len(parsed) == len(first) + 1


def test_the_concept_finder_is_kept_for_the_entries_it_was_made_from(make_app, tmp_path: Path,
                                                                    monkeypatch) -> None:
    """cakedoc.search.stats keeps the finder of the terms' renderings beside
    the environment: a page edit takes it from there, an entry whose names
    changed makes it again, and either way it finds what a fresh one finds."""
    from cakedoc.search import stats
    from cakedoc.search.units import ConceptFinder
    from test_glossary_split import split_site

    project, overrides, _ = split_site(tmp_path, 3)
    made: list[int] = []
    monkeypatch.setattr(stats, "ConceptFinder",
                        lambda entries: made.append(1) or ConceptFinder(entries))
    chips = project / "en" / "chips.md"

    def edit_and_build() -> list[tuple[str, str]]:
        """The names the build's finder holds, checked against a fresh finder's."""
        made.clear()
        chips.write_text(chips.read_text(encoding="utf-8") + "\nAn edit.\n", encoding="utf-8")
        built = build(make_app, project, **overrides)
        assert built.statuscode == 0, built.warnings
        _, finder, entries = stats.tools(built.app)
        fresh = ConceptFinder(entries.values())
        assert (finder.names, finder.keys, finder.by_start) == (fresh.names, fresh.keys,
                                                                 fresh.by_start)
        return finder.names

    first = edit_and_build()
    assert made == [1] and ("term 001", "t001") in first
    assert edit_and_build() == first and made == []  # unpickled, not made
    entry = tmp_path / "glossary" / "t001.md"
    entry.write_text(entry.read_text(encoding="utf-8").replace("  en: []", "  en: [tee one]"),
                     encoding="utf-8")
    renamed = edit_and_build()
    assert made == [1] and ("tee one", "t001") in renamed and renamed != first


# -- the environment saved after writing (cakedoc.build.envsave) ---------------------------

def test_the_environment_is_saved_again_only_when_the_writing_changed_it(
        make_app, tmp_path: Path) -> None:
    """A no-op rebuild leaves the pickled environment alone; after editing a
    page without index entries (so nothing is saved after writing), a later
    rebuild still publishes the glossary terms' index entries: the
    searchindex.js a clean build writes."""
    from cakedoc.build import envsave
    from test_glossary_split import split_site

    project, overrides, _ = split_site(tmp_path, 3)
    # The index entries are Sphinx's searchindex.js's, written only when asked.
    overrides["cake_sphinx_search_index"] = True
    first = build(make_app, project, **overrides)
    assert first.statuscode == 0 and envsave.SAVING in first.app.status.getvalue()
    pickled = project.parent / "_build-en" / "doctrees" / "environment.pickle"
    saved = pickled.stat().st_mtime_ns
    assert build(make_app, project, **overrides).statuscode == 0
    assert pickled.stat().st_mtime_ns == saved
    chips = project / "en" / "chips.md"
    for edit in ("A first edit.", "A second edit."):
        chips.write_text(chips.read_text(encoding="utf-8") + f"\n{edit}\n", encoding="utf-8")
        rebuilt = build(make_app, project, **overrides)
        assert rebuilt.statuscode == 0, rebuilt.warnings
        assert envsave.SAVING not in rebuilt.app.status.getvalue()
    index = (rebuilt.outdir / "searchindex.js").read_text(encoding="utf-8")
    assert "term 000" in index
    fresh = tmp_path / "clean"
    shutil.copytree(project, fresh / "docs")
    clean = build(make_app, fresh / "docs", **overrides)
    assert clean.statuscode == 0, clean.warnings
    assert (clean.outdir / "searchindex.js").read_text(encoding="utf-8") == index


def test_the_collector_leaves_the_loaded_environment_alone(make_app, tmp_path: Path,
                                                          monkeypatch) -> None:
    """cakedoc.build.heap: while a build runs, the collector's first
    threshold is raised; in a process's first build, what was alive once
    the environment was loaded (the environment itself) is frozen, and
    stays so after it.  A second build gives that back and freezes nothing."""
    import gc

    from cakedoc.build import heap

    def collected(obj: object) -> bool:
        """Is *obj* in a generation the collector walks (not frozen)?"""
        return any(found is obj for found in gc.get_objects())

    project = two_pages(tmp_path)
    assert build(make_app, project).warnings == ""
    before = gc.get_threshold()
    assert before[0] != heap.THRESHOLD
    write(project, "en/chips.md", CHIPS + ["", "An edit."])

    def loaded() -> object:
        app = make_app("html", srcdir=project / "en", builddir=project.parent / "_build-en",
                       confoverrides={"cake_diagram_cache": str(project.parent / "diagram-cache")})
        assert "chips" in app.env.all_docs  # the environment of the last build, loaded
        return app

    gc.unfreeze()
    monkeypatch.setattr(heap, "_frozen_once", False)  # as in a process of its own
    app = loaded()
    assert not collected(app.env.titles) and not collected(app.env.all_docs)
    during: list[int] = []
    app.connect("doctree-read", lambda app, doctree: during.append(gc.get_threshold()[0]))
    in_own_thread(app.build)
    app.cleanup()
    assert app.statuscode == 0 and strip_escape_sequences(app.warning.getvalue()) == ""
    assert during == [heap.THRESHOLD]  # chips, re-read
    assert gc.get_threshold() == before and not collected(app.env.titles)
    # A second build gives back what is frozen, here with a cycle nothing
    # else refers to, and freezes nothing.
    cycle = Cycle()
    cycle.itself = cycle
    gone = weakref.ref(cycle)
    gc.freeze()
    del cycle
    gc.collect()
    assert gone() is not None  # frozen: no collection reaches it
    again = loaded()
    assert collected(app.env.titles) and collected(again.env.titles)
    assert gc.get_threshold()[0] == heap.THRESHOLD
    again.cleanup()
    gc.set_threshold(*before)  # it never builds, so nothing else puts it back
    gc.collect()
    assert gone() is None


class Cycle:
    itself: "Cycle"


# -- what every written page holds (cakedoc.build.written) ---------------------------------

PYTHON = ["", "```python", "def chips(power: int) -> str:", '    return f"{power} W"', "```"]
SHELL = ["", "```console", "$ make html", "html: the site is in _build/html/", "```"]


def test_pygments_css_follows_the_code_on_rewritten_pages(make_app, tmp_path: Path) -> None:
    """The token classes of the pages not written again come from the last
    build; those of a rewritten page from its new text: pygments.css is
    the one a clean build writes, as the code comes and goes."""
    project = two_pages(tmp_path)
    write(project, "en/energy.md", ENERGY + SHELL)
    write(project, "en/chips.md", CHIPS + PYTHON)
    first = build(make_app, project)
    assert first.warnings == ""
    css = first.outdir / "_static" / "pygments.css"
    with_python = css.read_text(encoding="utf-8")
    for lines in (CHIPS, CHIPS + PYTHON):
        write(project, "en/chips.md", lines)
        assert build(make_app, project).warnings == ""
        clean = clean_build(make_app, project, tmp_path, f"clean-{len(lines)}")
        assert (css.read_text(encoding="utf-8")
                == (clean / "_static" / "pygments.css").read_text(encoding="utf-8"))
        assert (css.read_text(encoding="utf-8") == with_python) == (lines != CHIPS)


def test_llms_files_after_an_edit_are_a_clean_builds(make_app, tmp_path: Path,
                                                     monkeypatch) -> None:
    """cakedoc.site.llms renders again only the pages the build read, the
    others' text coming from the last build's."""
    from cakedoc.site import llms

    project = two_pages(tmp_path)
    assert build(make_app, project).warnings == ""
    write(project, "en/chips.md", CHIPS + ["", "Chips and the llms files."])
    rendered: list[str] = []
    page_text = llms.page_text
    monkeypatch.setattr(llms, "page_text",
                        lambda app, docname: rendered.append(docname) or page_text(app, docname))
    rebuilt = build(make_app, project)
    assert rebuilt.warnings == ""
    assert rendered == ["chips"]
    monkeypatch.undo()
    clean = clean_build(make_app, project, tmp_path, "clean")
    for name in ("llms.txt", "llms-full.txt"):
        assert ((rebuilt.outdir / name).read_text(encoding="utf-8")
                == (clean / name).read_text(encoding="utf-8"))
    assert "Chips and the llms files." in (clean / "llms-full.txt").read_text(encoding="utf-8")
    # The kept texts are places in the last llms-full.txt: a file changed
    # since is not the one they describe, so every page is rendered again.
    with (rebuilt.outdir / "llms-full.txt").open("a", encoding="utf-8") as full:
        full.write("edited by hand")
    write(project, "en/chips.md", CHIPS)
    monkeypatch.setattr(llms, "page_text",
                        lambda app, docname: rendered.append(docname) or page_text(app, docname))
    rendered.clear()
    again = build(make_app, project)
    assert again.warnings == "" and sorted(rendered) == sorted(again.app.env.found_docs)
    monkeypatch.undo()
    clean = clean_build(make_app, project, tmp_path, "clean-again")
    assert ((again.outdir / "llms-full.txt").read_text(encoding="utf-8")
            == (clean / "llms-full.txt").read_text(encoding="utf-8"))


# -- the glossary's list pages (cakedoc.glossary.stubs.MEMBERS) ------------------------------

def test_list_pages_follow_a_renamed_term_and_ignore_an_edited_definition(
        make_app, tmp_path: Path) -> None:
    """The list pages depend on members.txt (ids, layers, names), not on
    every member's file, and a sheet on it and its own entries' files:
    renaming a term rewrites the lists and the sheets (a related term shows
    its name) as a clean build would; editing a definition re-reads its
    sheet only."""
    from test_glossary_split import split_site

    project, overrides, _ = split_site(tmp_path, 5)
    assert build(make_app, project, **overrides).statuscode == 0
    entry = tmp_path / "glossary" / "t003.md"
    entry.write_text(entry.read_text(encoding="utf-8").replace("en: term 003", "en: renamed 003"),
                     encoding="utf-8")
    renamed = build(make_app, project, **overrides)
    assert renamed.statuscode == 0, renamed.warnings
    fresh = tmp_path / "clean"
    shutil.copytree(project, fresh / "docs")
    shutil.copytree(tmp_path / "glossary", fresh / "glossary")
    clean = build(make_app, fresh / "docs", **{**overrides,
                                              "cake_glossary_dir": str(fresh / "glossary")})
    assert clean.statuscode == 0, clean.warnings
    lists = sorted(path.relative_to(clean.outdir) for path in
                   [*(clean.outdir / "glossary" / "lists").glob("*.html"),
                    *(clean.outdir / "glossary" / "terms").glob("*.html")])
    assert len(lists) > 3
    for page in lists:
        assert (renamed.outdir / page).read_text(encoding="utf-8") == (
            clean.outdir / page).read_text(encoding="utf-8"), page
    assert any("Renamed 003" in (clean.outdir / page).read_text(encoding="utf-8")
               for page in lists)
    entry.write_text(entry.read_text(encoding="utf-8").replace(
        "defined in one sentence", "defined in one new sentence"), encoding="utf-8")
    edited = build(make_app, project, **overrides)
    assert edited.statuscode == 0, edited.warnings
    status = strip_escape_sequences(edited.app.status.getvalue())
    # Its sheet (energy: t000, t003); not t002's (models), which shows its
    # name only, from members.txt.
    assert "0 added, 1 changed, 0 removed" in status, status
    assert "glossary/terms/energy" in status
