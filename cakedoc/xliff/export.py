"""Write one XLIFF 1.2 file per page pair, and the glossary as a TBX termbase.

In: a cakedoc.review Project and an output folder.  Out: ``<out>/<page>.xlf``
for every page pair (source language → translation; one ``trans-unit`` per
source block, id ``<page>-<block>``, its codes as ``<ph>`` and ``<bpt>``/``<ept>``
holding the Markdown they stand for, the review state as the target's
``state`` and a note: who signed it off and when, or why it needs review), and
``<out>/glossary.tbx`` (every glossary entry: names and aliases in both
languages, written with translate-toolkit).  Every XLIFF file is checked
against the XLIFF 1.2 schema before it is written.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from cakedoc.glossary.entries import load
from cakedoc.languages import LANGUAGES
from cakedoc.review.pages import Project
from cakedoc.xliff import schema
from cakedoc.xliff.units import Coded, PagePair, Unit, page_pair

NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
CTYPE = {"ph": "x-myst", "bpt": "x-myst"}
HOWTO = ("Translate the text between the tags; keep every tag (each stands for Markdown "
         "markup: a term link, a footnote, a list marker). Bring the file back with "
         "`make xliff-import FILE=...`: each changed target replaces its block in {translation}, "
         "and its sign-off is withdrawn until a reviewer checks it.")


def tag(name: str) -> str:
    return f"{{{NS}}}{name}"


def fill(element: etree._Element, pieces: list[Coded]) -> None:
    """Text and codes into *element*, as mixed content."""
    last = None
    for coded in pieces:
        piece = coded.piece
        if piece.kind == "text":
            if last is None:
                element.text = (element.text or "") + piece.content
            else:
                last.tail = (last.tail or "") + piece.content
            continue
        last = etree.SubElement(element, tag(piece.kind), id=str(coded.id))
        if piece.kind in CTYPE:
            last.set("ctype", CTYPE[piece.kind])
        last.text = piece.content


def trans_unit(unit: Unit, pair: PagePair) -> etree._Element:
    element = etree.Element(tag("trans-unit"), id=unit.id, resname=f"block {unit.block.index}")
    element.set(XML_SPACE, "preserve")
    if not unit.translate:
        element.set("translate", "no")
    if unit.state == "signed-off":
        element.set("approved", "yes")
    fill(etree.SubElement(element, tag("source")), unit.source)
    if unit.target is not None:
        target = etree.SubElement(element, tag("target"), state=unit.state)
        fill(target, unit.target)
    for text in unit.notes:
        note = etree.SubElement(element, tag("note"), **{"from": "cakedoc"})
        note.text = text
    group = etree.SubElement(element, tag("context-group"), purpose="location")
    for kind, value in (("sourcefile", pair.source_path), ("linenumber", str(unit.block.line))):
        context = etree.SubElement(group, tag("context"), **{"context-type": kind})
        context.text = value
    return element


def document(project: Project, pair: PagePair) -> bytes:
    root = etree.Element(tag("xliff"), nsmap={None: NS}, version="1.2")
    file = etree.SubElement(root, tag("file"), original=pair.source_path, datatype="x-myst-markdown",
                            **{"source-language": LANGUAGES[project.source].bcp47,
                               "target-language": LANGUAGES[project.translation].bcp47})
    header = etree.SubElement(file, tag("header"))
    etree.SubElement(header, tag("tool"), **{"tool-id": "cakedoc", "tool-name": "cakedoc.xliff"})
    note = etree.SubElement(header, tag("note"))
    note.text = HOWTO.format(translation=pair.translation_path)
    body = etree.SubElement(file, tag("body"))
    body.text = "\n"
    for unit in pair.units:
        body.append(trans_unit(unit, pair))
        body[-1].tail = "\n"
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"
    found = schema.problems(data)
    if found:
        raise ValueError(f"{pair.page}: the XLIFF is not valid: " + "; ".join(found[:5]))
    return data


def termbase(project: Project) -> bytes:
    from translate.storage.tbx import tbxfile

    source, target = project.source, project.translation
    store = tbxfile(sourcelanguage=LANGUAGES[source].bcp47, targetlanguage=LANGUAGES[target].bcp47)
    for entry_id, entry in sorted(load(project.glossary).items()):
        unit = store.addsourceunit(getattr(entry, source))
        names = {lang: list(dict.fromkeys(
            [getattr(entry, lang)] + ([entry.abbr] if entry.abbr else []) + entry.aliases.get(lang, [])))
            for lang in (source, target)}
        unit.set_source_terms(names[source])
        unit.set_target_terms(names[target])
        unit.setid(entry_id)
        if entry.layers:
            unit.addnote("layers: " + ", ".join(entry.layers))
    return bytes(store)


def output_name(page: str) -> str:
    return page.replace("/", "--") + ".xlf"


def export(project: Project, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    both = project.pages(project.source) & project.pages(project.translation)
    for page in sorted(both):
        path = out / output_name(page)
        path.write_bytes(document(project, page_pair(project, page)))
        written.append(path)
    tbx = out / "glossary.tbx"
    tbx.write_bytes(termbase(project))
    written.append(tbx)
    return written
