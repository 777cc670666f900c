"""The registry of sources (cakedoc.sources): read, cited, listed, checked.

Small sites on tests/roots/test-sources (the project's conf.py with a
registry of three entries: alpha, reached via the report beta, and gamma);
each fault — a key missing from the registry, an entry no page cites, a
malformed entry — fails the build at its file and line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from cakedoc.glossary.entries import GlossaryError, load as load_glossary
from cakedoc.sources import registry
from conftest import ROOT
from smallsite import build, copy_root, line_of, write

GOOD = {"author": '"A"', "title": '"T"', "url": "https://a.example/", "as_of": '"2024"',
        "confidence": "primary", "layer": "chips", "supports": '"x"'}


def entry(directory: Path, key: str, **fields: str | None) -> Path:
    """Write sources/<key>.yaml from GOOD with *fields* changed (None: left out)."""
    values = {**GOOD, **fields}
    path = directory / f"{key}.yaml"
    path.write_text("".join(f"{name}: {value}\n" for name, value in values.items()
                            if value is not None), encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_root(tmp_path, "sources")


def soup(built, page: str) -> BeautifulSoup:
    return BeautifulSoup(built.page(page), "html.parser")


# -- the registry alone -------------------------------------------------------------

def test_the_guides_registry_loads_and_every_via_is_an_entry() -> None:
    sources = registry.load(ROOT / "sources")
    assert len(sources) >= 50
    reports = {key for source in sources.values() for key in source.via}
    assert reports <= set(sources)
    # The reports the issue found missing from the sources page are entries.
    assert {"pcper-hbm2", "tweaktown-hbm4", "aiwire-hbm4", "techradar-nvl72"} <= set(sources)


@pytest.mark.parametrize("fields, line, says", [
    ({"confidence": "H"}, 5, "confidence: one of primary, secondary, estimate"),
    ({"layer": "gpus"}, 6, "layer: one of essay"),
    ({"as_of": '"March 2025"'}, 4, "as_of: a date"),
    ({"supports": None}, 1, "supports is required"),
    ({"url": None}, 1, "no url: name the publisher"),
    ({"url": "www.example.org"}, 3, "url: an http(s) address"),
    ({"via": "nowhere"}, 8, "via: 'nowhere' is no other entry"),
    ({"colour": "blue"}, 8, "unknown field 'colour'"),
])
def test_a_malformed_entry_is_reported_at_its_line(tmp_path: Path, fields: dict, line: int,
                                                     says: str) -> None:
    path = entry(tmp_path, "bad", **fields)
    with pytest.raises(registry.RegistryError) as raised:
        registry.load(tmp_path)
    assert str(raised.value).startswith(f"{path}:{line}: ") and says in str(raised.value)


def test_a_well_formed_entry_loads(tmp_path: Path) -> None:
    """The negative control of the cases above."""
    entry(tmp_path, "good", supports="{zh: 甲, en: a}")
    source = registry.load(tmp_path)["good"]
    assert (source.supports("zh"), source.supports("en"), source.confidence) == ("甲", "a", "primary")


# -- footnotes, the list and the legend -----------------------------------------------

def test_citations_become_numbered_footnotes_from_the_registry(make_app, project: Path) -> None:
    built = build(make_app, project)
    assert built.statuscode == 0, built.warnings
    page = soup(built, "chips")
    notes = page.select("aside.footnote")
    # Three citations of alpha, one of gamma: two footnotes, numbered by first use.
    assert len(notes) == 2
    first, second = (re.sub(r"\s+", " ", note.get_text(" ")) for note in notes)
    assert "Alpha Corp" in first and "The H100 has 80 GB of memory (as of 2022)" in first
    assert "Via Beta News" in first and "Secondary report." in first
    assert "Gamma Agency" in second and "Our estimate." in second and "An estimate." in second
    assert page.select_one("aside.footnote a[href='https://beta.example/alpha']") is not None
    marks = [a.get_text() for a in page.select("a.footnote-reference")]
    assert marks == ["[1]", "[1]", "[2]", "[1]"]


def test_the_chinese_site_says_the_confidence_in_chinese(make_app, project: Path) -> None:
    built = build(make_app, project, "zh")
    assert built.statuscode == 0, built.warnings
    notes = [note.get_text(" ") for note in soup(built, "chips").select("aside.footnote")]
    assert "经 " in notes[0] and "二手转述" in notes[0] and "（截至 2022）" in notes[0]
    assert "推算" in notes[1]
    legend = soup(built, "sources").select_one("dl.cake-source-legend").get_text(" ")
    assert all(word in legend for word in ("一手资料", "二手转述", "推算"))


def test_the_sources_page_lists_exactly_the_registry(make_app, project: Path) -> None:
    built = build(make_app, project)
    rows = soup(built, "sources").select("table.cake-sources tbody tr")
    assert [row.td.get_text(" ").split(",")[0] for row in rows] == \
        ["Alpha Corp", "Beta News", "Gamma Agency"]
    assert [row.select("td")[-1].get_text() for row in rows] == \
        ["secondary report", "secondary report", "our estimate"]


# -- the build fails at file:line --------------------------------------------------------

def test_a_key_missing_from_the_registry_fails_at_its_line(make_app, project: Path) -> None:
    lines = ["# Chips", "", "A figure{footcite}`alpha`.", "", "Another{footcite}`gamma,no-such-key`."]
    write(project, "en/chips.md", lines)
    built = build(make_app, project)
    assert built.statuscode != 0
    assert f"{project}/en/chips.md:{line_of(lines, 'Another')}: WARNING: sources: 'no-such-key' " \
           "is no key of the registry" in built.warnings


def test_an_entry_no_page_cites_fails_at_its_file(make_app, project: Path) -> None:
    path = entry(project / "sources", "delta")
    built = build(make_app, project)
    assert built.statuscode != 0
    assert f"{path}:1: WARNING: sources: no page cites 'delta'" in built.warnings
    # beta is cited by no page either, but alpha was reached through it.
    assert "'beta'" not in built.warnings


def test_an_entry_cited_only_in_a_chart_row_counts(make_app, project: Path) -> None:
    """A chart row's source is a citation too."""
    entry(project / "sources", "delta", supports='"415"')
    lines = (project / "en/chips.md").read_text(encoding="utf-8").splitlines()
    write(project, "en/chips.md", lines + ["", "```{chart} bar", ":caption: Use", ":unit: TWh", "",
                                           "2024 | 415 | {footcite}`delta`", "```"])
    built = build(make_app, project)
    assert built.statuscode == 0, built.warnings
    assert "Gamma" in built.page("chips") and "2024" in built.page("chips")


def test_a_group_no_list_shows_fails_at_the_entry(make_app, project: Path) -> None:
    path = entry(project / "sources", "delta", layer="energy")
    write(project, "en/chips.md", ["# Chips", "", "Cited{footcite}`alpha,gamma,delta`."])
    built = build(make_app, project)
    assert built.statuscode != 0
    assert f"{path}:6: WARNING: sources: 'delta' is in the group 'energy', which no " \
           "{source-list} shows" in built.warnings


def test_a_malformed_registry_fails_the_build_at_the_entry(make_app, project: Path) -> None:
    path = entry(project / "sources", "delta", confidence="H")
    built = build(make_app, project)
    assert f"{path}:5: WARNING: sources: confidence: one of" in built.warnings


# -- the glossary's sources ------------------------------------------------------------

def test_glossary_entries_cite_registry_keys_only() -> None:
    entries = load_glossary(ROOT / "glossary")
    sources = registry.load(ROOT / "sources")
    for entry_ in entries.values():
        keys = [key for key, _ in entry_.source_keys()]
        assert keys and set(keys) <= set(sources), (entry_.id, set(keys) - set(sources))


def test_a_glossary_source_written_by_hand_is_reported(tmp_path: Path) -> None:
    text = (ROOT / "glossary" / "pue.md").read_text(encoding="utf-8")
    bad = text.replace("## sources\n\n", "## sources\n\n- Uptime Institute, 2023 survey.\n")
    (tmp_path / "pue.md").write_text(bad, encoding="utf-8")
    line = bad.splitlines().index("- Uptime Institute, 2023 survey.") + 1
    with pytest.raises(GlossaryError) as raised:
        load_glossary(tmp_path)
    assert raised.value.line == line and "{footcite}`key`" in raised.value.message


# -- the guide as built (make html) ------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_guides_sources_pages_list_exactly_its_registry(site: Path, lang: str) -> None:
    """The sources page (the essay) and its pages by layer (sources/<group>,
    split so that no page outgrows the 200 KB page budget) list each registry
    entry once, all reachable from the sources page."""
    pages = [site / lang / "sources.html", *sorted((site / lang / "sources").glob("*.html"))]
    listed = []
    for path in pages:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        listed += [row["id"].removeprefix("registry-") for row in page.select("tr[id^=registry-]")]
    assert sorted(listed) == sorted(registry.load(ROOT / "sources"))
    assert len(listed) == len(set(listed))
    main = BeautifulSoup(pages[0].read_text(encoding="utf-8"), "html.parser")
    linked = {link["href"].split("#")[0] for link in main.select("article a.reference.internal")}
    assert {f"sources/{path.name}" for path in pages[1:]} <= linked


def test_an_edited_registry_entry_rebuilds_the_pages_that_show_it(make_app, project: Path) -> None:
    assert build(make_app, project).statuscode == 0
    path = project / "sources" / "gamma.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('en: "about 415 TWh"',
                                                             'en: "about 416 TWh"'), encoding="utf-8")
    built = build(make_app, project)  # the same folders: an incremental build
    assert built.statuscode == 0, built.warnings
    for page in ("chips", "sources"):
        assert "About 416 TWh" in built.page(page) or "about 416 TWh" in built.page(page), page


SOURCE_LIKE = re.compile(r"https?://|<https?|可信度|[Cc]onfidence|arXiv:|经 .* 转述|as reported by")


def hand_written_sources(path: Path) -> list[str]:
    """Footnote definitions of *path* that describe a source (a URL, a
    confidence, "as reported by"): those belong in the registry."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [f"{path}:{number}: {line[:60]}" for number, line in enumerate(lines, 1)
            if re.match(r"^\[\^[^\]]+\]:", line) and SOURCE_LIKE.search(line)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_page_describes_a_source_in_a_footnote_of_its_own(lang: str) -> None:
    found = [hit for path in sorted((ROOT / "docs" / lang).glob("*.md"))
             for hit in hand_written_sources(path)]
    assert not found, "cite the registry instead ({footcite}`key`):\n" + "\n".join(found)


def test_a_hand_written_source_footnote_is_found(tmp_path: Path) -> None:
    page = tmp_path / "x.md"
    page.write_text("# X\n\nA[^a] and b[^b].\n\n[^a]: A note, no source.\n"
                    "[^b]: IEA, *Energy and AI*, 2025. <https://www.iea.org/>\n", encoding="utf-8")
    assert [hit.split(": ", 1)[0] for hit in hand_written_sources(page)] == [f"{page}:6"]
