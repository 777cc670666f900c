"""Per-block sign-off kept in git, and which translated blocks went stale.

Beside each translation, ``docs/<translation>/<page>.review.yaml`` records for
every block the source block as the reviewer last checked it: its number and
kind, a digest, the text itself (so a stale block can show what changed),
who signed it off and when.  A translated block is *stale* when its source
block's digest no longer matches the record; only the source counts, so an
edit of the translation alone never hides a stale block.

Records are matched to blocks by their digests in order (difflib), not by
number, so inserting a paragraph makes that one paragraph unreviewed instead
of shifting every later record onto the wrong block.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from cakedoc.review.blocks import Block, digest, normal_text

REVIEWED, STALE, UNREVIEWED = "reviewed", "stale", "unreviewed"
HEADER = """\
# Translation review of {translation} against {source}.
# One record per block: the source block as a reviewer last checked its
# translation. Written by `make review-accept PAGE={page} [BLOCK=n]`.
"""


class SidecarError(Exception):
    """A sidecar file that cannot be read; ``str()`` is ``path:line: message``."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass
class Record:
    block: int
    kind: str
    digest: str
    reviewer: str
    date: str
    text: str  #: the source block as reviewed
    line: int = 0  #: where the record starts in its file (0 for a new one)


@dataclass
class Status:
    state: str  #: REVIEWED, STALE or UNREVIEWED
    record: Record | None = None  #: the sign-off it was last checked against


#: libyaml's parser when PyYAML has it (five times faster on the sidecars,
#: most of the review's reading time), else PyYAML's own: the same documents.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineLoader(SafeLoader):  # type: ignore[misc, valid-type]
    """Keeps the line of every mapping, so a bad record is reported where it is."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


class LiteralDumper(yaml.SafeDumper):
    """Block text as a literal block (``|-``): readable, and diffable line by line."""


LiteralDumper.add_representer(
    str, lambda dumper, text: dumper.represent_scalar(
        "tag:yaml.org,2002:str", text, style="|" if "\n" in text or len(text) > 60 else None))


def read(path: Path, shown: str) -> list[Record] | None:
    """The records in *path* (None if there is no file); *shown* names it in errors."""
    if not path.is_file():
        return None
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=LineLoader) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise SidecarError(shown, mark.line + 1 if mark else 1, f"not valid YAML: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("blocks"), list):
        raise SidecarError(shown, 1, "expected a mapping with a 'blocks' list")
    records = []
    for item in data["blocks"]:
        line = item.get("__line__", 1) if isinstance(item, dict) else 1
        try:
            record = Record(int(item["block"]), str(item["kind"]), str(item["digest"]),
                            str(item["reviewer"]), str(item["date"]), str(item["text"]), line)
        except (KeyError, TypeError, ValueError) as error:
            raise SidecarError(shown, line, f"a record needs block, kind, digest, reviewer, "
                                            f"date and text ({error!r})") from None
        if digest(record.text) != record.digest:
            raise SidecarError(shown, line, f"record of block {record.block}: the digest does not "
                                            "match the text; the file was edited by hand")
        records.append(record)
    return records


def write(path: Path, records: list[Record], page: str, source: str, translation: str) -> None:
    """Replace *path* in one step: an interrupted write leaves the old file."""
    header = HEADER.format(page=page, source=source, translation=translation)
    data = {"page": page, "source": source, "translation": translation,
            "blocks": [{"block": r.block, "kind": r.kind, "digest": r.digest,
                        "reviewer": r.reviewer, "date": r.date, "text": r.text} for r in records]}
    body = yaml.dump(data, Dumper=LiteralDumper, allow_unicode=True, sort_keys=False, width=10**6)
    staged = path.with_name(path.name + ".new")
    staged.write_text(header + body, encoding="utf-8")
    os.replace(staged, path)


def statuses(blocks: list[Block], records: list[Record]) -> tuple[dict[int, Status], list[Record]]:
    """The review state of every source block (by number), and the records
    that match no block any more."""
    found: dict[int, Status] = {}
    orphans: list[Record] = []
    matcher = difflib.SequenceMatcher(None, [r.digest for r in records],
                                      [b.digest for b in blocks], autojunk=False)
    for operation, r1, r2, b1, b2 in matcher.get_opcodes():
        olds, news = records[r1:r2], blocks[b1:b2]
        if operation == "equal":
            for record, block in zip(olds, news):
                found[block.index] = Status(REVIEWED, record)
            continue
        # A changed run: the n-th old record is what the n-th new block was.
        for position, block in enumerate(news):
            record = olds[position] if position < len(olds) else None
            found[block.index] = Status(STALE, record) if record else Status(UNREVIEWED)
        orphans.extend(olds[len(news):])
    return found, orphans


def signed(blocks: list[Block], records: list[Record], which: set[int],
           reviewer: str, date: str) -> list[Record]:
    """The records after signing off the blocks numbered in *which*; the
    other blocks keep their record (stale ones stay stale)."""
    found, _ = statuses(blocks, records)
    result = []
    for block in blocks:
        status = found[block.index]
        if block.index in which:
            result.append(Record(block.index, block.label, block.digest, reviewer, date,
                                 normal_text(block.source)))
        elif status.record is not None:
            old = status.record
            result.append(Record(block.index, old.kind if status.state == STALE else block.label,
                                 old.digest, old.reviewer, old.date, old.text))
    return result


def old_text(record: Record) -> str | None:
    """The source block as it was signed off (None when it cannot be had)."""
    return record.text


def sentences(text: str) -> list[str]:
    """A paragraph cut after each sentence, so a diff shows the sentence that changed."""
    lines = []
    for line in text.splitlines():
        lines += [part for part in re.split(r"(?<=[。！？；])|(?<=[.!?;]) ", line) if part]
    return lines


def source_diff(record: Record, now: str, where: str) -> list[str]:
    """The source's change since *record*, as a unified diff by sentence."""
    return list(difflib.unified_diff(
        sentences(record.text), sentences(now), lineterm="", n=1,
        fromfile=f"reviewed by {record.reviewer} on {record.date}", tofile=f"now at {where}"))
