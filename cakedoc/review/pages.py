"""The project's two languages and its page pairs, found by rule.

The counterpart of ``docs/<source>/x.md`` is ``docs/<translation>/x.md``;
which language is the source is a setting (``SOURCE_LANGUAGE`` in the
Makefile, ``--source`` on the command line), the other one of the guide's
two languages is the translation.  A page on one side only is a finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cakedoc.glossary.stubs import is_generated
from cakedoc.languages import LANGUAGES
from cakedoc.review.findings import ERROR, Finding


class SettingError(Exception):
    """A wrong setting or argument: the message says what to do."""


@dataclass(frozen=True)
class Project:
    root: Path
    source: str  #: "zh": the language the guide is written in
    translation: str  #: "en": the language that follows it

    @classmethod
    def create(cls, root: Path, source: str) -> Project:
        if source not in LANGUAGES:
            raise SettingError(f"source language {source!r} is not one of the guide's "
                               f"languages ({', '.join(LANGUAGES)}); set SOURCE_LANGUAGE")
        others = [code for code in LANGUAGES if code != source]
        if len(others) != 1:
            raise SettingError(f"expected two languages, found {', '.join(LANGUAGES)}")
        if not (root / "docs" / source).is_dir():
            raise SettingError(f"{root / 'docs' / source} does not exist: is {root} the project root?")
        return cls(root.resolve(), source, others[0])

    @property
    def glossary(self) -> Path:
        return self.root / "glossary"

    def page_file(self, lang: str, page: str) -> Path:
        return self.root / "docs" / lang / f"{page}.md"

    def sidecar(self, page: str) -> Path:
        """The review record of a page, beside its translation."""
        return self.root / "docs" / self.translation / f"{page}.review.yaml"

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def pages(self, lang: str) -> set[str]:
        folder = self.root / "docs" / lang
        # README.md files are notes for authors; Sphinx excludes them too.
        # The glossary's generated pages are no pages of an author's: the
        # review checks the entries themselves (glossary/*.md).
        found = {path.relative_to(folder).with_suffix("").as_posix()
                 for path in folder.rglob("*.md") if path.name != "README.md"}
        return {page for page in found if not is_generated(page)}

    def all_pages(self) -> list[str]:
        return sorted(self.pages(self.source) | self.pages(self.translation))


def missing_counterparts(project: Project, page: str) -> list[Finding]:
    """A finding if *page* exists in one language only, at the existing file."""
    found = []
    for have, lack in ((project.source, project.translation), (project.translation, project.source)):
        if project.page_file(have, page).is_file() and not project.page_file(lack, page).is_file():
            found.append(Finding(
                ERROR, "counterpart", project.relative(project.page_file(have, page)), 1,
                f"page has no {LANGUAGES[lack].name} counterpart: create "
                f"{project.relative(project.page_file(lack, page))} with the same blocks",
                page=page))
    return found
