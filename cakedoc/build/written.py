"""What the build wrote, read again only where it changed: per-file results kept between builds.

Some ``build-finished`` handlers look at every file in the output, not only
those this build wrote: the Pygments classes some page uses
(cakedoc.weight.stylesheets), the remote resources of every page and style
sheet (cakedoc.source.remote).  Reading 2,400 pages costs about a second
at 40× the guide's size, for a build that rewrote a handful.  So each
handler keeps, in a file beside the environment, the result for each
output file with the file's size and modification time, and computes it
again only for a file whose stamp differs (one ``stat`` per file).

Sound as long as a file that changes changes its stamp: Sphinx rewrites a
page at least one build later, far apart from the last write at the
clock's granularity (a few milliseconds), and a result is a function of the
file's bytes alone.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cakedoc.build import kept

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def output_files(outdir: Path, suffixes: Iterable[str]) -> list[str]:
    """The files under *outdir* with one of *suffixes*, as sorted relative paths."""
    wanted = tuple(suffixes)
    found = []
    for folder, _, names in os.walk(outdir):
        relative = os.path.relpath(folder, outdir)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        found += [prefix + name for name in names if name.endswith(wanted)]
    return sorted(found, key=lambda relative: relative.split("/"))  # as paths sort


def scanned(app: Sphinx, name: str, suffixes: Iterable[str],
            compute: Callable[[Path], Any]) -> dict[str, Any]:
    """``compute(path)`` for each file of the output folder with one of
    *suffixes*, by relative path; kept in the doctree folder's *name* by
    each file's stamp, for this version of cakedoc's code (another version
    may compute otherwise), and written again when something changed."""
    outdir, cache = Path(app.outdir), Path(app.doctreedir) / name
    version = app.cake_code_version  # cakedoc.build.codeversion
    saved_version, known = kept.load(cache, (None, {}))
    if saved_version != version:
        known = {}
    results, keep, changed = {}, {}, False
    root = str(outdir) + os.sep
    for relative in output_files(outdir, suffixes):
        # os.stat of a string: a Path per file cost as much as its stat
        # (2 × 5,000 files a build at 40× the guide).
        stat = os.stat(root + relative)
        stamp = (stat.st_size, stat.st_mtime_ns)
        if relative in known and known[relative][0] == stamp:
            result = known[relative][1]
        else:
            result, changed = compute(outdir / relative), True
        results[relative], keep[relative] = result, (stamp, result)
    if changed or keep.keys() != known.keys():
        kept.save(cache, (version, keep))
    return results
