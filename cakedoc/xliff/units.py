"""A page pair as translation units: aligned blocks, codes numbered, review state.

In: a cakedoc.review Project and a page name.  Out: a :class:`PagePair` —
the translation page's lines and one :class:`Unit` per source block, paired
with its translated block by cakedoc.review.align (the review's own
alignment), its codes numbered so that the same markup in both languages
has the same id (``{term}`…` <hbm>``` is one pair whatever the words), and
its review state from the sign-off records (docs/<translation>/*.review.yaml)
read through cakedoc.review.staleness.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cakedoc.review.align import align
from cakedoc.review.blocks import PROSE_DIRECTIVES, TRANSLATED_OPTIONS, Block, split
from cakedoc.review.pages import Project
from cakedoc.review.staleness import REVIEWED, STALE, read, statuses
from cakedoc.xliff.markup import Piece, cut

#: Blocks a translator leaves as they are: code is the same in every language.
FIXED = {"code", "rule", "html", "target", "break", "math", "front-matter"}


@dataclass
class Coded:
    piece: Piece
    id: int = 0  #: 0 for text


@dataclass
class Unit:
    id: str  #: "<page>-<block>": the source block's number
    block: Block  #: the source block
    source: list[Coded]
    target: list[Coded] | None  #: None: no translated block
    translation: Block | None
    translate: bool
    state: str = ""  #: XLIFF 1.2 target state
    notes: list[str] = field(default_factory=list)


@dataclass
class PagePair:
    page: str
    source_path: str
    translation_path: str
    lines: list[str]  #: the translation page, split at "\n"
    units: list[Unit]


def block_text(lines: list[str], block: Block) -> str:
    """The block exactly as written, from its first to its last line."""
    return "\n".join(lines[block.line - 1:block.end])


def key(piece: Piece) -> str:
    return piece.content.strip()


def number(source: list[Piece], target: list[Piece] | None) -> tuple[list[Coded], list[Coded] | None]:
    """Give every code an id; a target code takes the id of the first unused
    source code of the same markup, or a new one."""
    coded_source, free, pair_ids, next_id = [], {}, {}, 1
    closing_keys = {piece.pair: key(piece) for piece in source if piece.kind == "ept"}
    for piece in source:
        if piece.kind == "text":
            coded_source.append(Coded(piece))
            continue
        if piece.kind == "ept":
            coded_source.append(Coded(piece, pair_ids[piece.pair]))
            continue
        ident, next_id = next_id, next_id + 1
        if piece.kind == "bpt":
            pair_ids[piece.pair] = ident
            free.setdefault(("pair", key(piece), closing_keys[piece.pair]), []).append(ident)
        else:
            free.setdefault(("ph", key(piece)), []).append(ident)
        coded_source.append(Coded(piece, ident))
    if target is None:
        return coded_source, None
    coded_target, pair_ids = [], {}
    closing_keys = {piece.pair: key(piece) for piece in target if piece.kind == "ept"}
    for piece in target:
        if piece.kind == "text":
            coded_target.append(Coded(piece))
        elif piece.kind == "ept":
            coded_target.append(Coded(piece, pair_ids[piece.pair]))
        else:
            wanted = (("pair", key(piece), closing_keys[piece.pair]) if piece.kind == "bpt"
                      else ("ph", key(piece)))
            if free.get(wanted):
                ident = free[wanted].pop(0)
            else:
                ident, next_id = next_id, next_id + 1
            if piece.kind == "bpt":
                pair_ids[piece.pair] = ident
            coded_target.append(Coded(piece, ident))
    return coded_source, coded_target


def review_state(status, has_target: bool) -> tuple[str, list[str]]:  # noqa: ANN001
    if not has_target:
        return "needs-translation", ["no translated block yet"]
    record = status.record if status else None
    if status and status.state == REVIEWED:
        return "signed-off", [f"signed off by {record.reviewer} on {record.date}"]
    if status and status.state == STALE and record:
        return "needs-review-translation", [
            f"stale: the source block changed since {record.reviewer} signed it off on {record.date}"]
    return "needs-review-translation", ["not signed off yet"]


def page_pair(project: Project, page: str) -> PagePair:
    source_file = project.page_file(project.source, page)
    translation_file = project.page_file(project.translation, page)
    source_lines = source_file.read_text(encoding="utf-8").split("\n")
    lines = translation_file.read_text(encoding="utf-8").split("\n")
    source_blocks, translation_blocks = split(source_file), split(translation_file)
    sidecar = project.sidecar(page)
    records = read(sidecar, project.relative(sidecar)) or []
    found, _ = statuses(source_blocks, records)
    units = []
    for pair in align(source_blocks, translation_blocks):
        if pair.source is None:
            continue  # a translated block with no source: `make review` reports it
        block, translation = pair.source, pair.translation
        if translation is not None and translation.signature != block.signature:
            translation = None
        fixed = block.kind in FIXED or (
            block.kind == "directive" and block.detail not in PROSE_DIRECTIVES
            and not TRANSLATED_OPTIONS & set(block.options))
        source = cut(block_text(source_lines, block), block.kind)
        target = cut(block_text(lines, translation), translation.kind) if translation else None
        coded_source, coded_target = number(source, target)
        state, notes = review_state(found.get(block.index), translation is not None)
        units.append(Unit(f"{page}-{block.index}", block, coded_source, coded_target,
                          translation, not fixed, state, notes))
    return PagePair(page, project.relative(source_file), project.relative(translation_file),
                    lines, units)
