"""The statistics the browser ranks search results by: ``searchstats.js``.

Sphinx's ``searchindex.js`` says only which pages hold a word, so its
search ranks a page that mentions a word once like one about it
(sphinx-doc/sphinx#6783, #12391).  Next to it each HTML build writes
``searchstats.js``: every page cut into units (cakedoc.search.units) with
their headings, lengths and leads, and for every word and glossary concept
the units that hold it, how often, and in which field.  The search page's
script (``cake-search.js``) ranks with it.

Units are computed when a page is read (merged from parallel readers) and
kept beside the environment, one file per reading of a page
(``cake-search-units/<docname>.<mark>.units``, see UNITS_DIR); the
environment keeps each page's mark, number of units and title.  So an
incremental build writes the same file as a clean one, without Sphinx
loading and saving every page's units with its environment on each build
(they were a third of it, 5.4 of 14.7 MB at 40× the guide).  The file is written at
``build-finished``, to a temporary name first: whole after a clean build,
patched where a rebuild re-read a few pages (only their units' postings
change), and not at all when no page was read (see write_stats).

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
              term's unit is (its sheet, cakedoc.glossary.pages)

Numbers are base-32 digits, the last one from DIGITS and any before it
from MORE: two characters a posting for most, a third of the size of JSON
number arrays.  A term's lead is its definition, stored once.
"""

from __future__ import annotations

import bisect
import itertools
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
from sphinx.errors import SphinxError

from cakedoc.build import kept
from cakedoc.glossary import stubs
from cakedoc.glossary.entries import Entry, GlossaryError, content_digest
from cakedoc.languages import language_of
from cakedoc.search.units import ConceptFinder, Tokenizer, Unit, doctree_units, renderings

#: The environment attribute: docname → its units, for the pages read in
#: this build only (moved into UNITS_DIR before Sphinx pickles it).
ENV_KEY = "cake_search_units"
#: The environment attribute: docname → a mark unique to each reading of it.
VERSIONS_KEY = "cake_search_versions"
#: The environment attribute: docname → (its number of units, its title).
SUMMARY_KEY = "cake_search_pages"
#: Beside the environment: the units of each reading of each page, in a
#: file named by its docname and mark.  The old reading's file stays until
#: searchstats.js is written from the new one (it is patched with both).
UNITS_DIR = "cake-search-units"
FILENAME = "searchstats.js"
#: Beside the environment: what the searchstats.js on disk was made from
#: (its pages, their units' counts and marks), so the next build patches it.
STATE = "cake-searchstats.pickle"
#: Beside the environment: the concept finder and what it was made from.
CONCEPTS = "cake-search-concepts.pickle"
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
                           concept_finder(app, entries), entries)
    return _TOOLS[id(app)]


def concept_finder(app: Sphinx, entries: dict[str, Entry]) -> ConceptFinder:
    """The finder of every term's renderings, kept beside the environment
    for the entries' bytes and the code it was made from: made from 11,600
    renderings at 40x the guide's size it cost 0.14 s of a one-page edit,
    unpickled 0.01 s (issue #17)."""
    digest = content_digest(entries)
    if digest is None:  # entries not read from their files: nothing to key on
        return ConceptFinder(entries.values())
    key = (digest, getattr(app, "cake_code_version", None))
    path = Path(app.doctreedir) / CONCEPTS
    saved = kept.load(path)
    if isinstance(saved, tuple) and len(saved) == 2 and saved[0] == key:
        return saved[1]
    finder = ConceptFinder(entries.values())
    kept.save(path, (key, finder))
    return finder


def units_of(env: BuildEnvironment) -> dict[str, list[Unit]]:
    if not hasattr(env, ENV_KEY):
        setattr(env, ENV_KEY, {})
    return getattr(env, ENV_KEY)


def summaries_of(env: BuildEnvironment) -> dict[str, tuple[int, str]]:
    """The environment attribute SUMMARY_KEY: docname → (units, title)."""
    if not hasattr(env, SUMMARY_KEY):
        setattr(env, SUMMARY_KEY, {})
    return getattr(env, SUMMARY_KEY)


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
    summaries_of(app.env)[app.env.docname] = (len(units), units[0].title if units else "")
    # A mark of this reading, unique to it: searchstats.js records the
    # marks of the units it was made from (see write_stats).
    versions_of(app.env)[app.env.docname] = os.urandom(8)


def versions_of(env: BuildEnvironment) -> dict[str, bytes]:
    """The environment attribute VERSIONS_KEY: docname → the mark of its units."""
    if not hasattr(env, VERSIONS_KEY):
        setattr(env, VERSIONS_KEY, {})
    return getattr(env, VERSIONS_KEY)


def units_file(app: Sphinx, docname: str, version: bytes) -> Path:
    return Path(app.doctreedir) / UNITS_DIR / reading_file_name(docname, version)


def stored_units(app: Sphinx, docname: str, version: bytes | None) -> list[Unit] | None:
    """The units of one reading of a page: this build's, or its file's."""
    if version is not None and version == versions_of(app.env).get(docname):
        if docname in read_now(app):
            return read_now(app)[docname]
    return kept.load(units_file(app, docname, version)) if version is not None else None


def purge_units(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    units_of(env).pop(docname, None)
    summaries_of(env).pop(docname, None)
    version = versions_of(env).pop(docname, None)
    # Kept until build-finished (in this process only): the reading
    # searchstats.js holds for a re-read page, so it can be patched.
    if version is not None:
        replaced(app).setdefault(docname, version)


def replaced(app: Sphinx) -> dict[str, bytes]:
    """docname → the mark of its reading before this build re-read or removed it."""
    if not hasattr(app, "cake_search_replaced"):
        app.cake_search_replaced = {}
    return app.cake_search_replaced


def read_now(app: Sphinx) -> dict[str, list[Unit]]:
    """docname → the units of the pages this build read (see store_units)."""
    if not hasattr(app, "cake_search_read"):
        app.cake_search_read = {}
    return app.cake_search_read


def merge_units(app: Sphinx, env: BuildEnvironment, docnames: set[str],
                other: BuildEnvironment) -> None:
    for mine, theirs in ((units_of(env), units_of(other)), (versions_of(env), versions_of(other)),
                         (summaries_of(env), summaries_of(other))):
        mine.update({name: theirs[name] for name in docnames if name in theirs})


def store_units(app: Sphinx, env: BuildEnvironment) -> None:
    """After reading, before Sphinx pickles the environment: the units read
    go to their files (and stay in this process for write_stats)."""
    read, versions = units_of(env), versions_of(env)
    for docname, units in read.items():
        kept.save(units_file(app, docname, versions[docname]), units)
    read_now(app).update(read)
    read.clear()


def unit_files(app: Sphinx) -> set[str]:
    """The files of the units folder, as ``<docname>.<mark>.units``."""
    folder = str(Path(app.doctreedir) / UNITS_DIR)
    return {(root[len(folder) + 1:] + "/" + name).lstrip("/")
            for root, _dirs, names in os.walk(folder) for name in names}


def reading_file_name(docname: str, version: bytes) -> str:
    return f"{docname}.{version.hex()}.units"


def missing_units(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                  removed: set[str]) -> list[str]:
    """The pages whose units' file is gone (a build killed before it was
    written, a deleted folder): read again, so every file is there."""
    if not app.builder or app.builder.format != "html":
        return []
    present, versions = unit_files(app), versions_of(env)
    return sorted(docname for docname in env.all_docs
                  if docname not in removed and docname in versions
                  and reading_file_name(docname, versions[docname]) not in present)


def sweep_units(app: Sphinx) -> None:
    """Delete every file of the units folder but the current readings'
    (those a failed build left behind)."""
    current = {reading_file_name(docname, version)
               for docname, version in versions_of(app.env).items()}
    for name in unit_files(app) - current:
        (Path(app.doctreedir) / UNITS_DIR / name).unlink()


def forget_replaced(app: Sphinx) -> None:
    """Delete the files of readings searchstats.js no longer holds."""
    versions = versions_of(app.env)
    for docname, version in replaced(app).items():
        if versions.get(docname) != version:
            units_file(app, docname, version).unlink(missing_ok=True)


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


def unit_row(page_number: int, unit: Unit) -> list[Any]:
    return [page_number, stored_anchor(unit), unit.title, unit.length,
            "" if unit.entry else unit.lead, unit.entry]


def page_postings(units: list[Unit], first: int) -> dict[str, list[tuple[int, int]]]:
    """For each word of a page whose first unit is number *first*: the
    units holding it, in order, as (unit number, tf × 8 + fields)."""
    postings: dict[str, list[tuple[int, int]]] = {}
    for position, unit in enumerate(units):
        by_term: dict[str, list[int]] = {}
        fields = ((unit.body, 0), (unit.heading, TITLE if position == 0 else HEADING),
                  (unit.names, NAME))
        for counter, bit in fields:
            for term, count in counter.items():
                tf_fields = by_term.setdefault(term, [0, 0])
                if bit:
                    tf_fields[1] |= bit
                else:
                    tf_fields[0] += count
        for term, (tf, bits) in by_term.items():
            postings.setdefault(term, []).append((first + position, min(tf, MAX_TF) * 8 + bits))
    return postings


def glossary_rows(units: list[Unit], first: int, entries: dict[str, Entry]) -> dict[str, list[Any]]:
    return {unit.entry: [first + position,
                         sorted({normalize(name) for name in renderings(entries[unit.entry])}),
                         unit.definition]
            for position, unit in enumerate(units) if unit.entry in entries}


def encode(postings: Iterable[tuple[int, int]], previous: int = 0) -> str:
    """Postings as the index stores them: each unit's distance from the
    previous one (from *previous* for the first), then its tf × 8 + fields."""
    encoded = []
    for number, code in postings:
        encoded.append(varint(number - previous) + varint(code))
        previous = number
    return "".join(encoded)


def freeze(pages: Iterable[tuple[str, str, list[Unit]]], entries: dict[str, Entry],
           glossary_page: str = "") -> dict[str, Any]:
    """The index as JSON-ready data (see the module's docstring)."""
    page_rows: list[str] = []
    unit_rows: list[list[Any]] = []
    postings: dict[str, list[tuple[int, int]]] = {}
    glossary: dict[str, list[Any]] = {}
    for page_number, (docname, title, units) in enumerate(pages):
        page_rows.append(docname)
        first = len(unit_rows)
        unit_rows += [unit_row(page_number, unit) for unit in units]
        # Pages in order, so each word's units stay in order.
        for term, found in page_postings(units, first).items():
            postings.setdefault(term, []).extend(found)
        glossary.update(glossary_rows(units, first, entries))
    terms = {term: encode(found) for term, found in postings.items()}
    data = {"pages": page_rows, "units": unit_rows, "terms": terms, "glossary": glossary}
    if glossary_page in page_rows:
        data["glossaryPage"] = page_rows.index(glossary_page)
    return data


class _Numbers(dict):
    """A varint's digits → its number, computed once per distinct varint."""

    def __missing__(self, digits: str) -> int:
        number = 0
        for digit in digits[:-1]:
            number = number * 32 + MORE.index(digit)
        self[digits] = number = number * 32 + DIGITS.index(digits[-1])
        return number


_NUMBERS = _Numbers()
VARINT = re.compile(f"[{re.escape(MORE)}]*[{DIGITS}]")


def splice(encoded: str, first: int, end: int, postings: list[tuple[int, int]]) -> str:
    """A word's *encoded* postings with those of units first … end - 1
    replaced by *postings* (of those units, in order): the postings before
    them are kept as they are, and of those after only the first changes,
    its distance.  Decoding runs in C (regex, map, accumulate), so a word
    on every page costs little more than one on a few."""
    digits = VARINT.findall(encoded)
    offsets = list(itertools.accumulate(map(len, digits), initial=0))
    numbers = list(itertools.accumulate(map(_NUMBERS.__getitem__, digits[0::2])))
    low, high = bisect.bisect_left(numbers, first), bisect.bisect_left(numbers, end)
    previous = numbers[low - 1] if low else 0
    middle = encode(postings, previous)
    if high == len(numbers):
        return encoded[:offsets[2 * low]] + middle
    last = postings[-1][0] if postings else previous
    return (encoded[:offsets[2 * low]] + middle + varint(numbers[high] - last)
            + encoded[offsets[2 * high + 1]:])


def patch(data: dict[str, Any], page_number: int, first: int, old: list[Unit], new: list[Unit],
          entries: dict[str, Entry]) -> bool:
    """Put a re-read page's *new* units, numbered from *first*, in place of
    its *old* ones in *data* (the index as the last build wrote it, the
    units as many): what :func:`freeze` would make of the whole site.
    False when it cannot tell (an entry defined on two pages)."""
    end = first + len(new)
    old_entries = {unit.entry for unit in old if unit.entry}
    new_glossary = glossary_rows(new, first, entries)
    glossary = data["glossary"]
    for entry in old_entries | new_glossary.keys():
        if entry in glossary and not first <= glossary[entry][0] < end:
            return False
        glossary.pop(entry, None)
    glossary.update(new_glossary)
    data["units"][first:end] = [unit_row(page_number, unit) for unit in new]
    postings = page_postings(new, first)
    terms = data["terms"]
    for term in set(page_postings(old, first)) | postings.keys():
        encoded = splice(terms.get(term, ""), first, end, postings.get(term, []))
        if encoded:
            terms[term] = encoded
        else:
            del terms[term]
    return True


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


def patched(app: Sphinx, state: dict[str, Any] | None, path: Path, layout: list[tuple[str, int]],
            versions: dict[str, bytes], entries: dict[str, Entry]) -> dict[str, Any] | None:
    """The last searchstats.js with the re-read pages' units put in, when
    that is what freeze would make: the same pages, each with as many units
    as before (so every unit keeps its number), the file the one the state
    describes, and for each page whose units changed, this build's reading
    of it and the units of the reading the file holds.  None otherwise
    (then the whole index is made again)."""
    if state is None or state["layout"] != layout or state["stamp"] != kept.file_stamp(path):
        return None
    before = replaced(app)
    changed = [(page_number, docname) for page_number, (docname, _) in enumerate(layout)
               if versions.get(docname) != state["versions"].get(docname)]
    old_units = {}
    for _, docname in changed:
        if docname not in read_now(app) or before.get(docname) != state["versions"].get(docname):
            return None  # not the reading the file was made from
        old_units[docname] = stored_units(app, docname, before[docname])
        if old_units[docname] is None:
            return None
    text = path.read_text(encoding="utf-8")
    data = json.loads(text[len(PREFIX):-len(SUFFIX)])
    firsts = dict(zip((docname for docname, _ in layout),
                      itertools.accumulate((count for _, count in layout), initial=0)))
    for page_number, docname in changed:
        if not patch(data, page_number, firsts[docname], old_units[docname],
                     read_now(app)[docname], entries):
            return None
    return data


def every_page(app: Sphinx, listed: list[tuple[str, str, int]]) -> list[tuple[str, str, list[Unit]]]:
    """(docname, title, units) of every listed page: this build's readings,
    the others from their files (missing_units made sure they are there)."""
    versions = versions_of(app.env)
    pages = []
    for docname, title, _count in listed:
        units = stored_units(app, docname, versions[docname])
        if units is None:
            unreadable = units_file(app, docname, versions[docname])
            unreadable.unlink(missing_ok=True)
            raise SphinxError(f"the search units of {docname!r} could not be read "
                              f"({unreadable}); the next build reads the page again")
        pages.append((docname, title, units))
    return pages


PREFIX, SUFFIX = "CakeSearch.setStats(", ");\n"


def write_stats(app: Sphinx, exception: Exception | None) -> None:
    """Write searchstats.js, unless it already holds this build's units.

    Made whole (freeze) it costs a second per 1,000 pages; a build that
    re-read a few pages patches the file the last build wrote instead
    (:func:`patched`), and one that changed no page's units leaves it as
    it is.  Either way the bytes are those freeze would give
    (tests/test_incremental.py compares them with a clean build's)."""
    builder = app.builder
    if exception is not None or builder.format != "html" or not getattr(builder, "search", False):
        return
    summaries, versions = summaries_of(app.env), versions_of(app.env)
    listed = []
    for docname in sorted(app.env.all_docs):
        metadata = app.env.metadata.get(docname, {})
        count, title = summaries.get(docname, (0, ""))
        if not count or "no-search" in metadata or "nosearch" in metadata:
            continue
        listed.append((docname, title, count))
    layout = [(docname, count) for docname, _, count in listed]
    glossary_page = getattr(app.config, "cake_glossary_page", "")
    path = Path(builder.outdir) / FILENAME
    state_path = Path(app.doctreedir) / STATE
    state = kept.load(state_path)
    page_versions = {docname: versions.get(docname, b"") for docname, _, _ in listed}
    if state is not None and state["glossary_page"] != glossary_page:
        state = None
    if (state is not None and state["versions"] == page_versions
            and state["layout"] == layout and state["stamp"] == kept.file_stamp(path)):
        data = None  # the file on disk is this build's
    else:
        entries = _TOOLS[id(app)][2] if id(app) in _TOOLS else glossary(app)
        data = patched(app, state, path, layout, page_versions, entries)
        if data is None:
            data = freeze(every_page(app, listed), entries, glossary_page)
            sweep_units(app)
    if data is not None:
        text = PREFIX + json.dumps(data, ensure_ascii=False, sort_keys=True,
                                   separators=(",", ":")) + SUFFIX
        # The state goes first: a build stopped between the two leaves a
        # state whose stamp matches no file, never a file it misdescribes.
        state_path.unlink(missing_ok=True)
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
        state = {"layout": layout, "versions": page_versions, "glossary_page": glossary_page,
                 "stamp": kept.file_stamp(path)}
        kept.save(state_path, state)
    forget_replaced(app)
    static = Path(builder.outdir) / "_static"
    static.mkdir(exist_ok=True)
    script = compact(SCRIPT.read_text(encoding="utf-8"))
    target = static / SCRIPT.name
    if not target.is_file() or target.read_text(encoding="utf-8") != script:
        target.write_text(script, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", read_units)
    app.connect("env-get-outdated", missing_units)
    app.connect("env-purge-doc", purge_units)
    app.connect("env-merge-info", merge_units)
    app.connect("env-updated", store_units)
    app.connect("build-finished", write_stats)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
