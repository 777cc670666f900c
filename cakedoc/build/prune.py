"""A page removed from the sources leaves the built site too.

Sphinx writes into its output folder incrementally and never deletes from
it: the HTML of a page that was removed or renamed (or of genindex.html once
the index is switched off) stays there, and ``make html`` would publish it
for ever, an orphan no link leads to.  After a successful HTML build, every
page that is neither a current document nor written by this build is deleted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from cakedoc.build import written

logger = logging.getLogger(__name__)

#: Folders of assets, not pages.
ASSET_DIRS = {"_static", "_images", "_downloads", "_sources"}


def note_page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
              doctree: Any) -> None:
    # Pages that are not documents (search, …) are written every build, in
    # the main process: noting them here finds them all, even with -j.
    app.builder.cake_written_pages.add(pagename)


def start(app: Sphinx) -> None:
    app.builder.cake_written_pages = set()


def prune(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    current = {app.builder.get_target_uri(name)
               for name in app.env.found_docs | app.builder.cake_written_pages}
    for relative in written.output_files(outdir, [".html"]):
        if relative.split("/")[0] in ASSET_DIRS or relative in current:
            continue
        logger.info("removing %s: no document or page makes it any more", relative)
        (outdir / relative).unlink()


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", start)
    app.connect("html-page-context", note_page)
    app.connect("build-finished", prune)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
