"""The statistics the browser ranks search results by: ``searchstats.js``.

Sphinx's ``searchindex.js`` says only which pages hold a word, so its
search ranks a page that mentions a word once like one about it
(sphinx-doc/sphinx#6783, #12391).  Next to it each HTML build writes
``searchstats.js``: every page cut into units (cakedoc.search.units) with
their headings, lengths and leads, and for every word and glossary concept
the units that hold it, how often, and in which field.  The search page's
script (``cake-search.js``) ranks with it.

Units are computed when a page is read and kept in the build environment
(merged from parallel readers, dropped with their page), so an incremental
build writes the same file as a clean one.  The file is written at
``build-finished``, whole, to a temporary name first.

Format (JSON inside ``CakeSearch.setStats(…)``)::

    pages:    [docname, …]   (a page's title is its first unit's)
    units:    [[page, anchor, title, length, lead, entry], …]   anchor 0 when it
              is simple_id(title), "" for the top of a page or a term
              (whose anchor is "term-" + entry)
    terms:    {word or "@entry": postings}   one string per word: for each
              unit holding it, in order, two numbers (varint): the unit's
              distance from the previous one, and tf × 8 + fields
              (fields: 1 page title, 2 section heading, 4 term name)
    glossary: {entry: [unit, [rendering, …], definition]}
    glossaryPage: the glossary page's number, when the build has one: a
              term's result is titled "term · <its title>", wherever the
              term's unit is (its own page, cakedoc.glossary.pages)

Numbers are base-32 digits, the last one from DIGITS and any before it
from MORE: two characters a posting for most, a third of the size of JSON
number arrays.  A term's lead is its definition, stored once.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Iterable
from importlib import import_module
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from cakedoc.glossary import stubs
from cakedoc.glossary.entries import Entry, GlossaryError
from cakedoc.languages import language_of
from cakedoc.search.units import ConceptFinder, Tokenizer, Unit, doctree_units, renderings

#: The environment attribute: docname → its units.
ENV_KEY = "cake_search_units"
FILENAME = "searchstats.js"
#: The browser side, copied to _static/ (the search page template loads both).
SCRIPT = Path(__file__).with_name("cake-search.js")
TITLE, HEADING, NAME = 1, 2, 4
MAX_TF = 255
#: A term's definition in a result: one line.
DEFINITION_BYTES = 160
DIGITS = "0123456789abcdefghijklmnopqrstuv"
MORE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ+*,.:;"
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

#: Per process: the tokenizer and glossary of a Sphinx application.
_TOOLS: dict[int, tuple[Tokenizer, ConceptFinder, dict[str, Entry]]] = {}


def normalize(text: str) -> str:
    """How a query and a term's name are compared: lower case, one space
    for any run of spaces, hyphens, slashes, none beside a Chinese
    character ("AI工厂" is "AI 工厂", "high bandwidth" is "high-bandwidth")."""
    text = re.sub(r"[\s\-_/·・]+", " ", text.lower()).strip()
    return re.sub(rf"(?<=[{HAN}]) | (?=[{HAN}])", "", text)


def search_language(app: Sphinx) -> Any:
    """The SearchLanguage Sphinx's IndexBuilder would use (its lookup, 9.0.4)."""
    from sphinx.search import SearchEnglish, languages

    lang = app.config.html_search_language or app.config.language or "en"
    found = languages.get(lang) or languages.get(lang.partition("_")[0])
    if isinstance(found, str):
        module, name = found.rsplit(".", 1)
        found = getattr(import_module(module), name)
    return (found or SearchEnglish)(app.config.html_search_options)


def glossary(app: Sphinx) -> dict[str, Entry]:
    try:
        return stubs.entries(app.config)  # the build's one reading of the glossary
    except GlossaryError:
        return {}  # reported with its file and line by the glossary directive


def tools(app: Sphinx) -> tuple[Tokenizer, ConceptFinder, dict[str, Entry]]:
    """Made when the first page is read: a no-op rebuild, which reads none,
    imports no jieba (cakedoc.search.zh)."""
    if id(app) not in _TOOLS:
        language = search_language(app)
        split = getattr(language, "search_words", language.split)
        entries = glossary(app)
        _TOOLS[id(app)] = (Tokenizer(split, language.stem, language.word_filter),
                           ConceptFinder(entries.values()), entries)
    return _TOOLS[id(app)]


def units_of(env: BuildEnvironment) -> dict[str, list[Unit]]:
    if not hasattr(env, ENV_KEY):
        setattr(env, ENV_KEY, {})
    return getattr(env, ENV_KEY)


def read_units(app: Sphinx, doctree: Any) -> None:
    if not app.builder or app.builder.format != "html":
        return
    tokenizer, concepts, entries = tools(app)
    units = doctree_units(doctree, tokenizer, concepts, entries, language_of(app.config).code)
    for unit in units:
        if unit.entry:
            unit.definition = definition(unit.text)
        unit.text = ""  # the index keeps counts and a lead, not the text
    units_of(app.env)[app.env.docname] = units


def purge_units(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    units_of(env).pop(docname, None)


def merge_units(app: Sphinx, env: BuildEnvironment, docnames: set[str],
                other: BuildEnvironment) -> None:
    theirs = units_of(other)
    units_of(env).update({name: theirs[name] for name in docnames if name in theirs})


def simple_id(title: str) -> str:
    """docutils' make_id for plain titles, as cake-search.js computes it: a
    section anchor equal to it is not stored (0)."""
    text = unicodedata.normalize("NFKD", title.lower()).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", " ".join(text.split()))
    return re.sub(r"^[-0-9]+|-+$", "", text)


def stored_anchor(unit: Unit) -> str | int:
    if unit.entry and unit.anchor == f"term-{unit.entry}":
        return ""
    return 0 if unit.anchor and unit.anchor == simple_id(unit.title) else unit.anchor


def varint(number: int) -> str:
    """*number* in base 32, most significant digit first (see the docstring)."""
    digits = DIGITS[number % 32]
    number //= 32
    while number:
        digits = MORE[number % 32] + digits
        number //= 32
    return digits


def definition(text: str) -> str:
    """A term's one-line definition: the first sentence of its text, cut
    at DEFINITION_BYTES."""
    sentence = re.split(r"(?<=[。！？])|(?<=[.!?])\s", text.strip(), maxsplit=1)[0].strip()
    if len(sentence.encode("utf-8")) > DEFINITION_BYTES:
        cut = sentence.encode("utf-8")[:DEFINITION_BYTES].decode("utf-8", "ignore")
        sentence = cut.rsplit(" ", 1)[0] if " " in cut[-20:] else cut
        sentence = sentence.rstrip("，,;；、 ") + "…"
    return sentence


def freeze(pages: Iterable[tuple[str, str, list[Unit]]], entries: dict[str, Entry],
           glossary_page: str = "") -> dict[str, Any]:
    """The index as JSON-ready data (see the module's docstring)."""
    page_rows: list[str] = []
    unit_rows: list[list[Any]] = []
    postings: dict[str, dict[int, list[int]]] = {}
    glossary: dict[str, list[Any]] = {}
    for page_number, (docname, title, units) in enumerate(pages):
        page_rows.append(docname)
        for position, unit in enumerate(units):
            number = len(unit_rows)
            unit_rows.append([page_number, stored_anchor(unit), unit.title, unit.length,
                              "" if unit.entry else unit.lead, unit.entry])
            fields = ((unit.body, 0), (unit.heading, TITLE if position == 0 else HEADING),
                      (unit.names, NAME))
            for counter, bit in fields:
                for term, count in counter.items():
                    tf_fields = postings.setdefault(term, {}).setdefault(number, [0, 0])
                    if bit:
                        tf_fields[1] |= bit
                    else:
                        tf_fields[0] += count
            if unit.entry in entries:
                names = sorted({normalize(name) for name in renderings(entries[unit.entry])})
                glossary[unit.entry] = [number, names, unit.definition]
    terms = {}
    for term, by_unit in postings.items():
        encoded, previous = [], 0
        for number in sorted(by_unit):
            tf, fields = by_unit[number]
            encoded.append(varint(number - previous) + varint(min(tf, MAX_TF) * 8 + fields))
            previous = number
        terms[term] = "".join(encoded)
    data = {"pages": page_rows, "units": unit_rows, "terms": terms, "glossary": glossary}
    if glossary_page in page_rows:
        data["glossaryPage"] = page_rows.index(glossary_page)
    return data


def compact(script: str) -> str:
    """*script* without its comments and indentation: the search page has
    the least room of any page (bench/README.md: 200 KB).  Line-based, so
    it can break nothing: a comment is removed only when it fills whole
    lines (cake-search.js keeps them so)."""
    kept, in_comment = [], False
    for line in script.splitlines():
        stripped = line.strip()
        if in_comment or stripped.startswith("/*"):
            in_comment = not stripped.endswith("*/")
            continue
        if stripped and not stripped.startswith("//"):
            kept.append(stripped)
    return "\n".join(kept) + "\n"


def write_stats(app: Sphinx, exception: Exception | None) -> None:
    builder = app.builder
    if exception is not None or builder.format != "html" or not getattr(builder, "search", False):
        return
    stored = units_of(app.env)
    pages = []
    for docname in sorted(app.env.all_docs):
        metadata = app.env.metadata.get(docname, {})
        units = stored.get(docname)
        if not units or "no-search" in metadata or "nosearch" in metadata:
            continue
        pages.append((docname, units[0].title, units))
    data = freeze(pages, _TOOLS[id(app)][2] if id(app) in _TOOLS else glossary(app),
                  getattr(app.config, "cake_glossary_page", ""))
    text = "CakeSearch.setStats(" + json.dumps(data, ensure_ascii=False, sort_keys=True,
                                                separators=(",", ":")) + ");\n"
    path = Path(builder.outdir) / FILENAME
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
    static = Path(builder.outdir) / "_static"
    static.mkdir(exist_ok=True)
    (static / SCRIPT.name).write_text(compact(SCRIPT.read_text(encoding="utf-8")), encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", read_units)
    app.connect("env-purge-doc", purge_units)
    app.connect("env-merge-info", merge_units)
    app.connect("build-finished", write_stats)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
