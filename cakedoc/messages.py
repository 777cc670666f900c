"""The guide's own UI strings, through Sphinx's gettext machinery (``sphinx.locale``).

Each module writes its strings in English, wrapped in :data:`_`; their
Chinese is in ``cakedoc/locale/zh_CN/LC_MESSAGES/cakedoc.po``, the catalog a
translator edits (beside ``sphinx.po``, which translates furo's and Sphinx's
own strings).  In a Sphinx build :data:`_` gives a lazy string, translated
into the build's language when it is used; tools outside Sphinx that write
both languages (the root 404 page) ask :func:`gettext` for one language.

Sphinx compiles only its own domain's catalogs; this one is compiled here
(``cakedoc.mo``, not kept in git) when its ``.po`` is newer, with Babel,
which Sphinx itself uses for this.
"""

from __future__ import annotations

import gettext as stdlib_gettext
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.locale import get_translation

if TYPE_CHECKING:
    from sphinx.application import Sphinx

DOMAIN = "cakedoc"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

#: ``_("Example")``: the message in the language of the build that uses it.
_ = get_translation(DOMAIN)


def compile_catalogs() -> None:
    """Write each language's ``cakedoc.mo`` from its ``.po`` where it is older.

    Atomic (a temporary file renamed), because both languages' builds may
    run it at the same time."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo = po.with_suffix(".mo")
        if mo.is_file() and mo.stat().st_mtime_ns >= po.stat().st_mtime_ns:
            continue
        with po.open("rb") as stream:
            catalog = read_po(stream, locale=po.parent.parent.name)
        handle, temporary = tempfile.mkstemp(dir=po.parent, prefix=f".{DOMAIN}-", suffix=".mo")
        with os.fdopen(handle, "wb") as stream:
            write_mo(stream, catalog)
        os.replace(temporary, mo)


@cache
def translations(sphinx_language: str) -> stdlib_gettext.NullTranslations:
    compile_catalogs()
    return stdlib_gettext.translation(DOMAIN, LOCALE_DIR, [sphinx_language], fallback=True)


def gettext(message: str, sphinx_language: str) -> str:
    """*message* in one language, outside a Sphinx build."""
    return translations(sphinx_language).gettext(message)


def setup(app: Sphinx) -> dict[str, Any]:
    compile_catalogs()
    app.add_message_catalog(DOMAIN, str(LOCALE_DIR))
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
