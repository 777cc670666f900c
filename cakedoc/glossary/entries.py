"""Read and check the glossary: one MyST file per term in glossary/.

No Sphinx here: the glossary directive, the tests and the translation review
all read entries through :func:`load`, so they agree on what a term is.

An entry is YAML front matter (id, zh, en, abbr, aliases, layers, related)
followed by ``## zh``, ``## en``, optional ``## note-zh`` / ``## note-en``,
``## example`` (a doctest) and ``## sources`` sections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from cakedoc.layers import LAYER_IDS, WHOLE_STACK

REQUIRED_KEYS = ("id", "zh", "en", "layers")
REQUIRED_SECTIONS = ("zh", "en", "example", "sources")
KNOWN_SECTIONS = REQUIRED_SECTIONS + ("note-zh", "note-en")
FENCE = re.compile(r"^```")


class GlossaryError(Exception):
    """A malformed entry; ``str()`` is ``path:line: message``."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass(frozen=True)
class Section:
    line: int  #: 1-based line of the section's first content line
    text: str


@dataclass
class Entry:
    id: str
    zh: str
    en: str
    abbr: str
    aliases: dict[str, list[str]]
    layers: list[str]
    related: list[str]
    sections: dict[str, Section]
    path: Path
    names: dict[str, str] = field(default_factory=dict)

    def display(self, lang: str) -> str:
        """The term as a reader of *lang* sees it: 高带宽内存（HBM）, High-bandwidth memory (HBM)."""
        if lang == "zh":
            name = self.zh
            return f"{name}（{self.abbr}）" if self.abbr and self.abbr not in name else name
        name = self.en[:1].upper() + self.en[1:]
        return f"{name} ({self.abbr})" if self.abbr and self.abbr.lower() not in name.lower() else name

    def renderings(self, lang: str) -> list[str]:
        """Every way *lang* may write the term: name, abbreviation, aliases."""
        names = [self.zh if lang == "zh" else self.en, *self.aliases.get(lang, [])]
        if self.abbr:
            names.append(self.abbr)
        return [name for name in names if name]

    def example_code(self) -> tuple[int, str]:
        """The doctest of ``## example`` without its fence, and its first line."""
        section = self.sections["example"]
        lines = section.text.splitlines()
        start = next((i for i, line in enumerate(lines) if FENCE.match(line)), None)
        if start is None:
            return section.line, section.text
        end = next((i for i in range(start + 1, len(lines)) if FENCE.match(lines[i])), len(lines))
        return section.line + start + 1, "\n".join(lines[start + 1:end]).strip("\n")


def split_front_matter(path: Path, text: str) -> tuple[dict, int, list[str]]:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise GlossaryError(path, 1, "an entry starts with YAML front matter between '---' lines")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise GlossaryError(path, 1, "front matter is not closed by a '---' line") from None
    try:
        data = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        raise GlossaryError(path, line, f"front matter is not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise GlossaryError(path, 2, "front matter must be a YAML mapping")
    return data, end + 1, lines


def read_entry(path: Path) -> Entry:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise GlossaryError(path, 1, f"not UTF-8 ({error.reason} at byte {error.start}); "
                                     "save the file as UTF-8") from None
    data, body_start, lines = split_front_matter(path, text)
    for key in REQUIRED_KEYS:
        if not data.get(key):
            raise GlossaryError(path, 1, f"front matter lacks '{key}'")
    if data["id"] != path.stem:
        raise GlossaryError(path, 2, f"id '{data['id']}' must equal the file name '{path.stem}'")
    sections: dict[str, Section] = {}
    current, start, buffer = None, 0, []
    in_fence = False
    for number, line in enumerate(lines[body_start:], start=body_start + 1):
        if FENCE.match(line):
            in_fence = not in_fence
        if not in_fence and line.startswith("## "):
            if current:
                sections[current] = Section(start, "\n".join(buffer).strip("\n"))
            current, start, buffer = line[3:].strip(), number + 1, []
            if current not in KNOWN_SECTIONS:
                raise GlossaryError(path, number, f"unknown section '## {current}'; "
                                                  f"sections are {', '.join(KNOWN_SECTIONS)}")
            continue
        buffer.append(line)
    if current:
        sections[current] = Section(start, "\n".join(buffer).strip("\n"))
    for name in REQUIRED_SECTIONS:
        if not sections.get(name) or not sections[name].text.strip():
            raise GlossaryError(path, body_start, f"entry lacks a '## {name}' section")
    if ">>>" not in sections["example"].text:
        raise GlossaryError(path, sections["example"].line, "'## example' holds no doctest (>>>)")
    layers = list(data["layers"])
    for layer in layers:
        if layer not in (*LAYER_IDS, WHOLE_STACK):
            raise GlossaryError(path, 1, f"unknown layer '{layer}'; layers are "
                                         f"{', '.join(LAYER_IDS)} or {WHOLE_STACK}")
    aliases = data.get("aliases") or {}
    return Entry(
        id=data["id"], zh=str(data["zh"]), en=str(data["en"]), abbr=str(data.get("abbr") or ""),
        aliases={lang: [str(a) for a in aliases.get(lang) or []] for lang in ("zh", "en")},
        layers=layers, related=list(data.get("related") or []), sections=sections, path=path,
    )


def load(directory: Path) -> dict[str, Entry]:
    """Every entry in *directory*, by id; raises GlossaryError on the first bad one."""
    entries = {}
    for path in sorted(directory.glob("*.md")):
        if path.name == "README.md":
            continue
        entry = read_entry(path)
        entries[entry.id] = entry
    for entry in entries.values():
        for related in entry.related:
            if related not in entries:
                raise GlossaryError(entry.path, 1, f"related term '{related}' has no entry")
    return entries
