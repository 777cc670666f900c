"""Nothing on a page is loaded from another host: a remote resource fails the build.

The site promises that reading it makes no request off the machine.  A
remote image, stylesheet, font, ``@import``, script, media or frame source
would break that promise (and the offline bundle), so each is a warning
(``cake.remote``, fatal under ``-W``) naming where it was written:

* **in a page** (and the glossary entries it includes), as the page is
  read: an image (``![](https://…)``, ``{image}``, ``{figure}``) and, in raw
  HTML, every attribute that loads (``src``, ``srcset``, ``poster``,
  ``<link rel=stylesheet href>`` …) and every URL in CSS (``<style>``,
  ``style=``: ``url()``, ``@import``, ``image-set()``) — at the page's file
  and line;
* **in what surrounds the pages** — our templates, our static CSS, the
  theme, a setting such as ``html_css_files``, an extension — by reading
  every page and style sheet the build wrote, when it has finished: at the
  line of our template or style sheet that holds the URL, or else at the
  written file and line, since the theme or a setting put it there.

Links to other sites (``[text](https://…)``, ``<a href>``,
``<link rel=canonical|alternate>``) stay allowed: a browser does not load
them.  Remote means ``http:``, ``https:`` or ``//host`` (cakedoc.source.htmlscan).

Because every written file is checked on every build (an unchanged one by
what was found in it when it was last read, kept with its size and
modification time: cakedoc.build.written), a failed build fails again until
the mistake is gone, whatever Sphinx chose to rewrite.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.utils import get_source_line
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from cakedoc.build import written
from cakedoc.source import htmlscan

logger = logging.getLogger(__name__)

#: Attributes that load what they name, on any element.
LOADING_ATTRIBUTES = {"src", "poster", "background", "data", "lowsrc", "dynsrc", "codebase",
                      "archive", "manifest", "icon"}
SRCSET_ATTRIBUTES = {"srcset", "imagesrcset"}
#: Elements whose href (or xlink:href) is loaded, not followed: SVG's.
HREF_LOADED_BY = {"image", "use", "feimage", "script"}
#: <link rel=…> values that only name another page: nothing is fetched.
#: Any other rel (stylesheet, icon, preload, preconnect, manifest …) loads.
LINK_RELS_NOT_LOADED = {"alternate", "canonical", "author", "license", "help", "next", "prev",
                        "index", "top", "up", "first", "last", "bookmark", "me", "tag"}
ADVICE = ("copy the file into the project (an image next to the page, CSS or fonts "
          "in cakedoc/static/) and refer to it by a relative path")


def tag_resources(tag: htmlscan.Tag) -> list[tuple[str, str]]:
    """``(what, url)`` for every URL *tag* makes the browser load."""
    found = []
    for name, value in tag.attrs.items():
        if name in LOADING_ATTRIBUTES:
            found.append((f"<{tag.name} {name}>", value))
        elif name in SRCSET_ATTRIBUTES:
            found += [(f"<{tag.name} {name}>", url) for url in htmlscan.srcset_urls(value)]
        elif name in ("href", "xlink:href"):
            rels = set(tag.attrs.get("rel", "").lower().split())
            if tag.name in HREF_LOADED_BY or (tag.name == "link"
                                              and not rels <= LINK_RELS_NOT_LOADED):
                found.append((f"<{tag.name} {name}>", value))
    return found


def html_resources(text: str) -> list[tuple[int, str, str]]:
    """``(line, what, url)`` for every remote resource of HTML *text*."""
    tags, sheets = htmlscan.read(text)
    found = [(tag.line, what, url) for tag in tags for what, url in tag_resources(tag)]
    found += [(sheet.line + line - 1, "CSS", url)
              for sheet in sheets for line, url in htmlscan.css_urls(sheet.css)]
    return [(line, what, url) for line, what, url in found if htmlscan.is_remote(url)]


def css_resources(css: str) -> list[tuple[int, str, str]]:
    return [(line, "CSS", url) for line, url in htmlscan.css_urls(css) if htmlscan.is_remote(url)]


def message(what: str, url: str) -> str:
    return f"{what} loads {url} from another host; the site loads nothing from other hosts: {ADVICE}"


# -- in the pages, as they are read ------------------------------------------------

def check_page(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    seen: set[str] = set()
    for node in doctree.findall(nodes.image):
        uri = node.get("uri", "")
        if htmlscan.is_remote(uri):
            seen.add(uri)
            logger.warning(message("image", uri), location=node, type="cake", subtype="remote")
    for node in doctree.findall(nodes.raw):
        if "html" not in node.get("format", "").split():
            continue
        source, line = get_source_line(node)
        for offset, what, url in html_resources(node.astext()):
            seen.add(url)
            # A raw HTML block knows its first line; inline HTML only its paragraph's.
            location: Any = f"{source}:{line + offset - 1}" if node.line and source else node
            logger.warning(message(what, url), location=location, type="cake", subtype="remote")
    remote_in_pages(app.env)[docname] = seen


def remote_in_pages(env: BuildEnvironment) -> dict[str, set[str]]:
    """The remote URLs each page was warned about as it was read, so the
    check of the written pages does not name them a second time.  Sound
    because a page is never left unread with such a URL: its warning fails
    the build, and after a failed build cakedoc.build.recovery has every
    page read again."""
    if not hasattr(env, "cake_remote_urls"):
        env.cake_remote_urls = {}
    return env.cake_remote_urls


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    remote_in_pages(env).pop(docname, None)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str],
          other: BuildEnvironment) -> None:
    for docname in docnames:
        remote_in_pages(env)[docname] = remote_in_pages(other).get(docname, set())


# -- in what the build wrote --------------------------------------------------------

def our_sources(app: Sphinx) -> list[Path]:
    """Our templates and static files: where a URL in a written page came from."""
    folders = [Path(app.confdir, path) for path in
               [*app.config.templates_path, *app.config.html_static_path]]
    return sorted(path for folder in folders if folder.is_dir()
                  for path in folder.rglob("*") if path.is_file()
                  and path.suffix in (".html", ".css", ".svg", ".js"))


def written_at(url: str, sources: list[Path]) -> str | None:
    """``file:line`` of the first of *sources* whose text holds *url*."""
    for path in sources:
        for number, line in enumerate(path.read_text(encoding="utf-8",
                                                     errors="replace").splitlines(), 1):
            if url in line:
                return f"{path}:{number}"
    return None


#: Beside the environment: what each written page and style sheet holds.
FOUND = "cake-remote-resources.pickle"


def file_resources(path: Path) -> list[tuple[int, str, str]]:
    """The remote resources of one written page or style sheet: (line, what, url)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    return html_resources(text) if path.suffix == ".html" else css_resources(text)


def check_written(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    by_file = written.scanned(app, FOUND, [".html", ".css"], file_resources)
    # Reported where they were read; see remote_in_pages.
    from_pages = set().union(*remote_in_pages(app.env).values())
    # url -> (what, first written file:line, how many files)
    found: dict[str, list[Any]] = {}
    for path, line, what, url in ((outdir / relative, *item)
                                  for relative, items in by_file.items() for item in items):
        if url in from_pages:
            continue
        entry = found.setdefault(url, [what, f"{path}:{line}", 0])
        entry[2] += 1
    sources = our_sources(app)
    for url, (what, first, count) in found.items():
        origin = written_at(url, sources)
        if origin:
            text = message(what, url)
        else:
            origin = first
            text = (message(what, url) + f" (put there by the theme, a setting such as "
                    f"html_css_files, or an extension; in {count} written file(s))")
        logger.warning(text, location=origin, type="cake", subtype="remote")


def setup(app: Sphinx) -> dict[str, Any]:
    # Before Sphinx's image collector (priority 500), which turns //host/x.png
    # into a path under the source folder.
    app.connect("doctree-read", check_page, priority=400)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    # Late: after every module that writes or rewrites files at the end
    # (cakedoc.weight, cakedoc.build.prune, the 404 page …).
    app.connect("build-finished", check_written, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
