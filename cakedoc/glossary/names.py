"""Read glossary/names.yaml: the termbase beyond the glossary's entries.

Two short lists, each item written like an entry's front matter (``id``,
``zh``, ``en``, optional ``variants``, ``forbidden`` and ``gloss``):

* ``names`` — companies, products, organisations and people: how each
  language writes them (the policy is in docs/README.md);
* ``words`` — everyday words with one rendering per language that have no
  glossary entry of their own (fleet-wide, die, per pin).

No Sphinx here; the review reads it with the entries (:mod:`cakedoc.review.termbase`).
An item has no note, so its variants are reported wherever they appear
(a quotation in “…” is a mention, not a use).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from cakedoc import yamltext
from cakedoc.glossary.entries import LANGS, GlossaryError, termbase_keys

FILE = "names.yaml"
LISTS = ("names", "words")


@dataclass
class Name:
    id: str
    zh: str
    en: str
    kind: str  #: "names" or "words"
    variants: dict[str, list[str]]
    forbidden: dict[str, list[str]]
    gloss: str
    path: Path
    line: int  #: the line of its ``- id:``


def load_names(directory: Path) -> list[Name]:
    """The items of *directory*/names.yaml (none if it does not exist)."""
    path = directory / FILE
    if not path.is_file():
        return []
    try:
        text = path.read_text(encoding="utf-8")
        data = yamltext.safe_load(text) or {}
    except UnicodeDecodeError as error:
        raise GlossaryError(path, 1, f"not UTF-8 ({error.reason} at byte {error.start})") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise GlossaryError(path, mark.line + 1 if mark else 1, f"not valid YAML: {error}") from None
    lines = text.splitlines()
    if not isinstance(data, dict) or set(data) - set(LISTS):
        raise GlossaryError(path, 1, f"names.yaml holds the lists {' and '.join(LISTS)}")
    items, seen = [], set()
    for kind in LISTS:
        for item in data.get(kind) or []:
            ident = str(item.get("id", "")) if isinstance(item, dict) else ""
            line = next((n for n, text in enumerate(lines, 1)
                         if text.strip() in (f"- id: {ident}", f'- id: "{ident}"')), 1)
            missing = [key for key in ("id", *LANGS) if not (isinstance(item, dict) and item.get(key))]
            if missing:
                raise GlossaryError(path, line, f"an item of '{kind}' lacks '{missing[0]}'")
            if ident in seen:
                raise GlossaryError(path, line, f"'{ident}' is listed twice")
            seen.add(ident)
            # Checked on the item's own lines, so a message names its line.
            block = [text.strip().removeprefix("- ") for text in lines[line - 1:]]
            try:
                variants, forbidden = termbase_keys(path, block, item, {lang: str(item[lang]) for lang in LANGS},
                                                    {lang: [] for lang in LANGS})
            except GlossaryError as error:
                raise GlossaryError(path, line + error.line - 1, error.message) from None
            items.append(Name(ident, str(item["zh"]), str(item["en"]), kind, variants, forbidden,
                              str(item.get("gloss") or ""), path, line))
    return items
