"""Sign off a page, or one block of it, after a person has checked the pair.

    make review-accept PAGE=chips            every block of the page
    make review-accept PAGE=chips BLOCK=12   block 12 only

The reviewer is git's author identity (``git config user.name``, or
``GIT_AUTHOR_NAME``), the date is today's (UTC): this is a record of an act,
not build output.  Only blocks that have a counterpart of the same kind can
be signed off: a misaligned page is fixed first.
"""

from __future__ import annotations

import datetime
import subprocess

from cakedoc.review.align import align, alignment_findings
from cakedoc.review.blocks import split
from cakedoc.review.pages import Project, SettingError
from cakedoc.review.staleness import SidecarError, read, signed, write


def reviewer(project: Project) -> str:
    """Who signs off: git's author name, as a commit would record it."""
    try:
        ident = subprocess.run(["git", "var", "GIT_AUTHOR_IDENT"], cwd=project.root,
                               capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        raise SettingError("no reviewer: set your name with `git config user.name \"…\"` "
                           f"(git var GIT_AUTHOR_IDENT failed: {error})") from None
    name = ident.split("<", 1)[0].strip()
    if not name:
        raise SettingError("no reviewer: set your name with `git config user.name \"…\"`")
    return name


def accept(project: Project, page: str, block: int | None = None) -> str:
    """Record the sign-off; returns what was done, for the terminal."""
    source_file = project.page_file(project.source, page)
    translation_file = project.page_file(project.translation, page)
    for path in (source_file, translation_file):
        if not path.is_file():
            raise SettingError(f"{project.relative(path)} does not exist: PAGE is a path "
                               f"under docs/{project.source}/ without .md, e.g. PAGE=chips")
    source, translation = split(source_file), split(translation_file)
    if block is not None and not 1 <= block <= len(source):
        raise SettingError(f"{project.relative(source_file)} has blocks 1 to {len(source)}, "
                           f"not {block}")
    pairs = align(source, translation)
    broken = alignment_findings(pairs, project.relative(source_file),
                                project.relative(translation_file), page,
                                len(translation_file.read_text(encoding="utf-8").splitlines()))
    if block is not None:
        broken = [f for f in broken if f.block == block]
    if broken:
        raise SettingError("cannot sign off blocks that have no counterpart of the same kind; "
                           "fix the alignment first:\n" + "\n".join(
                               f"{f.location}: {f.severity}: {f.message}" for f in broken))
    sidecar = project.sidecar(page)
    shown = project.relative(sidecar)
    try:
        records = read(sidecar, shown) or []
    except SidecarError as error:
        raise SettingError(f"{error}; fix or delete it, then sign off again") from None
    which = {block} if block is not None else {b.index for b in source}
    name = reviewer(project)
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    write(sidecar, signed(source, records, which, name, today), page, project.relative(source_file),
          project.relative(translation_file))
    what = f"block {block}" if block is not None else f"all {len(source)} blocks"
    return f"review-accept: {name} signed off {what} of {page} in {shown}"
