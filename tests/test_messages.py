"""Every UI string of cakedoc's code has its Chinese in cakedoc.po.

A string wrapped in ``_()`` (or listed in a module's MESSAGES) with no
translation would show English on the Chinese site, silently.
"""

from __future__ import annotations

import ast
from pathlib import Path

from babel.messages.pofile import read_po

from cakedoc import messages
from conftest import ROOT


def ui_strings(source: str) -> set[str]:
    """The literal messages of ``_("…")`` calls and of a ``MESSAGES`` dict."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"
                and node.args and isinstance(node.args[0], ast.Constant)):
            found.add(node.args[0].value)
        if (isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "MESSAGES"
                                                 for t in node.targets)
                and isinstance(node.value, ast.Dict)):
            found |= {value.value for value in node.value.values if isinstance(value, ast.Constant)}
    return found


def untranslated(strings: set[str], po: Path) -> list[str]:
    with po.open("rb") as stream:
        catalog = read_po(stream)
    return sorted(s for s in strings if not (catalog.get(s) and catalog.get(s).string))


def test_every_ui_string_has_its_chinese() -> None:
    strings = set()
    for path in (ROOT / "cakedoc").rglob("*.py"):
        strings |= ui_strings(path.read_text(encoding="utf-8"))
    assert len(strings) >= 10, strings  # the scan found the modules' strings
    po = messages.LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / f"{messages.DOMAIN}.po"
    assert untranslated(strings, po) == []


def test_a_string_missing_from_the_catalog_is_reported() -> None:
    strings = ui_strings('MESSAGES = {"a": "Page not found"}\nlabel = _("Not in the catalog")\n')
    po = messages.LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / f"{messages.DOMAIN}.po"
    assert untranslated(strings, po) == ["Not in the catalog"]


def test_gettext_outside_sphinx_gives_each_language() -> None:
    assert messages.gettext("Page not found", "zh_CN") == "找不到这个页面"
    assert messages.gettext("Page not found", "en") == "Page not found"
