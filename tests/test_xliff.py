"""make xliff / make xliff-import: page pairs out to CAT tools and back.

On a copy of the project's pages, sign-offs and glossary in a temporary
folder (no test edits docs/): the round trip without edits, one edited unit,
damaged tags, the XLIFF 1.2 schema and translate-toolkit's readers.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT
from cakedoc.review.check import review
from cakedoc.review.pages import Project
from cakedoc.xliff import schema
from cakedoc.xliff.export import NS, export
from cakedoc.xliff.merge import ImportError_, merge

X = f"{{{NS}}}"


@pytest.fixture()
def project(tmp_path: Path) -> Project:
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copytree(ROOT / "glossary", tmp_path / "glossary")
    return Project.create(tmp_path, "zh")


def snapshot(project: Project) -> dict[str, bytes]:
    return {path.relative_to(project.root).as_posix(): path.read_bytes()
            for path in sorted((project.root / "docs").rglob("*")) if path.is_file()}


def unit(tree: etree._ElementTree, unit_id: str) -> etree._Element:
    found = tree.getroot().findall(f".//{X}trans-unit[@id='{unit_id}']")
    assert len(found) == 1, unit_id
    return found[0]


def test_round_trip_without_edits_is_byte_identical_for_every_page(project: Project) -> None:
    files = [path for path in export(project, project.root / "out") if path.suffix == ".xlf"]
    assert len(files) == len(project.pages("zh")) >= 10
    before = snapshot(project)
    for path in files:
        assert "no target differs" in merge(project, path)
    assert snapshot(project) == before


def test_an_edited_unit_changes_exactly_its_block_and_needs_review_again(project: Project) -> None:
    path = project.root / "out" / "chips.xlf"
    export(project, project.root / "out")
    page = project.root / "docs" / "en" / "chips.md"
    old = page.read_text(encoding="utf-8")
    before = {(f.check, f.page, f.block) for f in review(project).findings}
    assert ("unreviewed", "chips", 3) not in before  # signed off on main

    tree = etree.parse(str(path))
    target = unit(tree, "chips-3").find(f"{X}target")
    assert target.text and target.text.startswith("In the five-layer cake")
    target.text = target.text.replace("In the five-layer cake", "Within the five-layer cake", 1)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    message = merge(project, path)
    assert "blocks 3" in message

    new = page.read_text(encoding="utf-8")
    changed = [line for line in difflib.unified_diff(old.split("\n"), new.split("\n"), n=0,
                                                     lineterm="")
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert len(changed) == 2 and changed[0].startswith("-In the five-layer cake")
    assert changed[1] == changed[0].replace("-In the five-layer", "+Within the five-layer", 1)
    assert changed[1].count("{term}`") == changed[0].count("{term}`") > 0  # markup kept
    after = {(f.check, f.page, f.block) for f in review(project).findings}
    assert after - before == {("unreviewed", "chips", 3)}


@pytest.mark.parametrize("damage", ["drop-ept", "alter-ph", "foreign-id"])
def test_a_unit_whose_tags_were_damaged_is_refused_with_its_id(project: Project,
                                                               damage: str) -> None:
    path = project.root / "out" / "chips.xlf"
    export(project, project.root / "out")
    before = snapshot(project)
    tree = etree.parse(str(path))
    target = unit(tree, "chips-3").find(f"{X}target")
    if damage == "drop-ept":
        ept = target.find(f"{X}ept")
        ept.getparent().remove(ept)  # its tail goes with it; the tag is what counts
    elif damage == "alter-ph":
        heading = unit(tree, "chips-1").find(f"{X}target").find(f"{X}ph")
        heading.text = "### "
    else:
        target.find(f"{X}bpt").set("id", "99")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    with pytest.raises(ImportError_) as refused:
        merge(project, path)
    wanted = "chips-1" if damage == "alter-ph" else "chips-3"
    assert f"{wanted}: refused, its tags were damaged" in str(refused.value)
    assert snapshot(project) == before  # nothing written


def test_the_files_are_valid_xliff_1_2_and_open_in_translate_toolkit(project: Project) -> None:
    from translate.storage import factory

    written = export(project, project.root / "out")
    for path in written:
        if path.suffix != ".xlf":
            continue
        assert schema.problems(path.read_bytes()) == [], path.name
        store = factory.getobject(str(path))
        # translate-toolkit prefixes a unit's id with its file's original and \x04
        ids = [u.getid().split("\x04")[-1] for u in store.units if not u.isheader()]
        page = path.stem.replace("--", "/")  # export.file_name: sources/energy -> sources--energy
        assert ids and all(i.startswith(page + "-") for i in ids), path.name
        assert any(u.istranslated() for u in store.units)
    chips = factory.getobject(str(project.root / "out" / "chips.xlf"))
    first = next(u for u in chips.units if u.getid().endswith("\x04chips-3"))
    assert "五层蛋糕" in str(first.source) and "five-layer cake" in str(first.target)
    tbx = factory.getobject(str(project.root / "out" / "glossary.tbx"))
    names = {u.getid(): str(u.target) for u in tbx.units}
    assert names["hbm"] == "high-bandwidth memory"
    assert len(names) == len(list((ROOT / "glossary").glob("*.md"))) - 1  # not README.md


def test_the_schema_check_rejects_what_xliff_1_2_forbids() -> None:
    bad = (f'<xliff xmlns="{NS}" version="1.2"><file original="x" datatype="plaintext" '
           'source-language="zh-CN"><body><trans-unit id="1"><source>a</source>'
           '<target state="done">b</target></trans-unit></body></file></xliff>').encode()
    assert schema.problems(bad)
    assert schema.problems(bad.replace(b'state="done"', b'state="translated"')) == []
