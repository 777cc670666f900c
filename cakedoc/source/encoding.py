"""Every page source is UTF-8: a file that is not is an error at file:line.

Sphinx 9.0.4 reads each source with ``Path.read_text`` and no error handler,
so one stray Latin-1 or GBK byte ends the build with a Python traceback that
names no file ("Encoding error!").  Before Sphinx reads the changed pages,
this module decodes each one itself; a page that does not decode is reported
at the line of its first bad byte, with what to do, and is left out of the
read so the rest of the build goes on (``--keep-going``) and fails cleanly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)


def decode_problem(path: Path) -> tuple[int, str] | None:
    """``(line, message)`` if *path* is not UTF-8, else None."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return line, (f"the file is not UTF-8 ({error.reason}: byte "
                      f"0x{data[error.start]:02x} at offset {error.start}); "
                      "save it as UTF-8")
    return None


def skip_undecodable(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    for docname in list(docnames):
        problem = decode_problem(Path(env.doc2path(docname)))
        if problem is None:
            continue
        line, message = problem
        # An error, not an exception: Sphinx's crash report would bury it.
        logger.error(message, location=(docname, line), type="cake", subtype="encoding")
        docnames.remove(docname)
        # Unread, the page has no doctree to write from: drop it from this
        # build.  Its mtime stays newer than the last read, so the next
        # build checks it again.
        env.project.docnames.discard(docname)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("env-before-read-docs", skip_undecodable)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
