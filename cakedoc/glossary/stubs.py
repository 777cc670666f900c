"""The glossary's generated pages: its sheets of entries and its lists of terms.

In: the entries of glossary/*.md (:func:`cakedoc.glossary.entries.load`) and
the builder.  Out: for the HTML builder, ``docs/<lang>/glossary/terms/
<layer>[-n].md`` (the *sheets*: the entries of one layer, at most
:data:`SHEET_SIZE` a page) and ``docs/<lang>/glossary/lists/<list>[-n].md``
(the lists of terms: all of them, and each layer's, at most
:data:`PAGE_SIZE` per page), each a directive line and nothing else; for
every other builder (LaTeX, EPUB, doctest), the generated folder is left
out of the build and the glossary page renders the whole glossary as one
chapter, as before.

Why stubs on disk: Sphinx reads a document only from a source file its
``Project`` discovered, and offers no supported way to add a virtual one.
So, as ``sphinx.ext.autosummary`` does with its ``generated/`` files, the
stubs are written at ``builder-inited`` (before ``Builder.read`` looks for
sources) and kept out of git (``.gitignore``).  A stub holds a sheet's or
list's name, never an entry's text, so a stub changes only when a sheet or
list is added or removed; a stub is rewritten only when its bytes differ,
so a no-op build reads nothing; editing one entry's definition re-reads its
sheet, and adding, removing or renaming one re-reads the sheets and lists
(they depend on MEMBERS), not 1,600 other pages.

Why sheets and not a page per entry: the site's page budget (200 KB, 15
requests; bench/budgets.py) holds at any number of terms only if no page
grows with it, and a page per entry met it, but made the glossary 73% of
Sphinx's documents at 1,600 terms.  Sphinx pays for every document on
every build (its environment, search index and inventory are loaded and
written whole), so a one-page edit grew with the glossary (bench/README.md
§9).  A sheet holds at most SHEET_SIZE entries: a sixteenth of the documents,
and pages that still do not grow.  Which sheet an entry is on follows from
its first layer and its id alone, the same in both languages, so a sheet
and its counterpart hold the same entries; each entry keeps a stable
address of its own, ``glossary/<id>.html``, which sends on to its sheet
(cakedoc.glossary.redirects).  An entry list page holds at most PAGE_SIZE
links; the glossary page one link per list page.

The generated pages are ``orphan``: in a toctree they would put 100 links
into furo's navigation on every page.  They are reached from the lists
and through ``{term}`` links.  A generated page has its counterpart by
construction (the same stub in both languages), so cakedoc.counterpart and
the review (cakedoc.review.pages) skip :func:`is_generated` pages.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cakedoc.glossary.entries import Entry, GlossaryError, load, restore_parsed, save_parsed
from cakedoc.layers import LAYER_IDS, WHOLE_STACK

if TYPE_CHECKING:  # no Sphinx import: the review imports is_generated
    from sphinx.application import Sphinx

#: The folder of every generated page, in each language's source folder,
#: and so in each language's URL: ``zh/glossary/hbm.html``.
FOLDER = "glossary"
#: The list pages, under FOLDER (no entry id holds a "/").
LISTS = f"{FOLDER}/lists"
#: The sheets, under FOLDER: FOLDER itself holds each entry's address
#: (``glossary/hbm.html``, cakedoc.glossary.redirects).
SHEETS = f"{FOLDER}/terms"
#: The most entries on one sheet (``cake_glossary_sheet_size``): an entry
#: is 3–5 KB of HTML, so a sheet stays under ~100 KB of HTML over the
#: ~80 KB every page weighs, with room for the longest entries.
SHEET_SIZE = 16
#: The list of every term; the others are named by their layer.
ALL = "all"
#: The most links on one list page (``cake_glossary_page_size``): ~150
#: bytes each, so an index page stays ~30 KB of HTML over the ~80 KB every
#: page weighs, at any number of terms.
PAGE_SIZE = 200
#: The builders that get sheets and lists; every other one reads the
#: glossary as one chapter (the PDF, the EPUB, the doctests: each example
#: runs once per language, from the one page).
SPLIT_BUILDERS = frozenset({"html", "dirhtml"})
#: Written beside the stubs: the entries' ids, layers and names (as each
#: language displays them): all the list pages and the glossary page show
#: of an entry.  They depend on it, not on each entry's file: an entry
#: added, removed or renamed re-reads them, an edited definition does not,
#: and the environment holds one dependency per list page, not one per
#: member (with 3,450 terms, ~130,000 paths to unpickle and stat on every
#: rebuild).
MEMBERS = "members.txt"
#: Set on the environment when the build starts: does this builder put
#: the entries on sheets?  A directive sees the environment, not
#: the builder (BuildEnvironment.app is deprecated in Sphinx 9).
SPLIT_FLAG = "cake_glossary_split"
#: The entries, read once per build (by directory) rather than once per
#: page: 1,600 pages each reading 1,600 files would cost minutes.
_ENTRIES: dict[str, dict[str, Entry]] = {}
#: The last sheet_of() table: [the entries dict, the sheet size, the table].
_SHEET_OF: list[Any] = []
HEADER = "% Generated by cakedoc.glossary.stubs from glossary/: do not edit (not in git).\n"


def is_generated(docname: str) -> bool:
    """A page written by this module (``glossary/hbm``), not by an author."""
    return docname.startswith(FOLDER + "/")


def splits(builder: Any) -> bool:
    return builder is not None and builder.name in SPLIT_BUILDERS


def split(env: Any) -> bool:
    """Does this build give each entry a page (see SPLIT_FLAG)?"""
    return bool(getattr(env, SPLIT_FLAG, False))


def entries(config: Any) -> dict[str, Entry]:
    """The glossary's entries as this build read them (raises GlossaryError)."""
    directory = str(config.cake_glossary_dir)
    if directory not in _ENTRIES:
        _ENTRIES[directory] = load(Path(directory))
    return _ENTRIES[directory]


def list_names(entries: dict[str, Entry]) -> list[str]:
    """All terms, then the layers that have entries in the cake's order,
    the whole stack last."""
    used = {layer for entry in entries.values() for layer in entry.layers}
    return [ALL, *(layer for layer in (*LAYER_IDS, WHOLE_STACK) if layer in used)]


def list_members(entries: dict[str, Entry], name: str) -> list[Entry]:
    return [entry for entry in entries.values() if name == ALL or name in entry.layers]


def list_pages(entries: dict[str, Entry], name: str, page_size: int) -> int:
    return max(1, math.ceil(len(list_members(entries, name)) / page_size))


def list_docname(name: str, number: int = 1) -> str:
    """``glossary/lists/chips``, then ``glossary/lists/chips-2``, …"""
    return f"{LISTS}/{name}" if number == 1 else f"{LISTS}/{name}-{number}"


def entry_address(entry_id: str) -> str:
    """The pagename of an entry's own address (a redirect, not a document)."""
    return f"{FOLDER}/{entry_id}"


def is_entry_address(pagename: str) -> bool:
    """``glossary/hbm``: an entry's address, a redirect and not a page (the
    sheets and lists are in sub-folders)."""
    return pagename.startswith(FOLDER + "/") and "/" not in pagename[len(FOLDER) + 1:]


def home_layer(entry: Entry) -> str:
    """The layer whose sheets hold *entry*: its first."""
    return entry.layers[0] if entry.layers else WHOLE_STACK


def sheet_docname(layer: str, number: int = 1) -> str:
    """``glossary/terms/chips``, then ``glossary/terms/chips-2``, …"""
    return f"{SHEETS}/{layer}" if number == 1 else f"{SHEETS}/{layer}-{number}"


@dataclass(frozen=True)
class Sheet:
    """One page of entries: sheet *number* of *layer*'s *count*."""

    layer: str
    number: int
    count: int
    entries: tuple[Entry, ...]

    @property
    def docname(self) -> str:
        return sheet_docname(self.layer, self.number)


def sheets(entries: dict[str, Entry], size: int) -> dict[str, Sheet]:
    """Every sheet by its docname: each layer's entries in id order, *size*
    a sheet, the layers in the cake's order.  Ids and layers, never names,
    decide it, so both languages get the same sheets."""
    by_layer: dict[str, list[Entry]] = {}
    for entry_id in sorted(entries):
        by_layer.setdefault(home_layer(entries[entry_id]), []).append(entries[entry_id])
    result: dict[str, Sheet] = {}
    for layer in (*LAYER_IDS, WHOLE_STACK):
        members = by_layer.get(layer, [])
        count = math.ceil(len(members) / size)
        for number in range(1, count + 1):
            sheet = Sheet(layer, number, count, tuple(members[(number - 1) * size:number * size]))
            result[sheet.docname] = sheet
    return result


def sheet_of(entries: dict[str, Entry], size: int) -> dict[str, str]:
    """Each entry's id and the docname of its sheet (kept for the one
    entries dict a build reads: every list page and sheet asks).  The table
    holds the dict itself, not its id(): a later build's dict may get the
    id of a freed one."""
    if not (_SHEET_OF and _SHEET_OF[0] is entries and _SHEET_OF[1] == size):
        _SHEET_OF[:] = [entries, size, {entry.id: sheet.docname
                                        for sheet in sheets(entries, size).values()
                                        for entry in sheet.entries}]
    return _SHEET_OF[2]


def directive(name: str, argument: str, *metadata: str) -> str:
    front = "".join(f"{key}: true\n" for key in ("orphan", *metadata))
    return f"---\n{front}---\n\n{HEADER}\n```{{{name}}} {argument}\n```\n"


def is_list(docname: str) -> bool:
    """A list page (navigation: no search result, no text for llms-full.txt)."""
    return docname.startswith(LISTS + "/")


def stubs(entries: dict[str, Entry], page_size: int, sheet_size: int) -> dict[str, str]:
    """Every generated source, by its path under the language's folder."""
    files = {f"{docname}.md": directive("cake-glossary-sheet", f"{sheet.layer} {sheet.number}")
             for docname, sheet in sheets(entries, sheet_size).items()}
    for name in list_names(entries):
        for number in range(1, list_pages(entries, name, page_size) + 1):
            # nosearch: the entries are found on their sheets, not on a list.
            files[f"{list_docname(name, number)}.md"] = directive(
                "cake-glossary-list", f"{name} {number}", "nosearch")
    files[f"{FOLDER}/{MEMBERS}"] = "".join(
        f"{entry_id} {' '.join(entry.layers)}\t{entry.display('zh')}\t{entry.display('en')}\n"
        for entry_id, entry in sorted(entries.items()))
    return files


def write_if_changed(path: Path, text: str) -> None:
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def write_stubs(srcdir: Path, entries: dict[str, Entry], page_size: int,
                sheet_size: int) -> None:
    """Make ``srcdir/glossary/`` hold exactly the stubs of *entries*."""
    wanted = stubs(entries, page_size, sheet_size) if entries else {}
    folder = srcdir / FOLDER
    if not wanted and not folder.is_dir():
        return
    for relative, text in wanted.items():
        write_if_changed(srcdir / relative, text)
    for path in sorted(folder.rglob("*"), reverse=True):
        relative = path.relative_to(srcdir).as_posix()
        if path.is_file() and relative not in wanted and not path.name.startswith("."):
            path.unlink()  # the stub of a sheet or list that is gone
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()


def members_path(srcdir: Path) -> Path:
    return srcdir / FOLDER / MEMBERS


#: Beside the environment: the entries as the last build parsed them
#: (cakedoc.glossary.entries.save_parsed), so a rebuild parses only the
#: files that changed.
PARSED_FILE = "cake-glossary-entries.pickle"


def parsed_file(app: Sphinx) -> Path:
    return Path(app.doctreedir) / PARSED_FILE


def code_version(app: Sphinx) -> object:
    """What parsed the saved entries (cakedoc.build.codeversion sets it)."""
    return getattr(app, "cake_code_version", None)


def prepare(app: Sphinx) -> None:
    """Write the stubs for a splitting builder; hide them from any other."""
    _ENTRIES.pop(str(app.config.cake_glossary_dir), None)  # a new build reads them afresh
    restore_parsed(parsed_file(app), code_version(app))
    # An environment read by the other kind of builder (a doctree folder
    # shared by html and latex) holds the other glossary: read it all again.
    app.cake_glossary_switched = getattr(app.env, SPLIT_FLAG, splits(app.builder)) != splits(
        app.builder)
    setattr(app.env, SPLIT_FLAG, splits(app.builder))
    if not splits(app.builder):
        # Builder.get_asset_paths() is what Environment.find_files excludes
        # besides exclude_patterns (Sphinx 9.0.4, environment/__init__.py);
        # changing exclude_patterns itself here would make the next build
        # see a changed configuration and re-read every page.  If this stops
        # working, tests/test_glossary_split.py's LaTeX and doctest builds
        # fail on duplicate terms.
        asset_paths = app.builder.get_asset_paths
        app.builder.get_asset_paths = lambda: [*asset_paths(), FOLDER]  # type: ignore[method-assign]
        return
    srcdir = Path(app.srcdir)
    if not any((srcdir / f"{app.config.cake_glossary_page}{suffix}").is_file()
               for suffix in app.config.source_suffix):
        # A site without the glossary page (the tests' small sites) gets no
        # sheets or lists either: nothing would lead to them.
        write_stubs(srcdir, {}, app.config.cake_glossary_page_size,
                    app.config.cake_glossary_sheet_size)
        return
    try:
        found = entries(app.config)
    except GlossaryError:
        return  # reported with its file and line by the glossary page
    write_stubs(srcdir, found, app.config.cake_glossary_page_size,
                app.config.cake_glossary_sheet_size)


def keep_parsed(app: Sphinx, exception: Exception | None) -> None:
    if exception is None:
        save_parsed(parsed_file(app), code_version(app), Path(app.config.cake_glossary_dir))


def reread_all_if_switched(app: Sphinx, env: Any, added: set[str], changed: set[str],
                           removed: set[str]) -> list[str]:
    return sorted(env.found_docs) if getattr(app, "cake_glossary_switched", False) else []


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("cake_glossary_page_size", PAGE_SIZE, "env", types=[int])
    app.add_config_value("cake_glossary_sheet_size", SHEET_SIZE, "env", types=[int])
    #: The docname of the glossary page, whose {cake-glossary} indexes the lists.
    app.add_config_value("cake_glossary_page", "glossary", "env", types=[str])
    app.connect("builder-inited", prepare)
    app.connect("env-get-outdated", reread_all_if_switched)
    app.connect("build-finished", keep_parsed)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
