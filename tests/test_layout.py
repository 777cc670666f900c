"""The README's layout names every module of cakedoc, so none goes unlisted."""

from __future__ import annotations

import re

from conftest import ROOT

PACKAGE = ROOT / "cakedoc"


def layout_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Layout\n(.*?)^## ", readme, re.M | re.S)
    assert match, "README.md has no '## Layout' section"
    return match.group(1)


def modules() -> list[str]:
    """Every module and sub-package of cakedoc, as paths below it."""
    found = [path.relative_to(PACKAGE) for path in PACKAGE.rglob("*.py")
             if path.name != "__init__.py" and "__pycache__" not in path.parts]
    found += [path.relative_to(PACKAGE) for path in PACKAGE.rglob("__init__.py")
              if path.parent != PACKAGE]
    assert len(found) > 20, found
    return sorted(str(path) for path in found)


def unnamed(layout: str, module_paths: list[str]) -> list[str]:
    """The modules whose name (a sub-package's as ``name/``) is not a word of *layout*."""
    missing = []
    for module in module_paths:
        parts = module.split("/")
        name = f"{parts[-2]}/" if parts[-1] == "__init__.py" else parts[-1].removesuffix(".py")
        if not re.search(rf"(?<![\w/]){re.escape(name)}(?!\w)", layout):
            missing.append(module)
    return missing


def test_every_module_is_named_in_the_readme_layout() -> None:
    missing = unnamed(layout_section(), modules())
    assert not missing, f"README.md's layout does not name: {missing}"


def test_a_module_named_only_inside_a_longer_word_is_unnamed() -> None:
    layout = "  site/  llms (llms.txt), landing\n"
    assert unnamed(layout, ["site/llms.py", "site/__init__.py", "site/landing.py"]) == []
    assert unnamed(layout, ["site/llm.py", "site/land.py", "sit/__init__.py"]) == [
        "site/llm.py", "site/land.py", "sit/__init__.py"]
