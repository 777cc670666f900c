"""``translations.js``: only the messages the site's scripts ask for, in UTF-8.

Every zh page loads it; Sphinx ships its whole catalog, 60 messages of
which the scripts use 8 (4.4 KB down to under 1 KB), as ``\\uXXXX`` escapes,
and its zh text says 您 where the guide says 你: each kept message is
translated through the guide's catalog (cakedoc/locale).

Reads Sphinx 9.0.4's file format (``Documentation.addTranslations({...})``)
with a regular expression; a file of another shape is left whole, and
tests/test_weight.py's check of the zh translations.js then fails.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.locale import get_translator

#: A message a script asks for: _("…"), gettext("…") or ngettext("…", "…", n).
SCRIPT_MESSAGE = re.compile(
    r'(?:\b_|\bgettext|\bngettext)\(\s*"((?:[^"\\]|\\.)*)"(?:\s*,\s*"((?:[^"\\]|\\.)*)")?')
TRANSLATIONS = re.compile(r"Documentation\.addTranslations\((.*)\);?\s*$", re.S)


def script_messages(static: Path) -> dict[str, str | None]:
    """The messages the scripts in *static* ask to translate, each with its
    plural (ngettext) or None."""
    used: dict[str, str | None] = {}
    for script in static.rglob("*.js"):
        if script.name == "translations.js":
            continue
        for match in SCRIPT_MESSAGE.finditer(script.read_text(encoding="utf-8")):
            singular, plural = (None if text is None else json.loads(f'"{text}"')
                                for text in match.groups())
            used[singular] = plural
    return used


def trim_translations_js(app: Sphinx, exception: Exception | None) -> None:
    """Keep the messages of translations.js that a script uses, in UTF-8,
    translated by the guide's catalog where it has them (Sphinx's zh
    catalog says 您; the guide says 你)."""
    static = app.builder.outdir / "_static"
    path = static / "translations.js"
    if exception is not None or app.builder.format != "html" or not path.is_file():
        return
    wrapped = TRANSLATIONS.search(path.read_text(encoding="utf-8"))
    if wrapped is None:  # not Sphinx's format: leave it whole
        return
    catalog = json.loads(wrapped.group(1))
    translator = get_translator("sphinx")
    messages = {}
    for singular, plural in sorted(script_messages(static).items()):
        if singular not in catalog["messages"]:
            continue
        if plural is None:
            messages[singular] = translator.gettext(singular)
        else:  # one form per plural_expr value; Chinese has one
            messages[singular] = [translator.ngettext(singular, plural, count)
                                  for count in range(1, len(catalog["messages"][singular]) + 1)]
    catalog["messages"] = messages
    text = json.dumps(catalog, ensure_ascii=False, indent=1, sort_keys=True)
    path.write_text(f"Documentation.addTranslations({text});\n", encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("build-finished", trim_translations_js)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
