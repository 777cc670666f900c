"""Read and check the registry of sources: one YAML file per source in sources/.

No Sphinx here: the citation role, the sources page, the glossary, the
translation review and the tests all read the registry through :func:`load`,
so they agree on what a source is.  In: the folder ``sources/``.  Out: a
``{key: Source}`` mapping, or a :class:`RegistryError` naming ``file:line``.

A source's key is its file name (``sources/iea-energy-ai.yaml`` →
``iea-energy-ai``).  Its fields (``sources/README.md`` has an example):

- ``author`` (authors or publisher), ``title``: text;
- ``publisher``: where it appeared (a blog, a journal, arXiv:…), optional;
- ``date``: when it was published (``2025``, ``2025-04``, ``2025-04-16``), or
  absent when undated (a living web page);
- ``url``: its address, or absent — then ``publisher`` or ``via`` names
  where the text can be found;
- ``as_of``: the time the figures refer to: a date, a range ``2024-09/2025-12``
  or ``current``;
- ``via``: the keys of the registry entries (secondary reports) through
  which we reached it; absent when we read the source itself;
- ``confidence``: ``primary`` (一手资料), ``secondary`` (二手转述) or
  ``estimate`` (推算) — shown to readers in words;
- ``layer``: the group it is listed under on the sources page;
- ``supports``: the figures (or statements) this guide takes from it;
- ``note``: what a reader should know (not retrieved, unconfirmed …), optional.

A text field is one string for both languages, or ``{zh: …, en: …}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from cakedoc import yamltext

LANGS = ("zh", "en")
CONFIDENCE = ("primary", "secondary", "estimate")
#: The groups of the sources page, in its order.
GROUPS = ("essay", "energy", "chips", "infrastructure", "models", "applications", "terms")
KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
TEXT_FIELDS = ("author", "title", "publisher", "supports", "note")
REQUIRED = ("author", "title", "as_of", "confidence", "layer", "supports")
KNOWN = ("author", "title", "publisher", "date", "url", "as_of", "via", "confidence", "layer",
         "supports", "note")


class RegistryError(Exception):
    """A malformed or unknown source; ``str()`` is ``path:line: message``."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass(frozen=True)
class Text:
    """A text in both languages (the same string when it needs no translation)."""

    zh: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass
class Source:
    key: str
    path: Path
    author: Text
    title: Text
    as_of: str
    confidence: str
    layer: str
    supports: Text
    publisher: Text | None = None
    date: str | None = None
    url: str | None = None
    via: list[str] = field(default_factory=list)
    note: Text | None = None

    def line_of(self, name: str) -> int:
        """The line of field *name* in the source's file (1 if absent)."""
        return field_line(self.path, name)


def field_line(path: Path, name: str) -> int:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    return next((number for number, line in enumerate(lines, 1)
                 if line.startswith(f"{name}:")), 1)


def as_text(path: Path, name: str, value: object) -> Text | None:
    if value is None:
        return None
    if isinstance(value, str | int | float):
        return Text(str(value).strip(), str(value).strip())
    if isinstance(value, dict) and set(value) == set(LANGS) and all(
            isinstance(value[lang], str) and value[lang].strip() for lang in LANGS):
        return Text(value["zh"].strip(), value["en"].strip())
    raise RegistryError(path, field_line(path, name),
                        f"{name}: a string, or zh: and en: strings (got {value!r})")


def parse(path: Path) -> Source:
    """One registry file."""
    try:
        data = yamltext.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise RegistryError(path, mark.line + 1 if mark else 1, f"not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise RegistryError(path, 1, "a source is a YAML mapping of fields")
    key = path.stem
    if not KEY.match(key):
        raise RegistryError(path, 1, f"the key (file name) {key!r} is lower case letters, digits "
                            "and hyphens")
    for name in data:
        if name not in KNOWN:
            raise RegistryError(path, field_line(path, str(name)),
                                f"unknown field {name!r}; fields are {', '.join(KNOWN)}")
    for name in REQUIRED:
        if data.get(name) in (None, ""):
            raise RegistryError(path, 1, f"{name} is required")
    texts = {name: as_text(path, name, data.get(name)) for name in TEXT_FIELDS}
    dates = {}
    for name in ("date", "as_of"):
        value = data.get(name)
        if value is None:
            continue
        value = str(value)
        ends = value.split("/")
        if not (value == "current" and name == "as_of") and not (
                len(ends) <= 2 and all(DATE.match(end) for end in ends)):
            raise RegistryError(path, field_line(path, name),
                                f"{name}: a date (2025, 2025-04, 2025-04-16)"
                                + (", a range 2024-09/2025-12 or current" if name == "as_of" else "")
                                + f", quoted; got {value!r}")
        dates[name] = value
    if data["confidence"] not in CONFIDENCE:
        raise RegistryError(path, field_line(path, "confidence"),
                            f"confidence: one of {', '.join(CONFIDENCE)}")
    if data["layer"] not in GROUPS:
        raise RegistryError(path, field_line(path, "layer"), f"layer: one of {', '.join(GROUPS)}")
    via = data.get("via") or []
    via = [via] if isinstance(via, str) else via
    if not isinstance(via, list) or not all(isinstance(k, str) for k in via):
        raise RegistryError(path, field_line(path, "via"), "via: a key, or a list of keys")
    url = data.get("url")
    if url is not None and not re.match(r"^https?://\S+$", str(url)):
        raise RegistryError(path, field_line(path, "url"), f"url: an http(s) address; got {url!r}")
    if url is None and texts["publisher"] is None and not via:
        raise RegistryError(path, 1, "no url: name the publisher (publisher:) or the report "
                            "that reprints it (via:)")
    return Source(key=key, path=path, author=texts["author"], title=texts["title"],
                  as_of=dates["as_of"], confidence=data["confidence"], layer=data["layer"],
                  supports=texts["supports"], publisher=texts["publisher"],
                  date=dates.get("date"), url=url, via=via, note=texts["note"])


def load(directory: Path) -> dict[str, Source]:
    """Every source of *directory*, by key, checked: each ``via`` names an
    entry of the registry, other than itself."""
    sources = {path.stem: parse(path) for path in sorted(Path(directory).glob("*.yaml"))}
    for source in sources.values():
        for key in source.via:
            if key not in sources or key == source.key:
                raise RegistryError(source.path, source.line_of("via"),
                                    f"via: {key!r} is no other entry of the registry")
    return sources


def reached_through(sources: dict[str, Source], keys: set[str]) -> set[str]:
    """*keys* and every report they were reached through, transitively."""
    found, todo = set(), list(keys)
    while todo:
        key = todo.pop()
        if key in found or key not in sources:
            continue
        found.add(key)
        todo.extend(sources[key].via)
    return found
