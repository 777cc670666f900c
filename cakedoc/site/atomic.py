"""Publish a finished build atomically: readers never see a half-built site.

Sphinx builds into STAGING (kept between runs, so rebuilds stay incremental).
Only after every step succeeded is it published (``python -m cakedoc.site
publish``): STAGING is copied next to PUBLISHED (files PUBLISHED already
holds unchanged are hard-linked, not copied) and swapped in with two
renames, so after any failure PUBLISHED still holds the previous complete
output, byte for byte.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

#: Sphinx's bookkeeping, not part of what readers get.
IGNORED = shutil.ignore_patterns(".doctrees", "__pycache__", ".llms-stamp", ".llms-cache")


def unchanged_linked(published: Path, fresh: Path) -> Callable[[str, str], str]:
    """A copy function for ``copytree(staging, fresh)`` that hard-links a
    file from the published tree when that holds it unchanged (the same size
    and modification time, which ``copy2`` keeps), and copies it otherwise.

    Publishing after a one-page edit then costs a link per file, not a copy
    of the whole site.  Safe because a published file is never written in
    place: the published tree is only ever replaced whole, by the renames
    below, so the link never sees a change; staging files, which Sphinx
    rewrites in place, are only ever copied."""
    def copy(source: str, target: str) -> str:
        old = published / Path(target).relative_to(fresh)
        try:
            new_status, old_status = os.stat(source), os.stat(old)
        except FileNotFoundError:
            return shutil.copy2(source, target)
        if (new_status.st_size, new_status.st_mtime_ns) == (old_status.st_size, old_status.st_mtime_ns):
            os.link(old, target)
            return target
        return shutil.copy2(source, target)
    return copy


def publish(staging: Path, published: Path) -> None:
    if not staging.is_dir():
        raise FileNotFoundError(f"nothing to publish: {staging} does not exist")
    fresh = published.with_name(published.name + ".new")
    retired = published.with_name(published.name + ".old")
    # Leftovers of a run killed half-way: a retired tree with nothing
    # published means it died between the two renames; put it back first.
    if retired.exists() and not published.exists():
        os.rename(retired, published)
    for leftover in (fresh, retired):
        if leftover.exists():
            shutil.rmtree(leftover)
    shutil.copytree(staging, fresh, ignore=IGNORED, copy_function=unchanged_linked(published, fresh))
    if published.exists():
        os.rename(published, retired)
    os.rename(fresh, published)
    if retired.exists():
        shutil.rmtree(retired)
