"""The glossary split into pages (cakedoc.glossary.stubs, .pages, .redirects), on small sites.

A synthetic glossary in a temporary folder and tests/roots/test-pages (the
project's own conf.py): the HTML build puts each layer's entries on sheets
of at most ``cake_glossary_sheet_size``, each entry a section ``#term-<id>``;
``{term}`` links go there, each entry's own address ``glossary/<id>.html``
sends on to its sheet, the glossary page sends old
``glossary.html#term-<id>`` addresses on and links lists of at most
``cake_glossary_page_size`` terms; the LaTeX and doctest builds keep the
one-chapter glossary and never see the generated pages; no glossary page
grows with the number of terms but by one link per list or sheet page;
and the number of Sphinx documents grows by one per sheet, not per entry.
The whole site, in Chromium, is tests/test_glossary.py.
"""

from __future__ import annotations

import re
from pathlib import Path

from cakedoc.glossary import stubs
from smallsite import build, copy_root, write
from sitescan import parse

LAYERS = ("energy", "chips", "models")


def write_entries(directory: Path, count: int, related: bool = True) -> list[str]:
    """*count* entries t000, t001, … spread over three layers, each with a
    doctest, relating to the next one; their ids."""
    directory.mkdir(parents=True, exist_ok=True)
    ids = [f"t{number:03d}" for number in range(count)]
    for number, entry_id in enumerate(ids):
        layer = LAYERS[number % len(LAYERS)]
        nearby = [ids[(number + 1) % count]] if related and count > 1 else []
        (directory / f"{entry_id}.md").write_text("\n".join([
            "---", f"id: {entry_id}", f"zh: 术语{number:03d}", f"en: term {number:03d}",
            "aliases:", "  zh: []", "  en: []", f"layers: [{layer}]", f"related: {nearby}", "---",
            "", "## zh", "", f"术语{number:03d}是一个用来测试的词条，它的定义有一句话。",
            "", "## en", "", f"Term {number:03d} is an entry made for a test, defined in one sentence.",
            "", "## example", "", "```python", f">>> {number} + 1", f"{number + 1}", "", "```",
            "", "## sources", "", "- {footcite}`essay`", ""]), encoding="utf-8")
    return ids


def split_site(tmp_path: Path, count: int, page_size: int = 2,
               sheet_size: int = 2) -> tuple[Path, dict, list[str]]:
    """The small site with a glossary page in both languages and a page
    linking the first term; (project, config overrides, entry ids)."""
    ids = write_entries(tmp_path / "glossary", count)
    project = copy_root(tmp_path)
    write(project, "en/glossary.md", ["# Glossary", "", "Terms.", "", "```{cake-glossary}", "```"])
    write(project, "zh/glossary.md", ["# 术语表", "", "术语。", "", "```{cake-glossary}", "```"])
    write(project, "en/chips.md", ["# Chips", "", "Chips need {term}`term 000 <t000>`.",
                                   "", "```{toctree}", ":hidden:", "", "glossary", "```"])
    overrides = {"cake_glossary_dir": str(tmp_path / "glossary"),
                 "cake_glossary_page_size": page_size, "cake_glossary_sheet_size": sheet_size}
    return project, overrides, ids


def html(path: Path):
    return parse(path.read_text(encoding="utf-8"))


def test_each_entry_is_on_its_layers_sheet_where_term_links_and_old_addresses_reach(
        make_app, tmp_path: Path) -> None:
    # Five entries: t000 and t003 energy, t001 and t004 chips, t002 models;
    # two a sheet at most.
    project, overrides, ids = split_site(tmp_path, 7)
    built = build(make_app, project, **overrides)
    assert built.statuscode == 0, built.warnings
    sheets = {"energy": ["t000", "t003"], "energy-2": ["t006"], "chips": ["t001", "t004"],
              "models": ["t002", "t005"]}
    terms = built.outdir / "glossary" / "terms"
    assert sorted(path.name for path in terms.glob("*.html")) == sorted(
        f"{name}.html" for name in sheets)
    for name, members in sheets.items():
        page = html(terms / f"{name}.html")
        found = [section["id"] for section in page.select("section.cake-glossary-entry")]
        assert found == [f"term-{entry_id}" for entry_id in members], name
        for entry_id in members:  # each entry's heading, under the sheet's title
            assert page.find(id=f"term-{entry_id}").find("h2") is not None
        contents = page.select("p.cake-glossary-contents a")
        assert [a["href"] for a in contents] == [f"#term-{entry_id}" for entry_id in members]
    # The sheet's title and its pager to the layer's other sheet.
    energy = html(terms / "energy.html")
    assert energy.find("h1").get_text().rstrip("¶") == "Glossary: Energy (1/2)"
    assert [a["href"] for a in energy.select("p.cake-glossary-pager a")] == [
        "../../glossary.html", "energy-2.html"]
    # {term} resolves to the entry on its sheet.
    link = html(built.outdir / "chips.html").select_one("a:has(> span.std-term)")
    assert link["href"] == "glossary/terms/energy.html#term-t000"
    # Related terms link sheet to sheet (t000 relates to t001, a chips term).
    related = energy.select_one('a[href$="#term-t001"]')
    assert related["href"] == "chips.html#term-t001"
    # Each entry's own address sends on to its sheet, with or without scripts.
    for entry_id in ids:
        address = (built.outdir / "glossary" / f"{entry_id}.html").read_text(encoding="utf-8")
        sheet = next(name for name, members in sheets.items() if entry_id in members)
        target = f"terms/{sheet}.html#term-{entry_id}"
        assert f'content="0; url={target}"' in address
        assert f'location.replace("{target}")' in address
    # The glossary page: the script for old addresses, and the lists.
    hub = (built.outdir / "glossary.html").read_text(encoding="utf-8")
    assert 'location.replace("glossary/"+m[1]+".html#term-"+m[1])' in hub
    assert 'id="term-' not in hub  # the entries are on their sheets now
    assert re.findall(r'href="(glossary/lists/[^"]+)"', hub) == [
        "glossary/lists/all.html", "glossary/lists/all-2.html", "glossary/lists/all-3.html",
        "glossary/lists/all-4.html", "glossary/lists/energy.html", "glossary/lists/energy-2.html",
        "glossary/lists/chips.html", "glossary/lists/models.html"]
    # Two terms a list page at most (cake_glossary_page_size = 2), in order.
    lists = built.outdir / "glossary" / "lists"
    on = lambda name: [a["href"] for a in html(lists / name).select("ul.cake-glossary-list a")]
    assert on("all.html") == ["../terms/energy.html#term-t000", "../terms/chips.html#term-t001"]
    assert on("all-4.html") == ["../terms/energy-2.html#term-t006"]
    # Lists are navigation: their titles and words are not in the search index.
    stats = (built.outdir / "searchstats.js").read_text(encoding="utf-8")
    assert "glossary/lists/" not in stats
    # The search finds each entry, on its sheet.
    assert all(f'"glossary/terms/{name}"' in stats for name in sheets)


def test_the_generated_pages_follow_the_entries(make_app, tmp_path: Path) -> None:
    """A removed entry leaves its sheet and its address goes, so does a
    sheet left empty; a build with nothing changed reads nothing."""
    project, overrides, ids = split_site(tmp_path, 3, sheet_size=1)
    assert build(make_app, project, **overrides).statuscode == 0
    again = build(make_app, project, **overrides)
    assert "0 added, 0 changed, 0 removed" in again.app.status.getvalue()
    (tmp_path / "glossary" / "t002.md").unlink()
    entry = tmp_path / "glossary" / "t001.md"
    entry.write_text(entry.read_text(encoding="utf-8").replace("related: ['t002']", "related: []"),
                     encoding="utf-8")
    built = build(make_app, project, **overrides)
    assert built.statuscode == 0, built.warnings
    assert not (project / "en" / "glossary" / "terms" / "models.md").exists()
    assert not (built.outdir / "glossary" / "terms" / "models.html").exists()
    assert not (built.outdir / "glossary" / "t002.html").exists()
    assert (built.outdir / "glossary" / "t001.html").is_file()
    assert not (project / "en" / "glossary" / "lists" / "all-2.md").exists()


def test_a_site_without_a_glossary_page_gets_no_entry_pages(make_app, tmp_path: Path) -> None:
    write_entries(tmp_path / "glossary", 3)
    project = copy_root(tmp_path)
    built = build(make_app, project, cake_glossary_dir=str(tmp_path / "glossary"))
    assert built.statuscode == 0, built.warnings
    assert not (project / "en" / stubs.FOLDER).exists()
    assert not (built.outdir / stubs.FOLDER).exists()  # no addresses sent nowhere


def test_latex_keeps_one_chapter_and_ignores_the_generated_pages(make_app, tmp_path: Path) -> None:
    """After an HTML build has written the stubs, the PDF's build leaves
    them out (no duplicate terms under -W) and links the chapter's terms."""
    project, overrides, ids = split_site(tmp_path, 3)
    assert build(make_app, project, **overrides).statuscode == 0
    assert (project / "en" / "glossary" / "terms" / "energy.md").is_file()
    built = build(make_app, project, builder="latex", **overrides)
    assert built.statuscode == 0, built.warnings
    assert not any(stubs.is_generated(docname) for docname in built.app.env.found_docs)
    tex = next(built.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert r"\label{\detokenize{glossary:term-t000}}" in tex
    assert r"\hyperref[\detokenize{glossary:term-t000}]" in tex


def test_every_example_runs_once_in_the_doctest_build(make_app, tmp_path: Path) -> None:
    project, overrides, ids = split_site(tmp_path, 3)
    assert build(make_app, project, **overrides).statuscode == 0
    built = build(make_app, project, builder="doctest", **overrides)
    assert built.statuscode == 0, built.warnings
    report = (built.outdir / "output.txt").read_text(encoding="utf-8")
    # One test an entry (each example is one >>> line): three, not six.
    assert re.search(r"^\s+3 tests\b", report, re.M), report


def glossary_pages(outdir: Path) -> dict[str, int]:
    """Every glossary page of a build and its HTML's size in bytes."""
    pages = {"glossary.html": (outdir / "glossary.html").stat().st_size}
    for path in (outdir / stubs.FOLDER).rglob("*.html"):
        pages[path.relative_to(outdir).as_posix()] = path.stat().st_size
    return pages


def test_no_glossary_page_grows_with_the_number_of_terms(make_app, tmp_path: Path) -> None:
    """The scaling claim, per page: at 12 and at 96 terms (lists of 8,
    sheets of 4), no sheet holds more than 4 entries and the first weighs
    the same but for its pager, no list page holds more than 8 terms nor
    weighs more, an entry's address weighs the same, and the glossary page
    grows only by its links to list pages.  And per build: the documents
    grow by one per sheet or list page, a quarter of the entries, not one
    per entry.  bench/README.md has the same at 1,600 terms, measured."""
    sizes, hubs, list_pages, sheet_pages, documents = {}, {}, {}, {}, {}
    for count in (12, 96):
        folder = tmp_path / str(count)
        project, overrides, _ids = split_site(folder, count, page_size=8, sheet_size=4)
        built = build(make_app, project, **overrides)
        assert built.statuscode == 0, built.warnings
        sizes[count] = glossary_pages(built.outdir)
        documents[count] = len(built.app.env.found_docs)
        hub = html(built.outdir / "glossary.html")
        hubs[count] = len(hub.select("ul.cake-glossary-lists a"))
        list_pages[count] = sorted(page for page in sizes[count] if "/lists/" in page)
        sheet_pages[count] = sorted(page for page in sizes[count] if "/terms/" in page)
        for page in list_pages[count]:
            items = html(built.outdir / page).select("ul.cake-glossary-list > li")
            assert 1 <= len(items) <= 8, (page, len(items))
        for page in sheet_pages[count]:
            entries = html(built.outdir / page).select("section.cake-glossary-entry")
            assert 1 <= len(entries) <= 4, (page, len(entries))
    small, large = sizes[12], sizes[96]
    assert small["glossary/t000.html"] == large["glossary/t000.html"]
    # 96 / 4 = 24 sheets, 3 at 12 terms; 12 + 4 × 3 list pages, 2 + 3.
    assert (len(sheet_pages[12]), len(sheet_pages[96])) == (3, 24)
    assert documents[96] - documents[12] == (24 - 3) + (24 - 5)
    # The first energy sheet holds t000, t003, t006, t009 at both sizes; at
    # 96 its title says 1/8 and its pager links the other seven sheets.
    grown = large["glossary/terms/energy.html"] - small["glossary/terms/energy.html"]
    assert 0 < grown <= 80 * 7, grown
    # One link per list page: 96 / 8 = 12 for all terms, 32 / 8 = 4 per layer.
    assert (hubs[12], hubs[96]) == (len(list_pages[12]), len(list_pages[96])) == (5, 24)
    more_pages = hubs[96] - hubs[12]
    # A list page: at most 8 terms, and its pager's link to each page of its list.
    grown = max(large[p] for p in list_pages[96]) - max(small[p] for p in list_pages[12])
    assert grown <= 80 * more_pages, grown
    grown = large["glossary.html"] - small["glossary.html"]
    assert 0 < grown <= 120 * more_pages, grown


def test_the_addresses_are_written_again_only_when_an_entry_moves(make_app, tmp_path: Path,
                                                                  monkeypatch) -> None:
    """A build with no entry added, moved or renamed renders no address (its
    stamp, cakedoc.glossary.redirects); a renamed entry's title and a
    deleted address are put right."""
    from cakedoc.glossary import redirects

    rendered = []
    render = redirects.redirect_pages
    monkeypatch.setattr(redirects, "redirect_pages",
                        lambda app, entries: rendered.append(1) or render(app, entries))
    project, overrides, ids = split_site(tmp_path, 3)
    built = build(make_app, project, **overrides)
    assert built.statuscode == 0, built.warnings
    addresses = {entry_id: built.outdir / "glossary" / f"{entry_id}.html" for entry_id in ids}
    times = {entry_id: path.stat().st_mtime_ns for entry_id, path in addresses.items()}
    page = project / "en" / "chips.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    assert build(make_app, project, **overrides).statuscode == 0
    assert {entry_id: path.stat().st_mtime_ns for entry_id, path in addresses.items()} == times
    assert len(rendered) == 1  # the first build only
    addresses["t001"].unlink()
    entry = tmp_path / "glossary" / "t002.md"
    entry.write_text(entry.read_text(encoding="utf-8").replace("en: term 002", "en: renamed 002"),
                     encoding="utf-8")
    assert build(make_app, project, **overrides).statuscode == 0
    assert "url=terms/chips.html#term-t001" in addresses["t001"].read_text(encoding="utf-8")
    assert "<title>Renamed 002</title>" in addresses["t002"].read_text(encoding="utf-8")
    assert addresses["t000"].stat().st_mtime_ns == times["t000"]
    assert len(rendered) == 2
