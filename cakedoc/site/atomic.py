"""Publish a finished build atomically: readers never see a half-built site.

    python -m cakedoc.site.atomic STAGING PUBLISHED

Sphinx builds into STAGING (kept between runs, so rebuilds stay incremental).
Only after every step succeeded does the Makefile call this: STAGING is copied
next to PUBLISHED and swapped in with two renames, so after any failure
PUBLISHED still holds the previous complete output, byte for byte.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

#: Sphinx's bookkeeping, not part of what readers get.
IGNORED = shutil.ignore_patterns(".doctrees", "__pycache__", ".llms-stamp", ".llms-cache")


def publish(staging: Path, published: Path) -> None:
    if not staging.is_dir():
        raise SystemExit(f"cakedoc.site.atomic: nothing to publish: {staging} does not exist")
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


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: python -m cakedoc.site.atomic STAGING PUBLISHED", file=sys.stderr)
        return 2
    publish(Path(argv[1]), Path(argv[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
