"""Bring a translator's XLIFF file back into the translated pages.

In: an XLIFF 1.2 file written by ``make xliff`` (cakedoc.xliff.export) and
edited in a CAT tool.  Out: the page's translation (docs/<translation>/) with
each unit's target in place of its block, and the sign-off record of every
block that changed withdrawn, so ``make review`` lists it until a reviewer
signs it off again.  Every unit is rebuilt from its target, text and codes;
a target equal to the block changes nothing, so a file imported unedited
leaves the page byte for byte as it was.

Refused, with the unit's id, and then nothing is written: a unit the page
no longer has, a source block that changed since the export, a target whose
codes were damaged (one missing, added twice, of another kind, or with its
markup altered), a unit marked translate="no" whose target changed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from cakedoc.review.pages import Project, SettingError
from cakedoc.review.staleness import read, statuses, write
from cakedoc.xliff.export import NS, tag
from cakedoc.xliff.markup import join
from cakedoc.xliff.units import Coded, Unit, block_text, page_pair

CODES = {"ph", "bpt", "ept"}


class ImportError_(SettingError):
    """The file cannot be imported; the message names every unit at fault."""


@dataclass
class Read:
    pieces: list[tuple[str, int, str]]  #: (kind, id, content): kind "text" has id 0


def read_content(element: etree._Element, unit_id: str, problems: list[str]) -> list[tuple[str, int, str]]:
    found = [("text", 0, element.text)] if element.text else []
    for child in element:
        name = etree.QName(child).localname
        if etree.QName(child).namespace != NS or name not in CODES:
            problems.append(f"{unit_id}: <{name}> is not one of the tags the file was given")
        else:
            ident = child.get("id", "")
            if not ident.isdigit():
                problems.append(f"{unit_id}: a <{name}> without its id")
            else:
                content = "".join(child.itertext())
                found.append((name, int(ident), content))
        if child.tail:
            found.append(("text", 0, child.tail))
    return found


def codes(pieces: list[tuple[str, int, str]]) -> Counter:
    return Counter((kind, ident) for kind, ident, _ in pieces if kind != "text")


def as_read(coded: list[Coded]) -> list[tuple[str, int, str]]:
    return [(c.piece.kind, c.id, c.piece.content) for c in coded]


def damaged(unit: Unit, target: list[tuple[str, int, str]]) -> str:
    """Why *target*'s codes cannot stand for the unit's markup ("" if they can)."""
    known: dict[tuple[str, int], set[str]] = {}
    for kind, ident, content in as_read(unit.source) + as_read(unit.target or []):
        if kind != "text":
            known.setdefault((kind, ident), set()).add(content)
    for kind, ident, content in target:
        if kind == "text":
            continue
        if (kind, ident) not in known:
            return f"<{kind} id=\"{ident}\"> is not a tag of this unit"
        if content and content not in known[(kind, ident)]:
            return f"<{kind} id=\"{ident}\"> was altered: {content!r}"
    wanted = [codes(as_read(unit.target))] if unit.target is not None else []
    wanted.append(codes(as_read(unit.source)))
    have = codes(target)
    if have not in wanted:
        missing = (wanted[0] - have) + (have - wanted[0])
        listed = ", ".join(f"<{kind} id=\"{ident}\">" for kind, ident in sorted(missing))
        return f"tags missing or repeated: {listed}"
    opened: set[int] = set()
    for kind, ident, _ in target:
        if kind == "bpt":
            opened.add(ident)
        elif kind == "ept" and ident not in opened:
            return f"<ept id=\"{ident}\"> comes before its <bpt>"
    return ""


def markdown(unit: Unit, target: list[tuple[str, int, str]]) -> str:
    """The block's Markdown from *target*: each code as the translation (or,
    for a code it lacked, the source) wrote it."""
    written: dict[tuple[str, int], str] = {}
    for kind, ident, content in as_read(unit.source) + as_read(unit.target or []):
        written[(kind, ident)] = content
    return "".join(content if kind == "text" else written[(kind, ident)]
                   for kind, ident, content in target)


def page_of(project: Project, original: str) -> str:
    prefix = f"docs/{project.source}/"
    if not original.startswith(prefix) or not original.endswith(".md"):
        raise ImportError_(f"the file is for {original!r}, not a page under {prefix}")
    return original[len(prefix):-3]


def merge(project: Project, path: Path) -> str:
    """Import *path*; returns what changed, for the terminal."""
    try:
        root = etree.parse(str(path), etree.XMLParser(no_network=True, resolve_entities=False)).getroot()
    except (OSError, etree.XMLSyntaxError) as error:
        raise ImportError_(f"{path}: cannot read it as XML: {error}") from None
    file = root.find(tag("file"))
    if root.tag != tag("xliff") or file is None:
        raise ImportError_(f"{path}: not an XLIFF 1.2 file of `make xliff`")
    page = page_of(project, file.get("original", ""))
    pair = page_pair(project, page)
    units = {unit.id: unit for unit in pair.units}
    problems: list[str] = []
    changes: dict[str, str] = {}
    for element in file.iter(tag("trans-unit")):
        unit_id = element.get("id", "")
        unit = units.get(unit_id)
        if unit is None:
            problems.append(f"{unit_id}: {pair.source_path} has no such block now; export again")
            continue
        source = read_content(element.find(tag("source")), unit_id, problems)
        if "".join(c for k, _, c in source if k == "text") != "".join(
                c.piece.content for c in unit.source if c.piece.kind == "text"):
            problems.append(f"{unit_id}: its source block changed since the export; export again")
            continue
        target_element = element.find(tag("target"))
        if target_element is None:
            continue
        target = read_content(target_element, unit_id, problems)
        why = damaged(unit, target)
        if why:
            problems.append(f"{unit_id}: refused, its tags were damaged: {why}")
            continue
        text = markdown(unit, target)
        current = block_text(pair.lines, unit.translation) if unit.translation else None
        if text == current:
            continue
        if unit.translation is None:
            problems.append(f"{unit_id}: {pair.translation_path} has no block for it; "
                            "add one (make review says where), then export again")
        elif not unit.translate:
            problems.append(f"{unit_id}: this block is not for translation (code); "
                            f"edit {pair.translation_path} instead")
        else:
            changes[unit_id] = text
    if problems:
        raise ImportError_(f"{path}: nothing imported:\n  " + "\n  ".join(problems))
    lines = list(pair.lines)
    for unit in sorted((units[i] for i in changes), key=lambda u: -u.translation.line):
        lines[unit.translation.line - 1:unit.translation.end] = changes[unit.id].split("\n")
    target_file = project.root / pair.translation_path
    new_text = "\n".join(lines)
    if new_text != "\n".join(pair.lines):
        target_file.write_text(new_text, encoding="utf-8")
    changed_blocks = {units[i].block.index for i in changes}
    if changed_blocks:
        withdraw(project, page, pair, changed_blocks)
    if not changes:
        return f"xliff-import: {page}: no target differs from {pair.translation_path}"
    listed = ", ".join(str(n) for n in sorted(changed_blocks))
    return (f"xliff-import: {page}: {len(changes)} block(s) written to {pair.translation_path} "
            f"(blocks {listed}); their sign-off is withdrawn: review them, then "
            f"`make review-accept PAGE={page} BLOCK=…`")


def withdraw(project: Project, page: str, pair, blocks: set[int]) -> None:  # noqa: ANN001
    """Drop the sign-off records of *blocks*, so the review lists them again."""
    sidecar = project.sidecar(page)
    records = read(sidecar, project.relative(sidecar))
    if not records:
        return
    found, _ = statuses([unit.block for unit in pair.units], records)
    dropped = {id(found[n].record) for n in blocks if n in found and found[n].record}
    kept = [record for record in records if id(record) not in dropped]
    write(sidecar, kept, page, pair.source_path, pair.translation_path)
