"""Each glossary entry's own address, ``glossary/<id>.html``, sent on to its sheet.

Why: until the glossary was cut into sheets (cakedoc.glossary.stubs) every
entry had a page of its own at this address, and bookmarks, other sites
and the glossary page's script for older addresses (cakedoc.glossary.pages)
lead there.  Which sheet holds an entry changes as the glossary grows; this
address does not, so it is the one to cite.

A redirect is a small static file, not a Sphinx document: 1,600 more
documents were what the sheets saved.  It is written at ``build-finished``
by an HTML build that splits the glossary, and only when its bytes differ;
a stamp beside the environment (a digest of what decides them: members.txt,
the sheet size, the builder, the code) lets a build in which no entry was
added, removed, moved or renamed skip even rendering them.  Each is noted as a page
this build wrote, so cakedoc.build.prune keeps it and deletes the
redirect of an entry that is gone.

A redirect works without scripts (``<meta http-equiv="refresh">``, which
keeps the target's ``#term-<id>``) and, with them, leaves no step in the
history (``location.replace``); ``noindex`` keeps it out of search engines,
which index the sheet.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from cakedoc.glossary import stubs
from cakedoc.glossary.directive import anchor
from cakedoc.glossary.entries import Entry, GlossaryError
from cakedoc.languages import language_of

#: Beside the environment: the digest of the redirects last written.
STAMP = "cake-glossary-redirects.txt"
PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={target}">
<title>{name}</title>
<script>location.replace({target_js});</script>
</head>
<body>
<p><a href="{target}">{name}</a></p>
</body>
</html>
"""


def redirect_pages(app: Sphinx, entries: dict[str, Entry]) -> dict[str, str]:
    """Each entry's pagename (``glossary/hbm``) and the HTML it gets."""
    builder = app.builder
    lang = language_of(app.config)
    sheet_of = stubs.sheet_of(entries, app.config.cake_glossary_sheet_size)
    pages = {}
    for entry_id, sheet in sorted(sheet_of.items()):
        pagename = stubs.entry_address(entry_id)
        target = (relative_uri(builder.get_target_uri(pagename), builder.get_target_uri(sheet))
                  + "#" + anchor(entry_id))
        pages[pagename] = PAGE.format(
            lang=lang.bcp47, target=html.escape(target), target_js=json.dumps(target),
            name=html.escape(entries[entry_id].display(lang.code)))
    return pages


def stamp(app: Sphinx) -> str:
    """What decides every redirect: the entries' ids, layers and names
    (members.txt), the sheet size, the builder and where it writes, and
    the code that writes them (cakedoc.build.codeversion)."""
    members = stubs.members_path(Path(app.srcdir)).read_bytes()
    decided = "\0".join((PAGE, app.builder.name, str(app.outdir), str(app.builder.link_suffix),
                         str(app.config.cake_glossary_sheet_size), language_of(app.config).code,
                         repr(stubs.code_version(app))))
    return hashlib.sha256(decided.encode() + b"\0" + members).hexdigest()


def all_present(paths: list[str]) -> bool:
    """Does every file exist?  One listing per folder, not a stat per file;
    paths as strings, not a Path each (1,725 a language at 40x the guide)."""
    listed: dict[str, set[str]] = {}
    for path in paths:
        folder, name = os.path.split(path)
        if folder not in listed:
            listed[folder] = set(os.listdir(folder)) if os.path.isdir(folder) else set()
        if name not in listed[folder]:
            return False
    return True


def write_redirects(app: Sphinx, exception: Exception | None) -> None:
    # members.txt is there when this build wrote the sheets (a site
    # without a glossary page gets none: cakedoc.glossary.stubs.prepare).
    if (exception is not None or not stubs.split(app.env)
            or not stubs.members_path(Path(app.srcdir)).is_file()):
        return
    try:
        entries = stubs.entries(app.config)
    except GlossaryError:
        return  # reported with its file and line by the glossary page
    pagenames = [stubs.entry_address(entry_id) for entry_id in entries]
    written = getattr(app.builder, "cake_written_pages", None)
    if written is not None:
        written.update(pagenames)  # cakedoc.build.prune keeps them
    # Builder.get_outfilename's file (Sphinx 9.0.4), as a string.
    outdir, suffix = str(app.builder.outdir), app.builder.out_suffix
    paths = {name: os.path.join(outdir, *name.split("/")) + suffix for name in pagenames}
    stamp_file, wanted = Path(app.doctreedir) / STAMP, stamp(app)
    # Rendering 1,600 redirects is most of this module's cost: not again
    # while nothing that decides them changed and every one is there.
    if (stamp_file.is_file() and stamp_file.read_text(encoding="utf-8") == wanted
            and all_present(list(paths.values()))):
        return
    for name, page in redirect_pages(app, entries).items():
        stubs.write_if_changed(Path(paths[name]), page)
    stamp_file.write_text(wanted, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("cakedoc.glossary.stubs")
    # Before cakedoc.build.prune (priority 500), which must see them noted.
    app.connect("build-finished", write_redirects, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
