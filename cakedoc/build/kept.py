"""A value kept between builds in a file: read back whole, or not at all.

The caches that make a rebuild cost what it changed, not what the book
holds (issue #17: the parsed glossary, the search statistics' state, what
each written page holds, each page's plain text) keep their value in one
pickle file each, beside the environment or the output.  A missing or
unreadable file is no value (the caller computes afresh); a file is
replaced whole (written to a temporary name first), so a build stopped
half-way never leaves half a value.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

#: What a missing, truncated or foreign file raises when unpickled.
UNREADABLE = (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError,
              AttributeError, ImportError, IndexError)


def load(path: Path, default: Any = None) -> Any:
    """The value kept in *path*, or *default*."""
    try:
        with path.open("rb") as stream:
            return pickle.load(stream)
    except UNREADABLE:
        return default


def save(path: Path, value: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with staged.open("wb") as stream:
        pickle.dump(value, stream, pickle.HIGHEST_PROTOCOL)
    os.replace(staged, path)


def file_stamp(path: Path) -> tuple[int, int] | None:
    """(size, mtime in ns) of *path*, or None: whether a file a kept value
    describes is still the one it was made from."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns
