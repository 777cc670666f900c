"""Versions taken from the code itself, so that a change cannot be forgotten.

Sphinx keeps a build's environment (every page's doctree) until an
extension's ``env_version`` changes; the diagram cache keeps a drawing until
its key changes.  Both used to be numbers raised by hand when the code that
shapes them changed, and a forgotten raise served stale pages or drawings
until ``make clean``.  Here they are digests of the files themselves: any
edit to cakedoc's code or its interface catalog reads and writes every page
again, any edit to the renderer draws every diagram again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

PACKAGE = Path(__file__).resolve().parent.parent  # cakedoc/
#: Not part of a Sphinx build: the translation-review tool.
NOT_IN_BUILDS = ("review",)


def digest(paths: Iterable[Path]) -> str:
    """SHA-256 of the files' names (relative to the package) and contents."""
    hashed = hashlib.sha256()
    for path in sorted(paths):
        hashed.update(path.relative_to(PACKAGE).as_posix().encode("utf-8") + b"\0")
        hashed.update(path.read_bytes() + b"\0")
    return hashed.hexdigest()


def build_code() -> list[Path]:
    """The package's code and catalog, but the review tool: all that can
    change what a build writes, and a few modules that run after Sphinx
    (dist, publish): an edit to one of those costs a full rebuild, while a
    module left out by mistake would cost stale pages."""
    return [path for pattern in ("*.py", "*.po") for path in PACKAGE.rglob(pattern)
            if path.relative_to(PACKAGE).parts[0] not in NOT_IN_BUILDS]


def env_version() -> int:
    """cakedoc's ``env_version``: a number that changes with its code."""
    return int(digest(build_code())[:15], 16)


def setup(app: Sphinx) -> dict[str, Any]:
    # One env_version for all of cakedoc's modules, from their code: any
    # change to it makes Sphinx read and write every page again.  Also on
    # the app, for the caches kept beside the environment (cakedoc.build.
    # written, cakedoc.glossary.entries): what they hold is this code's.
    app.cake_code_version = env_version()
    return {"version": "1.0", "env_version": app.cake_code_version,
            "parallel_read_safe": True, "parallel_write_safe": True}
