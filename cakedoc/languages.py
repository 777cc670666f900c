"""The guide's two languages, and the settings that depend on which one a build is for.

Each language is its own Sphinx build (``-D language=zh_CN`` or ``en``).  A
``-D`` override is not visible while ``conf.py`` runs, so everything that
differs between the languages is set here, in a ``config-inited`` handler.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.errors import ConfigError

if TYPE_CHECKING:
    # Types only: the translation review reads LANGUAGES without Sphinx.
    from sphinx.application import Sphinx
    from sphinx.config import Config


@dataclass(frozen=True)
class Language:
    """One language of the guide."""

    code: str  #: folder name under docs/ and the HTML output: "zh", "en"
    sphinx: str  #: Sphinx's ``language`` value
    bcp47: str  #: for ``<html lang>`` and ``hreflang``
    name: str  #: the language's name in itself, for the language switch
    title: str  #: the guide's title in this language
    subtitle: str  #: names the essay the guide explains
    author: str  #: who the guide is by, in this language


LANGUAGES: dict[str, Language] = {
    "zh": Language(
        code="zh",
        sphinx="zh_CN",
        bcp47="zh-CN",
        name="中文",
        title="AI 五层蛋糕",
        subtitle="读懂黄仁勋《AI 是个五层蛋糕》：能源、芯片、基础设施、模型、应用",
        author="《AI 五层蛋糕》编写组",
    ),
    "en": Language(
        code="en",
        sphinx="en",
        bcp47="en",
        name="English",
        title="The Five-Layer Cake",
        subtitle="A guide to Jensen Huang's essay “AI Is a Five-Layer Cake”: energy, chips, infrastructure, models, applications",
        author="The Five-Layer Cake authors",
    ),
}


def language_of(config: Config) -> Language:
    """The guide language a build is for, from Sphinx's ``language`` setting."""
    for language in LANGUAGES.values():
        if config.language == language.sphinx:
            return language
    known = ", ".join(lang.sphinx for lang in LANGUAGES.values())
    raise ConfigError(
        f"cakedoc: language {config.language!r} is not one of the guide's languages "
        f"({known}); build with -D language=<one of them>"
    )


def counterparts(config: Config) -> list[Language]:
    """The other languages of the guide, for a build's language."""
    this = language_of(config)
    return [lang for lang in LANGUAGES.values() if lang != this]


def apply_language_settings(app: Sphinx, config: Config) -> None:
    language = language_of(config)
    config.project = language.title
    config.html_title = language.title
    config.author = language.author
    # A fixed year, not the clock: two builds must give the same bytes.
    config.copyright = f"2026, {language.author}"
    if language.code == "zh":
        # Sphinx would otherwise reload jieba's whole dictionary as a user
        # dictionary (~2.3 s per build) for the same index.
        config.html_search_options = {"dict": ""}
    if config.cake_source_language not in LANGUAGES:
        raise ConfigError(
            f"cakedoc: cake_source_language = {config.cake_source_language!r} "
            f"is not one of {sorted(LANGUAGES)}"
        )


def add_page_context(app: Sphinx, pagename: str, templatename: str,
                     context: dict[str, Any], doctree: Any) -> None:
    language = language_of(app.config)
    context["cake_language"] = language
    context["cake_languages"] = LANGUAGES


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("cake_source_language", "zh", "env", types=[str])
    app.connect("config-inited", apply_language_settings, priority=400)
    app.connect("html-page-context", add_page_context)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
