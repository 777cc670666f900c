"""Keep what Sphinx learns while writing pages for the next, incremental build.

This matters only to builds that write Sphinx's own searchindex.js
(``cake_sphinx_search_index``, make search-eval's baseline:
cakedoc.search.index); without it the index entries stay empty.

Sphinx saves its environment after reading the pages and before writing
them (sphinx.builders.Builder.build).  The search index's index entries
(``env._search_index_index_entries``: here, every glossary term) are
gathered while writing, so the saved environment never has them, and the
next build that does not write the glossary page publishes a
searchindex.js without them: a search for "token" no longer offers the
glossary's term.  Upstream: sphinx-doc/sphinx#12599 (open; seen in 9.0.4).

So after a build with no warning and no exception, the environment is saved
once more, as Sphinx saves it, with what the writing added — when the
writing changed the index entries.  Pickling the environment costs ~1 s at
40× the guide's size, and a one-page edit rarely touches a page with index
entries: the entries are compared with those the environment held when
writing started (``write-started``: after Sphinx pickled what it read, or
left the pickle on disk as it was when nothing was read).  Nothing else
cakedoc keeps in the environment changes while writing.  And a page
that is removed (a glossary entry's, cakedoc.glossary.stubs) or re-read
takes its index entries with it: Sphinx's IndexBuilder.prune forgets them,
and searchindex.js then fails with a KeyError on the removed page
(tests/test_glossary_split.py::test_the_generated_pages_follow_the_entries).

Private internals of Sphinx 9.0.4 (pinned in pyproject.toml): the pickle
file's name (``sphinx.application.ENV_PICKLE_FILENAME``) and the build's
warning count (``app._warncount``, as cakedoc.build.recovery reads it).  If
either breaks, tests/test_incremental.py's
test_the_environment_is_saved_again_only_when_the_writing_changed_it fails
(the incrementally built searchindex.js loses its index entries).
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

from sphinx.application import ENV_PICKLE_FILENAME, Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)
SAVING = "pickling the environment again: writing changed its index entries"


def index_entries(env: BuildEnvironment) -> dict[str, Any]:
    """The pages' index entries, but the pages without any: IndexBuilder.feed
    gives each page it writes a list, empty for most, that a page re-read
    had lost (forget_index_entries) and searchindex.js does not show."""
    # A shallow copy is enough: feed replaces a page's list, it never
    # changes one in place (sphinx/search/__init__.py, 9.0.4).  If that
    # changes, tests/test_incremental.py's
    # test_the_environment_is_saved_again_only_when_the_writing_changed_it
    # fails (searchindex.js loses the terms or differs from a clean one).
    return {docname: entries for docname, entries
            in getattr(env, "_search_index_index_entries", {}).items() if entries}


def note_entries(app: Sphinx, builder: Any) -> None:
    app.cake_index_entries_written = index_entries(app.env)


def save_environment(app: Sphinx, exception: Exception | None) -> None:
    # After a failed build, the environment Sphinx saved stays: the next
    # build re-reads every page anyway (cakedoc.build.recovery).
    if exception is not None or getattr(app, "_warncount", 1) != 0:
        return
    if app.builder.format != "html":
        return
    if getattr(app, "cake_index_entries_written", None) == index_entries(app.env):
        return  # the pickle on disk already holds them
    logger.info(SAVING)
    path = Path(app.doctreedir) / ENV_PICKLE_FILENAME
    staged = path.with_name(path.name + ".new")
    with staged.open("wb") as stream:
        pickle.dump(app.env, stream, pickle.HIGHEST_PROTOCOL)
    staged.replace(path)


def forget_index_entries(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, "_search_index_index_entries", {}).pop(docname, None)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("env-purge-doc", forget_index_entries)
    app.connect("write-started", note_entries)
    app.connect("build-finished", save_environment)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
