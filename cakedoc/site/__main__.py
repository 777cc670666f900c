"""Publishing, the one entry point: what the Makefile does after Sphinx.

    python -m cakedoc.site check-base-url BASE_URL
    python -m cakedoc.site publish BUILDDIR [BASE_URL]
    python -m cakedoc.site republish BUILDDIR
    python -m cakedoc.site dist BUILDDIR

``check-base-url`` — before any build starts, so a mistyped ``BASE_URL`` is
one clear line rather than two Sphinx builds failing.

``publish`` — after both languages have built into ``BUILDDIR/staging/html``:
adds what spans both languages (the landing page, the root files), the
PDFs and EPUBs of the last good ``make pdf`` and ``make epub`` (the pages'
download links), and swaps the
whole into ``BUILDDIR/html`` atomically.  Nothing is published unless every
step succeeded.

``republish`` — after ``make pdf`` or ``make epub``: the published site
again with the new books in it; never the staging tree, which may be what a failed or killed
build left behind.

``dist`` — the published site as the offline bundle in ``BUILDDIR/dist``.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from cakedoc.dates import source_epoch
from cakedoc.epub import EPUB_DIR
from cakedoc.pdf.latex import PDF_DIR
from cakedoc.site import atomic, dist, landing, root_files, siteurl
from cakedoc.source import remote

USAGE = __doc__.split("\n\n")[1]


class UsageError(Exception):
    """The command line is not one of USAGE's."""


#: The downloads the pages link to: (folder in the site, built files).
DOWNLOADS = ((PDF_DIR, "pdf/*.pdf"), (EPUB_DIR, "epub/*.epub"))


def add_downloads(site: Path, builddir: Path) -> None:
    """Put the PDFs and EPUBs of the last good ``make pdf`` and ``make epub``
    (if any) into *site*, where the pages' download links point."""
    for folder, pattern in DOWNLOADS:
        shutil.rmtree(site / folder, ignore_errors=True)
        books = sorted(builddir.glob(pattern))
        if books:
            (site / folder).mkdir()
            for book in books:
                shutil.copy2(book, site / folder / book.name)


def check_root_pages(site: Path) -> None:
    """The pages written here, outside Sphinx, load nothing from another host
    either (cakedoc.source.remote checks what Sphinx writes)."""
    problems = [f"{page}:{line}: {remote.message(what, url)}"
                for page in sorted(site.glob("*.html"))
                for line, what, url in remote.html_resources(page.read_text(encoding="utf-8"))]
    if problems:
        raise ValueError("\n".join(problems))


def publish(builddir: Path, base: str) -> None:
    site = builddir / "staging" / "html"
    landing.write(site)
    root_files.publish_root(site, base)
    check_root_pages(site)
    add_downloads(site, builddir)
    atomic.publish(site, builddir / "html")


def books(paths: list[Path]) -> dict[str, tuple[int, int]]:
    """Each book's name and (size, modification time): copies keep both."""
    return {path.name: (path.stat().st_size, path.stat().st_mtime_ns) for path in paths}


def republish(builddir: Path) -> None:
    published = builddir / "html"
    if published.is_dir() and all(
            books(sorted(builddir.glob(pattern))) == books(sorted((published / folder).glob("*")))
            for folder, pattern in DOWNLOADS):
        return  # the site already holds these very books: nothing to copy
    copy = builddir / "staging" / "republish"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(builddir / "html", copy, symlinks=True)
    add_downloads(copy, builddir)
    atomic.publish(copy, builddir / "html")
    shutil.rmtree(copy)


def run(command: str, args: list[str]) -> None:
    if command == "check-base-url" and len(args) == 1:
        siteurl.normalize(args[0])
    elif command == "publish" and len(args) in (1, 2):
        publish(Path(args[0]), siteurl.normalize(args[1] if len(args) == 2 else ""))
    elif command == "republish" and len(args) == 1:
        republish(Path(args[0]))
    elif command == "dist" and len(args) == 1:
        builddir = Path(args[0])
        dist.make_dist(builddir / "html", builddir / "dist", source_epoch())
    else:
        raise UsageError(command)


def main(argv: list[str]) -> int:
    try:
        run(argv[1] if len(argv) > 1 else "", argv[2:])
    except UsageError:
        print(f"usage:\n{USAGE}", file=sys.stderr)
        return 2
    except (ValueError, OSError, landing.LandingError, root_files.PublishingError,
            dist.DistError) as error:
        print(f"cakedoc.site: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
