"""Publish a finished build atomically: readers never see a half-built site.

Sphinx builds into STAGING (kept between runs, so rebuilds stay incremental).
Only after every step succeeded is it published (``python -m cakedoc.site
publish``): STAGING is copied next to PUBLISHED and swapped in with two renames, so after any failure
PUBLISHED still holds the previous complete output, byte for byte.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

#: Sphinx's bookkeeping, not part of what readers get.
IGNORED = shutil.ignore_patterns(".doctrees", "__pycache__", ".llms-stamp", ".llms-cache")


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
    shutil.copytree(staging, fresh, ignore=IGNORED)
    if published.exists():
        os.rename(published, retired)
    os.rename(fresh, published)
    if retired.exists():
        shutil.rmtree(retired)
