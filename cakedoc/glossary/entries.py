"""Read and check the glossary: one MyST file per term in glossary/.

No Sphinx here: the glossary directive, the tests and the translation review
all read entries through :func:`load`, so they agree on what a term is.

An entry is YAML front matter (id, zh, en, abbr, aliases, layers, related,
and the optional termbase keys variants, forbidden and gloss) followed by ``## zh``, ``## en``, optional ``## note-zh`` / ``## note-en``,
``## example`` (a doctest) and ``## sources`` sections.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from cakedoc import yamltext
from cakedoc.build import kept
from cakedoc.layers import LAYER_IDS, WHOLE_STACK

REQUIRED_KEYS = ("id", "zh", "en", "layers")
REQUIRED_SECTIONS = ("zh", "en", "example", "sources")
KNOWN_SECTIONS = REQUIRED_SECTIONS + ("note-zh", "note-en")
FENCE = re.compile(r"^```")
FOOTCITE = re.compile(r"\{footcite\}`([^`]+)`")
SOURCE_ITEM = re.compile(r"^[-*] \{footcite\}`[^`]+`\s*$")
LANGS = ("zh", "en")


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
    #: Other renderings of the same concept that this guide does not use (the
    #: review reports them outside the entry's own note); also in ``aliases``.
    variants: dict[str, list[str]] = field(default_factory=dict)
    #: Renderings that are wrong (全舰队 for fleet-wide): never in ``aliases``.
    forbidden: dict[str, list[str]] = field(default_factory=dict)
    #: What the zh pages write in brackets at the term's first use (词元（Token）):
    #: the ``gloss`` key, else the abbreviation; empty = no gloss needed.
    gloss: str = ""

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

    def source_keys(self) -> list[tuple[str, int]]:
        """The registry keys ``## sources`` cites (``- {footcite}`key```), with their lines."""
        lines = self.path.read_text(encoding="utf-8").splitlines()
        found = []
        for number in range(self.sections["sources"].line, len(lines) + 1):
            text = lines[number - 1]
            if text.startswith("## "):
                break
            found += [(key.strip(), number) for keys in FOOTCITE.findall(text)
                      for key in keys.split(",") if key.strip()]
        return found

    def example_code(self) -> tuple[int, str]:
        """The doctest of ``## example`` without its fence, and its first line."""
        section = self.sections["example"]
        lines = section.text.splitlines()
        start = next((i for i, line in enumerate(lines) if FENCE.match(line)), None)
        if start is None:
            return section.line, section.text
        end = next((i for i in range(start + 1, len(lines)) if FENCE.match(lines[i])), len(lines))
        return section.line + start + 1, "\n".join(lines[start + 1:end]).strip("\n")


def key_line(lines: list[str], key: str) -> int:
    """The 1-based line of a top-level front matter *key*, for messages."""
    return next((number for number, line in enumerate(lines, 1) if line.startswith(f"{key}:")), 1)


def per_language(path: Path, lines: list[str], data: dict, key: str) -> dict[str, list[str]]:
    """``key: {zh: [...], en: [...]}`` as lists of strings; absent = empty."""
    value = data.get(key) or {}
    if not isinstance(value, dict) or set(value) - set(LANGS):
        raise GlossaryError(path, key_line(lines, key),
                            f"'{key}' must be a mapping with 'zh:' and 'en:' lists")
    lists = {lang: value.get(lang) or [] for lang in LANGS}
    if not all(isinstance(names, list) for names in lists.values()):
        raise GlossaryError(path, key_line(lines, key), f"'{key}' lists its names as [a, b]")
    return {lang: [str(name) for name in names] for lang, names in lists.items()}


def termbase_keys(path: Path, lines: list[str], data: dict, preferred: dict[str, str],
                  aliases: dict[str, list[str]]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The ``variants`` and ``forbidden`` of an entry or a name, checked: a
    name is never both, and never the preferred rendering."""
    variants = per_language(path, lines, data, "variants")
    forbidden = per_language(path, lines, data, "forbidden")
    for lang in LANGS:
        for name in forbidden[lang]:
            if name in variants[lang] or name in aliases[lang]:
                raise GlossaryError(path, key_line(lines, "forbidden"),
                                    f"'{name}' is both forbidden and an alias or variant")
        for name in (*variants[lang], *forbidden[lang]):
            if name == preferred[lang]:
                raise GlossaryError(path, key_line(lines, "variants" if name in variants[lang]
                                                   else "forbidden"),
                                    f"'{name}' is the preferred {lang} rendering itself")
    return variants, forbidden


def split_front_matter(path: Path, text: str) -> tuple[dict, int, list[str]]:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise GlossaryError(path, 1, "an entry starts with YAML front matter between '---' lines")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise GlossaryError(path, 1, "front matter is not closed by a '---' line") from None
    try:
        data = yamltext.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        raise GlossaryError(path, line, f"front matter is not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise GlossaryError(path, 2, "front matter must be a YAML mapping")
    return data, end + 1, lines


def read_entry(path: Path, raw: bytes | None = None) -> Entry:
    """The entry in *path* (whose bytes are *raw*, when already read), checked."""
    try:
        text = (path.read_bytes() if raw is None else raw).decode("utf-8")
    except UnicodeDecodeError as error:
        raise GlossaryError(path, 1, f"not UTF-8 ({error.reason} at byte {error.start}); "
                                     "save the file as UTF-8") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as read_text reads it
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
    for number in range(sections["sources"].line, len(lines) + 1):
        text = lines[number - 1]
        if text.startswith("## "):
            break
        if text.strip() and not SOURCE_ITEM.match(text):
            raise GlossaryError(path, number,
                                "'## sources' lists registry keys, one per line: "
                                "- {footcite}`key` (sources/<key>.yaml)")
    if ">>>" not in sections["example"].text:
        raise GlossaryError(path, sections["example"].line, "'## example' holds no doctest (>>>)")
    layers = list(data["layers"])
    for layer in layers:
        if layer not in (*LAYER_IDS, WHOLE_STACK):
            raise GlossaryError(path, 1, f"unknown layer '{layer}'; layers are "
                                         f"{', '.join(LAYER_IDS)} or {WHOLE_STACK}")
    aliases = per_language(path, lines, data, "aliases")
    variants, forbidden = termbase_keys(path, lines, data, {lang: str(data[lang]) for lang in LANGS},
                                        aliases)
    # One list of other names for search, {term} targets and the review: a
    # variant is an alias too (readers search for it), written once in the file.
    aliases = {lang: list(dict.fromkeys([*aliases[lang], *variants[lang]])) for lang in LANGS}
    abbr = str(data.get("abbr") or "")
    return Entry(
        id=data["id"], zh=str(data["zh"]), en=str(data["en"]), abbr=abbr, aliases=aliases,
        layers=layers, related=list(data.get("related") or []), sections=sections, path=path,
        variants=variants, forbidden=forbidden, gloss=str(data.get("gloss", abbr) or ""),
    )


#: Entries already parsed, by file, with a digest of the bytes they were
#: parsed from.  Parsing (YAML front matter, sections) is what a glossary
#: costs: 3,450 files take ~1 s, and a build reads the glossary in several
#: places (the stubs, the search's statistics and its Chinese words).  Read
#: again, an unchanged file costs a read and a digest.  By content, not by
#: modification time, which can stay the same across a quick rewrite (a
#: test's).  A file that fails its checks is never kept: it fails again.
#: :func:`save_parsed` and :func:`restore_parsed` keep it between builds.
_PARSED: dict[str, tuple[bytes, Entry]] = {}
#: Has _PARSED gained an entry since it was restored or saved?
_PARSED_CHANGED = [False]


def parsed_entry(path: Path) -> Entry:
    """:func:`read_entry`, parsed again only if the file's bytes changed."""
    raw = path.read_bytes()
    digest = hashlib.blake2b(raw, digest_size=16).digest()
    known = _PARSED.get(str(path))
    if known is not None and known[0] == digest:
        return known[1]
    entry = read_entry(path, raw)
    _PARSED[str(path)] = (digest, entry)
    _PARSED_CHANGED[0] = True
    return entry


def restore_parsed(file: Path, version: object) -> None:
    """Take the parsed entries :func:`save_parsed` left in *file*, if the
    code that parsed them had *version* (any other code may parse otherwise,
    or hold an Entry of another shape)."""
    saved_version, saved = kept.load(file, (None, {}))  # none yet: parse the files
    if saved_version == version:
        for path, known in saved.items():
            _PARSED.setdefault(path, known)


def content_digest(entries: dict[str, Entry]) -> bytes | None:
    """A digest of the bytes each of *entries* was parsed from (as
    :func:`parsed_entry` last read them), or None if one was not read so."""
    digest = hashlib.blake2b(digest_size=16)
    for entry_id in sorted(entries):
        known = _PARSED.get(str(entries[entry_id].path))
        if known is None or known[1] is not entries[entry_id]:
            return None
        digest.update(entry_id.encode() + b"\0" + known[0])
    return digest.digest()


def save_parsed(file: Path, version: object, directory: Path) -> None:
    """Keep the parsed entries of *directory* in *file* for the next build
    (only when one was parsed afresh: a rebuild that changed no entry
    writes nothing)."""
    if not _PARSED_CHANGED[0] and file.is_file():
        return
    inside = str(directory) + os.sep
    kept.save(file, (version, {path: known for path, known in _PARSED.items()
                               if path.startswith(inside) and os.path.isfile(path)}))
    _PARSED_CHANGED[0] = False


def load(directory: Path) -> dict[str, Entry]:
    """Every entry in *directory*, by id; raises GlossaryError on the first bad one."""
    entries = {}
    for path in sorted(directory.glob("*.md")):
        if path.name == "README.md":
            continue
        entry = parsed_entry(path)
        entries[entry.id] = entry
    for entry in entries.values():
        for related in entry.related:
            if related not in entries:
                raise GlossaryError(entry.path, 1, f"related term '{related}' has no entry")
    return entries
